import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    OfficerFactory,
    PhotoFactory,
    ReachFigureFactory,
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


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return page(response)


def test_home_leads_with_the_newest_story_marked_as_lead(client):
    lead = StoryFactory(featured=True, published_at=days_ago(3), lead_photo=PhotoFactory())
    StoryFactory(featured=True, published_at=days_ago(5))
    StoryFactory(published_at=days_ago(1))
    html = home(client)
    lead_card = html.find("article", class_="story-card story-card--lead")
    assert lead.headline in lead_card.text
    image = html.find("img", src=lead.lead_photo.image.url)
    assert image.attrs["loading"] == "eager"
    assert image.attrs["fetchpriority"] == "high"


def test_home_leads_with_the_newest_story_when_none_is_marked_as_lead(client):
    StoryFactory(published_at=days_ago(2))
    newest = StoryFactory(published_at=days_ago(1))
    html = home(client)
    assert newest.headline in html.find("article", class_="story-card story-card--lead").text


def test_home_lists_the_six_latest_stories_after_the_lead(client):
    stories = [StoryFactory(published_at=days_ago(days)) for days in range(1, 9)]
    html = home(client)
    headlines = html.texts("h3", class_="story-card__headline")
    # The lead, then the next six; the eighth story waits on the story list.
    assert headlines == [story.headline for story in stories[:7]]


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_unpublished_story_is_nowhere_on_the_home_page(client, traits):
    hidden = StoryFactory(featured=True, **traits)
    StoryFactory()
    response = client.get(reverse("home"))
    assert hidden.headline not in response.content.decode()


def test_home_shows_featured_programmes_with_their_reach(client):
    programme = TrainingProgrammeFactory(featured=True)
    ReachFigureFactory(
        programme=programme,
        metric="first_responders",
        value=12000,
        is_lower_bound=True,
        as_of=datetime.date(2021, 1, 12),
    )
    unfeatured = TrainingProgrammeFactory(featured=False)
    html = home(client)
    assert html.link_texts(programme.get_absolute_url()) == [programme.name]
    assert unfeatured.get_absolute_url() not in html.hrefs()
    assert html.texts("dd", class_="stat__value") == ["more than 12,000"]
    assert html.texts("dt", class_="stat__label") == ["First responders trained"]
    assert html.texts("dd", class_="stat__date") == ["as of 12 January 2021"]


def test_home_features_only_officers_who_consented(client):
    featured = OfficerFactory(featured=True, full_name="Alejandra Ruíz Ortiz")
    OfficerFactory(featured=True, without_consent=True, full_name="Private Person")
    OfficerFactory(featured=False, full_name="Not Featured")
    response = client.get(reverse("home"))
    html = page(response)
    assert html.texts("h3", class_="officer-card__name") == [featured.display_name]
    assert "Private Person" not in response.content.decode()


def test_home_without_any_content_still_has_a_page(client):
    html = home(client)
    assert "No stories have been published yet." in html.text
    assert len(html.find_all("h1")) == 1


def test_home_escapes_headlines(client):
    StoryFactory(headline='Lead <script>alert("x")</script>', featured=True)
    StoryFactory(headline='Latest <script>alert("x")</script>')
    content = client.get(reverse("home")).content.decode()
    assert "<script>alert" not in content
    assert "Lead &lt;script&gt;" in content
    assert "Latest &lt;script&gt;" in content


@pytest.mark.parametrize("size", [2, 12])
def test_home_runs_five_queries_whatever_it_shows(client, size, django_assert_num_queries):
    for _ in range(size):
        StoryFactory(lead_photo=PhotoFactory(), featured=True)
        OfficerFactory(featured=True, photo=PhotoFactory())
        programme = TrainingProgrammeFactory(featured=True)
        ReachFigureFactory(programme=programme, metric="states")
        ReachFigureFactory(programme=programme, metric="first_responders", value=12000)
    # Latest stories; the lead story; programmes; their reach figures; featured officers.
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert response.status_code == 200
