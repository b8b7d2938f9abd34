"""Names given in Spanish (sections, publishers and organisations, awards, programmes, tags) are
shown on the Spanish site, everywhere, and the original wherever no Spanish name was given."""

import json

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from articles.models import TagTranslation
from tests.factories import (
    AwardFactory,
    OfficerFactory,
    OrganisationFactory,
    SectionFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db


def spanish(address_of):
    with translation.override("es"):
        return address_of()


@pytest.fixture
def named():
    """A story whose section, publisher, programme, award and tag have Spanish names."""
    section = SectionFactory(name="News", name_es="Noticias")
    publisher = OrganisationFactory(
        name="Ministry of Public Security", name_es="Secretaría de Seguridad Pública"
    )
    programme = TrainingProgrammeFactory(
        name="Strengthening Programme", name_es="Programa de Fortalecimiento"
    )
    award = AwardFactory(
        name="Social Merit Award",
        name_es="Premio al Mérito Social",
        awarding_organisation=publisher,
    )
    story = StoryFactory(
        section=section,
        publisher=publisher,
        programmes=[programme],
        awards=[award],
        tags=["police training"],
    )
    TagTranslation.objects.create(
        tag=Tag.objects.get(name="police training"), name_es="capacitación policial"
    )
    return story


def json_ld(html, kind):
    for script in html.find_all("script", type="application/ld+json"):
        data = json.loads(script.text)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


# Pages


def test_spanish_story_page_shows_every_name_in_spanish(client, named):
    html = page(client.get(f"/es{named.get_absolute_url()}"))
    text = html.text
    for name in [
        "Noticias",
        "Secretaría de Seguridad Pública",
        "Programa de Fortalecimiento",
        "Premio al Mérito Social",
        "capacitación policial",
    ]:
        assert name in text, name
    assert html.find("meta", property="article:section").attrs["content"] == "Noticias"
    assert html.find("meta", property="article:tag").attrs["content"] == "capacitación policial"


def test_english_story_page_keeps_the_original_names(client, named):
    text = page(client.get(named.get_absolute_url())).text
    assert "Programa de Fortalecimiento" not in text
    for name in [
        "News",
        "Ministry of Public Security",
        "Strengthening Programme",
        "police training",
    ]:
        assert name in text, name


def test_a_name_without_a_spanish_version_falls_back_to_the_original(client):
    story = StoryFactory(section=SectionFactory(name="Features"), tags=["Morelia"])
    text = page(client.get(f"/es{story.get_absolute_url()}")).text
    assert "Features" in text
    assert "Morelia" in text


def test_spanish_story_card_shows_the_section_in_spanish(client, named):
    html = page(client.get(spanish(lambda: reverse("articles:story-list"))))
    assert html.texts("p", class_="kicker") == ["Noticias"]


def test_spanish_section_page_is_titled_in_spanish(client, named):
    html = page(client.get(spanish(named.section.get_absolute_url)))
    assert html.texts("h1") == ["Noticias"]


def test_spanish_tag_page_is_titled_in_spanish(client, named):
    address = spanish(lambda: reverse("articles:tag-detail", kwargs={"slug": "police-training"}))
    assert page(client.get(address)).texts("h1") == ["Etiqueta «capacitación policial»"]


def test_spanish_award_and_programme_pages_name_them_in_spanish(client, named):
    award = named.awards.get()
    programme = named.programmes.get()
    award_html = page(client.get(spanish(award.get_absolute_url)))
    assert award_html.texts("h1") == ["Premio al Mérito Social"]
    assert "Secretaría de Seguridad Pública" in award_html.text
    assert page(client.get(spanish(programme.get_absolute_url))).texts("h1") == [
        "Programa de Fortalecimiento"
    ]


def test_spanish_officer_card_names_the_institution_in_spanish(client):
    OfficerFactory(
        institution=OrganisationFactory(name="State Police", name_es="Policía Estatal"),
    )
    text = page(client.get(spanish(lambda: reverse("people:officer-list")))).text
    assert "Policía Estatal" in text


def test_story_page_with_translated_tags_stays_within_its_queries(
    client, named, django_assert_num_queries
):
    address = f"/es{named.get_absolute_url()}"
    with django_assert_num_queries(8):
        client.get(address)


# Feeds


def test_spanish_feed_names_the_publisher_and_tags_in_spanish(client, named):
    response = client.get(spanish(lambda: reverse("articles:feed-rss")))
    feed = feedparser.parse(response.content)
    (entry,) = feed.entries
    assert entry.author == "Secretaría de Seguridad Pública"
    assert [tag.term for tag in entry.tags] == ["capacitación policial"]
    atom = feedparser.parse(client.get(spanish(lambda: reverse("articles:feed-atom"))).content)
    assert atom.feed.author == "Oficina de las Naciones Unidas contra la Droga y el Delito"


def test_spanish_section_and_tag_feeds_are_titled_in_spanish(client, named):
    section_feed = spanish(
        lambda: reverse("articles:section-feed-rss", kwargs={"slug": named.section.slug})
    )
    tag_feed = spanish(lambda: reverse("articles:tag-feed-rss", kwargs={"slug": "police-training"}))
    assert feedparser.parse(client.get(section_feed).content).feed.title == "Newsroom: Noticias"
    assert "capacitación policial" in feedparser.parse(client.get(tag_feed).content).feed.title


def test_english_feed_keeps_the_original_names(client, named):
    (entry,) = feedparser.parse(client.get(reverse("articles:feed-rss")).content).entries
    assert entry.author == "Ministry of Public Security"
    assert [tag.term for tag in entry.tags] == ["police training"]


# Structured data


def test_spanish_json_ld_names_section_tags_and_publisher_in_spanish(client, named):
    article = json_ld(page(client.get(f"/es{named.get_absolute_url()}")), "NewsArticle")
    assert article["articleSection"] == "Noticias"
    assert article["keywords"] == ["capacitación policial"]
    assert article["author"]["name"] == "Secretaría de Seguridad Pública"


def test_spanish_programme_json_ld_names_it_in_spanish(client, named):
    programme = named.programmes.get()
    data = json_ld(
        page(client.get(spanish(programme.get_absolute_url))), "EducationalOccupationalProgram"
    )
    assert data["name"] == "Programa de Fortalecimiento"


# Search


def test_a_programme_is_found_by_its_spanish_name_and_shown_by_it(client, named):
    address = spanish(lambda: reverse("search:results"))
    html = page(client.get(address, {"q": "fortalecimiento"}))
    assert named.programmes.get().get_absolute_url() in html.hrefs()
    assert "Programa de Fortalecimiento" in html.text


def test_english_search_shows_the_original_name(client, named):
    html = page(client.get(reverse("search:results"), {"q": "fortalecimiento"}))
    assert "Strengthening Programme" in html.text


# The admin


@pytest.mark.parametrize(
    "url_name, make",
    [
        ("admin:articles_section_change", lambda: SectionFactory()),
        ("admin:people_organisation_change", lambda: OrganisationFactory()),
        ("admin:people_award_change", lambda: AwardFactory()),
        ("admin:people_trainingprogramme_change", lambda: TrainingProgrammeFactory()),
    ],
)
def test_staff_fill_the_spanish_name_beside_the_original(staff_client, url_name, make):
    html = staff_client.get(reverse(url_name, args=[make().pk])).content.decode()
    assert 'name="name_es"' in html
    assert 'name="name"' in html


def test_staff_give_a_tag_its_spanish_name(staff_client):
    tag = Tag.objects.create(name="police training", slug="police-training")
    html = staff_client.get(reverse("admin:taggit_tag_change", args=[tag.pk])).content.decode()
    assert 'name="translation-0-name_es"' in html
