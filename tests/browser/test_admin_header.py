"""The admin at 1280 pixels wide, in English and in Spanish: the header keeps the person's links
(preferences, two-step sign-in, view site, change password, log out) on one line beside the
desk's links, and the story list fits the window with room for its headlines, for a Writer and
for an Editor. On a phone, the header is no wider than the window."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from articles import services
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD, sign_in
from tests.factories import (
    EditorFactory,
    PhotoFactory,
    SectionFactory,
    StoryFactory,
    UserFactory,
    WriterFactory,
)

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def header_of(browser, live_server, language, width):
    editor = EditorFactory(first_name="Luis", last_name="Pérez", password=PASSWORD)
    Profile.objects.create(user=editor, language=language)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, editor.username)
    return page


def line_height(page, selector):
    return page.evaluate(
        "(selector) => parseFloat(getComputedStyle(document.querySelector(selector)).lineHeight)"
        " || parseFloat(getComputedStyle(document.querySelector(selector)).fontSize) * 1.2",
        selector,
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_persons_links_fit_on_one_line_beside_the_desks_at_1280_pixels(
    browser, live_server, language
):
    page = header_of(browser, live_server, language, 1280)
    tools = page.locator("#user-tools").bounding_box()
    nav = page.locator(".desk-nav").bounding_box()
    # One line: no taller than the theme button beside the links.
    assert tools["height"] < 2 * line_height(page, "#user-tools")
    assert nav["height"] < 2 * line_height(page, ".desk-nav a")
    # Beside the desk's links, within the window.
    assert tools["y"] < nav["y"] + nav["height"]
    assert tools["x"] + tools["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_links_are_written_as_they_are_not_in_capitals(browser, live_server, language):
    page = header_of(browser, live_server, language, 1280)
    preferences = page.locator("#user-tools a[href='{}']".format(reverse("accounts:preferences")))
    assert preferences.evaluate("link => getComputedStyle(link).textTransform") == "none"


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_phone_the_header_stays_within_the_window(browser, live_server, language):
    page = header_of(browser, live_server, language, 400)
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.locator("#logout-form button").is_visible()


@pytest.fixture
def story_list():
    """A Writer's stories in every state a list shows, long headlines and names included, and
    an Editor who sees them all."""
    writer = WriterFactory(
        first_name="María Fernanda", last_name="López Hernández", password=PASSWORD
    )
    editor = EditorFactory(first_name="Luis", last_name="Pérez", password=PASSWORD)
    section = SectionFactory(name="Training and professional development", slug="training")
    headline = "Police officers trained by UNODC in Michoacán receive the Social Merit Award"
    waiting = StoryFactory(draft=True, created_by=writer, section=section, headline=headline)
    services.submit_for_review(story=waiting, user=writer, note="Photo credit checked.")
    StoryFactory(
        draft=True,
        created_by=writer,
        updated_by=writer,
        section=section,
        headline="Morelia police open a victims' assistance desk staffed around the clock",
    )
    StoryFactory(
        created_by=writer,
        updated_by=UserFactory(first_name="Alejandra", last_name="Ruíz Ortiz"),
        section=section,
        language="es",
        lead_photo=PhotoFactory(),
        headline="La Secretaría de Seguridad Pública de Michoacán reconoce a dos policías",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    StoryFactory(
        created_by=writer,
        section=section,
        lead_photo=PhotoFactory(),
        headline="UNODC and Michoacán sign an agreement to train a second cohort of officers",
    )
    return {"writer": writer, "editor": editor}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["writer", "editor"])
def test_the_story_list_fits_1280_pixels_with_room_for_the_headlines(
    browser, live_server, story_list, folder, language, role
):
    person = story_list[role]
    Profile.objects.create(user=person, language=language)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, person.username)
    page.goto(live_server.url + reverse("admin:articles_story_changelist"))
    assert page.locator("#result_list tbody tr").count() == 4
    page.screenshot(path=folder / f"story-list-1280-{role}-{language}.png", full_page=True)
    # Neither the page nor the list's own box (the admin lets it scroll sideways) is wider
    # than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    results = page.locator("#changelist .results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth")
    assert page.locator("#result_list th.column-headline").bounding_box()["width"] >= 300
