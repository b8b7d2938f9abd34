import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from people.views import QUOTES_PER_PROFILE
from tests.factories import (
    AwardConferralFactory,
    AwardFactory,
    FrameworkFactory,
    OfficerFactory,
    OrganisationFactory,
    ParticipationFactory,
    PhotoFactory,
    QuoteFactory,
    ReachFigureFactory,
    RoleFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    pytest.param({"draft": True}, id="draft"),
    pytest.param({"scheduled": True}, id="scheduled"),
    pytest.param({"withdrawn": True}, id="withdrawn"),
]
HOSTILE = '<script>alert("x")</script>'


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return page(response)


# Officer directory


def test_officer_directory_lists_consenting_officers_by_family_name(client):
    OfficerFactory(full_name="Gerardo Daniel Duarte Arroyo", family_name="Duarte Arroyo")
    OfficerFactory(full_name="Alejandra Ruíz Ortiz", family_name="Ruíz Ortiz")
    OfficerFactory(full_name="Ana Bernal", family_name="Bernal")
    html = get_page(client, reverse("people:officer-list"))
    assert html.texts("h2", class_="officer-card__name") == [
        "Officer Ana Bernal",
        "Officer Gerardo Daniel Duarte Arroyo",
        "Officer Alejandra Ruíz Ortiz",
    ]


def test_officer_card_shows_photo_institution_and_place(client):
    officer = OfficerFactory(photo=PhotoFactory(alt_text="Portrait of Officer Ruíz Ortiz"))
    html = get_page(client, reverse("people:officer-list"))
    assert officer.get_absolute_url() in html.hrefs()
    image = html.find("img", alt="Portrait of Officer Ruíz Ortiz")
    assert image.attrs["loading"] == "lazy"
    assert officer.institution.name in html.text
    assert "Morelia, Michoacán de Ocampo" in html.text


def test_officer_without_consent_is_absent_from_the_directory(client):
    withheld = OfficerFactory(without_consent=True, full_name="Private Person")
    OfficerFactory()
    response = client.get(reverse("people:officer-list"))
    assert "Private Person" not in response.content.decode()
    assert withheld.get_absolute_url() not in page(response).hrefs()


@pytest.mark.parametrize("page_number", ["abc", "0", "999"])
def test_officer_directory_answers_404_to_a_page_that_does_not_exist(client, page_number):
    OfficerFactory()
    response = client.get(reverse("people:officer-list"), {"page": page_number})
    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_officer_directory_runs_two_queries_whatever_the_number_of_officers(
    client, size, django_assert_num_queries
):
    OfficerFactory.create_batch(size, photo=PhotoFactory())
    # The count for the paginator, then the officers with institution and photo.
    with django_assert_num_queries(2):
        response = client.get(reverse("people:officer-list"))
    assert len(page(response).find_all("article", class_="officer-card")) == size


# Officer profile


def test_officer_without_consent_has_no_profile(client):
    officer = OfficerFactory(without_consent=True)
    assert client.get(officer.get_absolute_url()).status_code == 404


def test_profile_shows_photo_rank_institution_place_biography_and_roles(client):
    photo = PhotoFactory(alt_text="Portrait of Officer Ruíz Ortiz", credit="© UNODC")
    officer = OfficerFactory(
        full_name="Alejandra Ruíz Ortiz",
        rank="Officer",
        institution=OrganisationFactory(name="Michoacán State Police"),
        state="Michoacán de Ocampo",
        municipality="Morelia",
        biography="Trains fellow officers across the state.",
        photo=photo,
    )
    officer.roles.add(RoleFactory(name="Trainer"), RoleFactory(name="Gender focal point"))
    html = get_page(client, officer.get_absolute_url())
    assert html.texts("h1") == ["Alejandra Ruíz Ortiz"]
    image = html.find("img", alt="Portrait of Officer Ruíz Ortiz")
    assert image.attrs["src"] == photo.image.url
    facts = html.find("dl", class_="facts").text
    for expected in (
        "Officer",
        "Michoacán State Police",
        "Morelia, Michoacán de Ocampo",
        "Gender focal point, Trainer",
    ):
        assert expected in facts
    assert "© UNODC" in html.text
    assert "Trains fellow officers across the state." in html.text


