"""What every public page owes every reader: landmarks, one heading, images that describe
themselves, nothing inline that the Content-Security-Policy would block."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import (
    AwardConferralFactory,
    AwardFactory,
    FurtherLinkFactory,
    OfficerFactory,
    ParticipationFactory,
    PhotoFactory,
    QuoteFactory,
    ReachFigureFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

PAGES = [
    "home",
    "story-list",
    "story-detail",
    "withdrawn-story",
    "tag-detail",
    "section-detail",
    "officer-list",
    "officer-detail",
    "programme-list",
    "programme-detail",
    "award-list",
    "award-detail",
    "not-found",
]


@pytest.fixture
def site():
    """One of everything, linked together as the demo story links them."""
    officer = OfficerFactory(featured=True, photo=PhotoFactory(alt_text="Portrait"))
    programme = TrainingProgrammeFactory()
    ReachFigureFactory(programme=programme, value=25, as_of=datetime.date(2020, 1, 1))
    ReachFigureFactory(programme=programme, value=30, as_of=datetime.date(2021, 1, 1))
    award = AwardFactory()
    story = StoryFactory(
        lead_photo=PhotoFactory(alt_text="Two officers"),
        tags=["awards"],
        officers=[officer],
        programmes=[programme],
        awards=[award],
    )
    StoryFactory(tags=["awards"], lead_photo=PhotoFactory(alt_text="A workshop"))
    QuoteFactory(story=story, officer=officer)
    FurtherLinkFactory(story=story)
    ParticipationFactory(officer=officer, programme=programme)
    AwardConferralFactory(officer=officer, award=award, story=story)
    withdrawn = StoryFactory(withdrawn=True)
    return {
        "home": reverse("home"),
        "story-list": reverse("articles:story-list"),
        "story-detail": story.get_absolute_url(),
        "withdrawn-story": withdrawn.get_absolute_url(),
        "tag-detail": reverse("articles:tag-detail", kwargs={"slug": "awards"}),
        "section-detail": story.section.get_absolute_url(),
        "officer-list": reverse("people:officer-list"),
        "officer-detail": officer.get_absolute_url(),
        "programme-list": reverse("people:programme-list"),
        "programme-detail": programme.get_absolute_url(),
        "award-list": reverse("people:award-list"),
        "award-detail": award.get_absolute_url(),
        "not-found": "/no/such/page/",
    }


def fetch(client, site, name):
    response = client.get(site[name])
    assert response.status_code in (200, 404, 410)
    return page(response)


@pytest.mark.parametrize("name", PAGES)
def test_page_declares_its_language(client, site, name):
    assert fetch(client, site, name).find("html").attrs["lang"] == "en"


@pytest.mark.parametrize("name", PAGES)
def test_page_has_exactly_one_h1(client, site, name):
    assert len(fetch(client, site, name).find_all("h1")) == 1


@pytest.mark.parametrize("name", PAGES)
def test_page_has_header_navigation_main_and_footer_landmarks(client, site, name):
    html = fetch(client, site, name)
    assert len(html.find_all("header", class_="site-header")) == 1
    assert html.find("nav", class_="site-nav").attrs["aria-label"]
    assert len(html.find_all("main")) == 1
    assert len(html.find_all("footer", class_="site-footer")) == 1


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_with_a_link_that_skips_to_the_main_content(client, site, name):
    html = fetch(client, site, name)
    first_link = html.find_all("a")[0]
    assert first_link.attrs["href"] == "#main"
    assert html.find("main").attrs["id"] == "main"


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_inline_style_or_script(client, site, name):
    html = fetch(client, site, name)
    assert [element.tag for element in html.elements if "style" in element.attrs] == []
    assert html.find_all("style") == []
    # JSON-LD is data the browser never runs, so the policy lets it through; nothing else may.
    assert {script.attrs.get("type") for script in html.find_all("script")} <= {
        "application/ld+json"
    }


@pytest.mark.parametrize("name", PAGES)
def test_page_images_have_alt_text_dimensions_and_a_loading_hint(client, site, name):
    for image in fetch(client, site, name).find_all("img"):
        assert image.attrs["alt"]
        assert int(image.attrs["width"]) > 0
        assert int(image.attrs["height"]) > 0
        assert image.attrs["loading"] in {"lazy", "eager"}


@pytest.mark.parametrize("name", PAGES)
def test_page_links_the_sites_own_stylesheet_and_nothing_from_elsewhere(client, site, name):
    html = fetch(client, site, name)
    stylesheets = [link.attrs["href"] for link in html.find_all("link", rel="stylesheet")]
    assert stylesheets == ["/static/css/site.css"]
    sources = [element.attrs["src"] for element in html.elements if "src" in element.attrs]
    assert all(source.startswith("/") for source in sources)


@pytest.mark.parametrize("name", ["story-detail", "officer-detail", "programme-detail", "home"])
def test_page_names_the_site_in_its_header(client, site, name):
    html = fetch(client, site, name)
    assert html.find("span", class_="site-brand__name").text == "Newsroom"


def test_the_page_that_leads_with_a_photo_loads_only_that_photo_eagerly(client, site):
    images = fetch(client, site, "story-detail").find_all("img")
    assert [image.attrs["loading"] for image in images] == ["eager"] + ["lazy"] * (len(images) - 1)


def test_stylesheet_shows_keyboard_focus_and_holds_no_import_from_elsewhere():
    stylesheet = finders.find("css/site.css")
    with open(stylesheet, encoding="utf-8") as file:
        css = file.read()
    assert ":focus-visible" in css
    assert "@import" not in css
    assert "url(http" not in css
