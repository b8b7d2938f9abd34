import json
import re

import pytest

from articles.models import Story
from newsroom import structured_data
from newsroom.templatetags.structured_data import json_ld
from people.models import Officer, TrainingProgramme
from tests.factories import (
    AwardConferralFactory,
    MediaContactFactory,
    OfficerFactory,
    OrganisationFactory,
    PhotoFactory,
    StoryFactory,
    TrainingProgrammeFactory,
    image_upload,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"


def parse_json_ld(html):
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', str(html), re.S)
    assert match, html
    return json.loads(match.group(1))


def test_news_article_carries_the_story_facts():
    story = StoryFactory(
        headline="Officers recognised",
        standfirst="Two officers receive an award.",
        dateline_place="Morelia (Mexico)",
        lead_photo=PhotoFactory(),
        tags=["awards"],
    )
    data = structured_data.news_article(Story.objects.for_detail().get(pk=story.pk))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Officers recognised"
    assert data["description"] == "Two officers receive an award."
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"] == story.updated_at.isoformat()
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["logo"]["url"].startswith(BASE + "/static/")
    assert data["author"]["name"] == "United Nations Office on Drugs and Crime"
    assert data["image"][0]["url"] == BASE + story.lead_photo.image.url
    assert data["locationCreated"] == {"@type": "Place", "name": "Morelia (Mexico)"}
    assert data["keywords"] == ["awards"]


def test_news_article_mentions_only_officers_with_consent():
    public = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    private = OfficerFactory(full_name="Private Person", without_consent=True)
    story = StoryFactory(officers=[public, private])
    data = structured_data.news_article(Story.objects.for_detail().get(pk=story.pk))
    assert [person["name"] for person in data["mentions"]] == ["Alejandra Ruíz Ortiz"]
    assert "Private Person" not in json.dumps(data)


def test_person_carries_job_title_employer_and_awards():
    officer = OfficerFactory(rank="Officer", institution=OrganisationFactory(name="State Police"))
    AwardConferralFactory(officer=officer, award__name="Social Merit Award")
    data = structured_data.person(Officer.objects.for_profile().get(pk=officer.pk))
    assert data["@type"] == "Person"
    assert data["jobTitle"] == "Officer"
    assert data["worksFor"]["name"] == "State Police"
    assert data["award"] == ["Social Merit Award"]
    assert data["url"] == BASE + officer.get_absolute_url()


def test_programme_is_an_educational_occupational_program_with_its_provider():
    unodc = OrganisationFactory(name="United Nations Office on Drugs and Crime", acronym="UNODC")
    programme = TrainingProgrammeFactory(lead_organisation=unodc, start_year=2017)
    programme.partners.add(unodc)
    data = structured_data.programme(TrainingProgramme.objects.for_page().get(pk=programme.pk))
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["provider"]["alternateName"] == "UNODC"
    assert data["startDate"] == "2017"


def test_json_ld_cannot_be_broken_out_of():
    html = json_ld({"headline": "</script><script>alert(1)</script> & <!--"})
    assert html.count("</script>") == 1
    assert parse_json_ld(html)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_article_image_is_the_widest_jpeg_rendition_once_made(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(image=image_upload(size=(2400, 1600)))
    photo.refresh_from_db()
    story = StoryFactory(lead_photo=photo)
    data = structured_data.news_article(Story.objects.for_detail().get(pk=story.pk))
    widest = photo.rendition_set.fallback[-1]
    assert data["image"][0]["url"] == BASE + widest.url
    assert (data["image"][0]["width"], data["image"][0]["height"]) == (1920, 1280)


def test_a_corrected_story_carries_its_corrections_as_correction_comments():
    from tests.factories import CorrectionFactory

    story = StoryFactory()
    CorrectionFactory(story=story, text="The programme began in 2017, not 2016.")

    data = structured_data.news_article(Story.objects.for_detail().get(pk=story.pk))

    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The programme began in 2017, not 2016.",
            "datePublished": story.corrections.get().created_at.isoformat(),
        }
    ]