def test_profile_lists_awards_with_date_citation_and_award_page(client):
    officer = OfficerFactory()
    conferral = AwardConferralFactory(
        officer=officer,
        award=AwardFactory(name="Social Merit Award"),
        date=datetime.date(2021, 1, 12),
        citation="For enhancing police assistance to women and girls.",
    )
    html = get_page(client, officer.get_absolute_url())
    assert html.link_texts(conferral.award.get_absolute_url()) == ["Social Merit Award"]
    assert "12 January 2021" in html.text
    assert "For enhancing police assistance to women and girls." in html.text
    assert conferral.award.awarding_organisation.name in html.text


def test_profile_links_the_story_that_reported_an_award(client):
    story = StoryFactory()
    officer = OfficerFactory()
    AwardConferralFactory(officer=officer, story=story)
    html = get_page(client, officer.get_absolute_url())
    assert html.link_texts(story.get_absolute_url()) == [f"Reported in “{story.headline}”"]


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_profile_does_not_link_an_unpublished_story_that_reported_an_award(client, traits):
    story = StoryFactory(**traits)
    officer = OfficerFactory()
    AwardConferralFactory(officer=officer, story=story)
    response = client.get(officer.get_absolute_url())
    assert story.get_absolute_url() not in page(response).hrefs()
    assert story.headline not in response.content.decode()


def test_profile_lists_programmes_with_role_and_year(client):
    officer = OfficerFactory()
    participation = ParticipationFactory(
        officer=officer,
        programme=TrainingProgrammeFactory(name="Strengthening Programme"),
        role="trainer",
        year=2019,
    )
    html = get_page(client, officer.get_absolute_url())
    assert html.link_texts(participation.programme.get_absolute_url()) == [
        "Strengthening Programme"
    ]
    assert "Trainer · 2019" in html.text


def test_profile_shows_quotes_from_published_stories_with_their_story(client):
    officer = OfficerFactory()
    quote = QuoteFactory(officer=officer, text="You are not alone.")
    html = get_page(client, officer.get_absolute_url())
    assert html.texts("blockquote") == ["You are not alone."]
    assert html.link_texts(quote.story.get_absolute_url()) == [quote.story.headline]


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_profile_leaves_out_quotes_from_unpublished_stories(client, traits):
    officer = OfficerFactory()
    QuoteFactory(officer=officer, story=StoryFactory(**traits), text="Not yet public.")
    response = client.get(officer.get_absolute_url())
    assert "Not yet public." not in response.content.decode()


def test_profile_lists_published_stories_that_mention_the_officer(client):
    officer = OfficerFactory()
    mentioning = StoryFactory(officers=[officer])
    other = StoryFactory()
    html = get_page(client, officer.get_absolute_url())
    assert mentioning.get_absolute_url() in html.hrefs()
    assert other.get_absolute_url() not in html.hrefs()


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_profile_leaves_out_unpublished_stories_that_mention_the_officer(client, traits):
    officer = OfficerFactory()
    hidden = StoryFactory(officers=[officer], **traits)
    response = client.get(officer.get_absolute_url())
    assert hidden.headline not in response.content.decode()
    assert "No published story mentions this officer yet." in page(response).text