# Media contacts: each is a contactPoint of the Organization they work for


def article_on_its_page(client, story):
    response = client.get(story.get_absolute_url())
    blocks = [
        json.loads(script.text)
        for script in page(response).find_all("script", type="application/ld+json")
    ]
    (article,) = [block for block in blocks if block.get("@type") == "NewsArticle"]
    return article


def test_a_contact_of_the_storys_publisher_is_a_contact_point_of_its_author(client):
    publisher = OrganisationFactory(name="State Public Security Secretariat")
    contact = MediaContactFactory(name="María López", organisation=publisher)
    story = StoryFactory(publisher=publisher, media_contacts=[contact])

    article = article_on_its_page(client, story)

    assert article["author"]["name"] == "State Public Security Secretariat"
    assert [point["name"] for point in article["author"]["contactPoint"]] == ["María López"]
    assert "contributor" not in article


def test_a_contact_of_the_site_publishers_own_organisation_is_its_authors(client):
    unodc = OrganisationFactory(name="United Nations Office on Drugs and Crime")
    story = StoryFactory(media_contacts=[MediaContactFactory(name="Ana Ruiz", organisation=unodc)])

    article = article_on_its_page(client, story)

    assert [point["name"] for point in article["author"]["contactPoint"]] == ["Ana Ruiz"]


def test_a_contact_of_another_organisation_is_that_organisations_contact_point(client):
    police = OrganisationFactory(
        name="State Police", acronym="SSP", website="https://ssp.example.gob.mx/"
    )
    contact = MediaContactFactory(
        name="Luis Pérez", organisation=police, email="prensa@ssp.example.gob.mx", phone=""
    )
    story = StoryFactory(media_contacts=[contact])

    article = article_on_its_page(client, story)

    assert "contactPoint" not in article["author"]
    assert article["contributor"] == [
        {
            "@type": "Organization",
            "name": "State Police",
            "alternateName": "SSP",
            "url": "https://ssp.example.gob.mx/",
            "contactPoint": [
                {
                    "@type": "ContactPoint",
                    "contactType": "media relations",
                    "name": "Luis Pérez",
                    "email": "prensa@ssp.example.gob.mx",
                    "availableLanguage": ["Spanish", "English"],
                }
            ],
        }
    ]


def test_an_officers_employer_carries_its_media_contacts():
    police = OrganisationFactory(name="State Police")
    MediaContactFactory(name="Luis Pérez", organisation=police)
    officer = OfficerFactory(institution=police)

    data = structured_data.person(Officer.objects.for_profile().get(pk=officer.pk))

    assert [point["name"] for point in data["worksFor"]["contactPoint"]] == ["Luis Pérez"]


def test_a_programmes_provider_and_partners_carry_their_media_contacts():
    unodc, police = OrganisationFactory(name="UNODC"), OrganisationFactory(name="State Police")
    MediaContactFactory(name="Ana Ruiz", organisation=unodc)
    MediaContactFactory(name="Luis Pérez", organisation=police)
    programme = TrainingProgrammeFactory(lead_organisation=unodc)
    programme.partners.add(police)

    data = structured_data.programme(TrainingProgramme.objects.for_page().get(pk=programme.pk))

    assert [point["name"] for point in data["provider"]["contactPoint"]] == ["Ana Ruiz"]
    assert [point["name"] for point in data["funder"][0]["contactPoint"]] == ["Luis Pérez"]


def test_an_organisation_without_media_contacts_has_no_contact_point():
    officer = OfficerFactory(institution=OrganisationFactory(name="State Police"))
    MediaContactFactory(name="Someone Else")

    data = structured_data.person(Officer.objects.for_profile().get(pk=officer.pk))

    assert "contactPoint" not in data["worksFor"]