def test_profile_escapes_what_staff_typed(client):
    officer = OfficerFactory(full_name=f"Name {HOSTILE}", biography=f"Biography {HOSTILE}")
    StoryFactory(officers=[officer], headline=f"Headline {HOSTILE}")
    content = client.get(officer.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "Headline &lt;script&gt;" in content
    assert "Biography &lt;script&gt;" in content


@pytest.mark.parametrize("size", [2, 12])
def test_officer_profile_runs_seven_queries_whatever_it_shows(
    client, size, django_assert_num_queries
):
    officer = OfficerFactory(photo=PhotoFactory())
    for index in range(size):
        officer.roles.add(RoleFactory(name=f"Role {index}"))
        story = StoryFactory(officers=[officer], lead_photo=PhotoFactory())
        AwardConferralFactory(officer=officer, story=story)
        ParticipationFactory(officer=officer)
        QuoteFactory(officer=officer, story=story)
    # The officer with institution and photo; roles, conferrals (with award, awarding body and
    # story) and participations (with programme); the stories that mention them; their quotes;
    # the institution's media contacts, for its structured data.
    with django_assert_num_queries(7):
        response = client.get(officer.get_absolute_url())
    assert len(page(response).find_all("figure", class_="quote")) == min(size, QUOTES_PER_PROFILE)


def test_profile_shows_the_officers_ten_newest_quotes(client):
    officer = OfficerFactory()
    for days_ago in range(QUOTES_PER_PROFILE + 2):
        published_at = timezone.now() - datetime.timedelta(days=days_ago + 1)
        QuoteFactory(
            officer=officer, story=StoryFactory(published_at=published_at), text=f"Day {days_ago}"
        )
    html = get_page(client, officer.get_absolute_url())
    assert html.texts("blockquote") == [f"Day {days_ago}" for days_ago in range(QUOTES_PER_PROFILE)]


# Programmes


def test_programme_list_shows_each_programme_with_its_latest_reach(client):
    programme = TrainingProgrammeFactory(
        name="Strengthening Programme for the Security of Vulnerable Groups",
        lead_organisation=OrganisationFactory(name="United Nations Office on Drugs and Crime"),
        start_year=2017,
    )
    ReachFigureFactory(
        programme=programme, metric="states", value=20, as_of=datetime.date(2020, 1, 1)
    )
    ReachFigureFactory(
        programme=programme, metric="states", value=25, as_of=datetime.date(2021, 1, 12)
    )
    html = get_page(client, reverse("people:programme-list"))
    assert html.link_texts(programme.get_absolute_url()) == [programme.name]
    assert "since 2017" in html.text
    assert html.texts("dd", class_="stat__value") == ["25"]
    assert "as of 12 January 2021" in html.text


@pytest.mark.parametrize("size", [2, 12])
def test_programme_list_runs_three_queries_whatever_the_number_of_programmes(
    client, size, django_assert_num_queries
):
    for programme in TrainingProgrammeFactory.create_batch(
        size, lead_organisation=OrganisationFactory()
    ):
        ReachFigureFactory(programme=programme, metric="states")
        ReachFigureFactory(programme=programme, metric="first_responders", value=12000)
    # The count for the paginator, the programmes with lead organisation, their reach figures.
    with django_assert_num_queries(3):
        response = client.get(reverse("people:programme-list"))
    assert len(page(response).find_all("article", class_="programme-card")) == size


@pytest.fixture
def programme():
    programme = TrainingProgrammeFactory(
        name="Strengthening Programme for the Security of Vulnerable Groups",
        description="Trains first responders to assist women and girls.",
        lead_organisation=OrganisationFactory(
            name="United Nations Office on Drugs and Crime", website="https://www.unodc.org/"
        ),
        start_year=2017,
    )
    programme.partners.add(
        OrganisationFactory(name="Merida Initiative", website="https://example.org/merida"),
        OrganisationFactory(name="Secretariat of Security and Citizen Protection", website=""),
    )
    programme.frameworks.add(FrameworkFactory(name="Women, Peace and Security Agenda"))
    ReachFigureFactory(
        programme=programme,
        metric="first_responders",
        value=12000,
        is_lower_bound=True,
        as_of=datetime.date(2021, 1, 12),
    )
    ReachFigureFactory(
        programme=programme,
        metric="first_responders",
        value=9200,
        as_of=datetime.date(2020, 1, 15),
    )
    ReachFigureFactory(
        programme=programme, metric="states", value=25, as_of=datetime.date(2021, 1, 12)
    )
    return programme


def test_programme_page_describes_the_programme(client, programme):
    html = get_page(client, programme.get_absolute_url())
    assert html.texts("h1") == [programme.name]
    assert "Trains first responders to assist women and girls." in html.text
    assert "Delivered by United Nations Office on Drugs and Crime · since 2017" in html.text
    assert html.link_texts("https://www.unodc.org/") == ["United Nations Office on Drugs and Crime"]
    assert "Women, Peace and Security Agenda" in html.text


def test_programme_page_links_partners_that_have_a_website(client, programme):
    html = get_page(client, programme.get_absolute_url())
    assert html.link_texts("https://example.org/merida") == ["Merida Initiative"]
    assert "Secretariat of Security and Citizen Protection" in html.text
    assert "Secretariat of Security and Citizen Protection" not in [
        link.text for link in html.find_all("a")
    ]


def test_programme_page_shows_latest_reach_with_more_than_and_as_of(client, programme):
    html = get_page(client, programme.get_absolute_url())
    assert html.texts("dd", class_="stat__value") == ["25", "more than 12,000"]
    assert html.texts("dt", class_="stat__label") == ["States", "First responders trained"]
    assert html.texts("dd", class_="stat__date") == [
        "as of 12 January 2021",
        "as of 12 January 2021",
    ]


def test_programme_page_charts_reach_over_time_accessibly(client, programme):
    html = get_page(client, programme.get_absolute_url())
    charts = html.find_all("svg")
    assert len(charts) == 2
    for chart in charts:
        assert chart.attrs["role"] == "img"
        title_id, description_id = chart.attrs["aria-labelledby"].split()
        assert html.find("title", id=title_id).text
        assert html.find("desc", id=description_id).text
    assert html.find("title", id="reach-first_responders-title").text == (
        f"{programme.name}: first responders trained over time"
    )
    assert html.find("desc", id="reach-first_responders-desc").text == (
        "9,200 as of 15 January 2020; more than 12,000 as of 12 January 2021"
    )
    assert len(html.find_all("rect", class_="reach-chart__bar")) == 3


def test_programme_page_lists_every_reach_figure_in_a_table(client, programme):
    html = get_page(client, programme.get_absolute_url())
    assert html.texts("td", class_="numeric") == ["25", "9,200", "more than 12,000"]
    assert "Every reach figure on record" in html.texts("caption")


def test_programme_without_reach_figures_has_no_chart(client):
    programme = TrainingProgrammeFactory()
    html = get_page(client, programme.get_absolute_url())
    assert html.find_all("svg") == []
    assert html.find_all("table") == []


def test_programme_page_lists_only_consenting_participants_with_role_and_year(client, programme):
    participant = ParticipationFactory(programme=programme, role="trainer", year=2019).officer
    withheld = ParticipationFactory(
        programme=programme,
        officer=OfficerFactory(without_consent=True, full_name="Private Person"),
    ).officer
    response = client.get(programme.get_absolute_url())
    html = page(response)
    assert html.link_texts(participant.get_absolute_url()) == [participant.display_name]
    assert "Trainer, 2019" in html.text
    assert "Private Person" not in response.content.decode()
    assert withheld.get_absolute_url() not in html.hrefs()


def test_programme_page_shows_an_officer_once_with_each_of_their_roles(client, programme):
    officer = OfficerFactory()
    ParticipationFactory(programme=programme, officer=officer, role="trainee", year=2018)
    ParticipationFactory(programme=programme, officer=officer, role="trainer", year=2020)
    html = get_page(client, programme.get_absolute_url())
    assert len(html.find_all("article", class_="officer-card")) == 1
    assert "Trainee, 2018" in html.text
    assert "Trainer, 2020" in html.text


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_programme_page_lists_only_published_stories(client, programme, traits):
    published = StoryFactory(programmes=[programme])
    hidden = StoryFactory(programmes=[programme], **traits)
    response = client.get(programme.get_absolute_url())
    assert published.get_absolute_url() in page(response).hrefs()
    assert hidden.headline not in response.content.decode()


def test_unknown_programme_answers_404(client):
    url = reverse("people:programme-detail", kwargs={"slug": "no-such-programme"})
    assert client.get(url).status_code == 404


def test_programme_page_escapes_headlines(client, programme):
    StoryFactory(programmes=[programme], headline=f"Headline {HOSTILE}")
    content = client.get(programme.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "Headline &lt;script&gt;" in content


@pytest.mark.parametrize("size", [2, 12])
def test_programme_page_runs_seven_queries_whatever_it_shows(
    client, size, django_assert_num_queries
):
    programme = TrainingProgrammeFactory(lead_organisation=OrganisationFactory())
    for index in range(size):
        programme.partners.add(OrganisationFactory())
        programme.frameworks.add(FrameworkFactory(name=f"Framework {index}"))
        ReachFigureFactory(programme=programme, as_of=datetime.date(2010 + index, 1, 1))
        ParticipationFactory(programme=programme, officer=OfficerFactory(photo=PhotoFactory()))
        StoryFactory(programmes=[programme], lead_photo=PhotoFactory())
    # The programme with lead organisation; partners, frameworks, reach figures, consenting
    # participants (with officer, institution and photo); the programme's stories; the media
    # contacts of its organisations, for their structured data.
    with django_assert_num_queries(7):
        response = client.get(programme.get_absolute_url())
    assert len(page(response).find_all("article", class_="officer-card")) == size


# Awards


def test_award_list_links_each_award_with_its_awarding_body(client):
    award = AwardFactory(
        name="Social Merit Award",
        awarding_organisation=OrganisationFactory(name="Ministry of Public Security"),
    )
    html = get_page(client, reverse("people:award-list"))
    assert html.link_texts(award.get_absolute_url()) == ["Social Merit Award"]
    assert "Awarded by Ministry of Public Security" in html.text


@pytest.mark.parametrize("size", [2, 12])
def test_award_list_runs_two_queries_whatever_the_number_of_awards(
    client, size, django_assert_num_queries
):
    AwardFactory.create_batch(size)
    # The count for the paginator, then the awards with their awarding body.
    with django_assert_num_queries(2):
        response = client.get(reverse("people:award-list"))
    assert len(page(response).find_all("li", class_="record")) == size


def test_award_page_shows_awarding_body_description_and_criteria(client):
    award = AwardFactory(
        name="Social Merit Award",
        awarding_organisation=OrganisationFactory(name="Ministry of Public Security"),
        description="Recognises officers' work.",
        criteria="Officers whose work has a positive impact on their community.",
    )
    html = get_page(client, award.get_absolute_url())
    assert html.texts("h1") == ["Social Merit Award"]
    assert "Awarded by Ministry of Public Security" in html.text
    assert "Recognises officers' work." in html.text
    assert "Officers whose work has a positive impact on their community." in html.text


def test_award_page_links_consenting_recipients_and_names_the_others_stories_name(client):
    award = AwardFactory()
    public = AwardConferralFactory(
        award=award, officer=OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    ).officer
    withheld = AwardConferralFactory(
        award=award, officer=OfficerFactory(full_name="Gerardo Duarte", without_consent=True)
    ).officer
    StoryFactory(officers=[withheld])
    html = get_page(client, award.get_absolute_url())
    assert html.link_texts(public.get_absolute_url()) == ["Officer Alejandra Ruíz Ortiz"]
    assert "Officer Gerardo Duarte" in html.texts("h3", class_="record__title")
    assert withheld.get_absolute_url() not in html.hrefs()


def test_award_page_shows_each_conferral_date_and_citation(client):
    conferral = AwardConferralFactory(
        date=datetime.date(2021, 1, 12), citation="For enhancing police assistance."
    )
    html = get_page(client, conferral.award.get_absolute_url())
    assert html.find("time", datetime="2021-01-12").text == "12 January 2021"
    assert "For enhancing police assistance." in html.text


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_award_page_neither_lists_nor_links_unpublished_stories(client, traits):
    award = AwardFactory()
    hidden = StoryFactory(awards=[award], **traits)
    AwardConferralFactory(award=award, story=hidden)
    response = client.get(award.get_absolute_url())
    assert hidden.headline not in response.content.decode()
    assert hidden.get_absolute_url() not in page(response).hrefs()


def test_award_page_lists_published_stories_about_it(client):
    award = AwardFactory()
    story = StoryFactory(awards=[award])
    html = get_page(client, award.get_absolute_url())
    assert story.get_absolute_url() in html.hrefs()


def test_unknown_award_answers_404(client):
    assert client.get(reverse("people:award-detail", kwargs={"slug": "nothing"})).status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_award_page_runs_three_queries_whatever_it_shows(client, size, django_assert_num_queries):
    award = AwardFactory()
    for index in range(size):
        officer = OfficerFactory(public_profile_consent=index % 2 == 0)
        # Named by the story, an officer without consent is named on the award page too.
        story = StoryFactory(awards=[award], officers=[officer], lead_photo=PhotoFactory())
        AwardConferralFactory(award=award, officer=officer, story=story)
    # The award with its awarding body; conferrals (with officer and story); the stories.
    with django_assert_num_queries(3):
        response = client.get(award.get_absolute_url())
    assert len(page(response).find_all("h3", class_="record__title")) == size


# Navigation


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("people:officer-list", "Officers"),
        ("people:programme-list", "Programmes"),
        ("people:award-list", "Awards"),
    ],
)
def test_directory_pages_mark_their_own_navigation_link_as_current(client, url_name, label):
    html = get_page(client, reverse(url_name))
    current = [
        link.text
        for link in html.find_all("a", class_="site-nav__link")
        if link.attrs.get("aria-current")
    ]
    assert current == [label]
