"""The admin's header at 1280 pixels wide: the person's links (preferences, two-step sign-in,
view site, change password, log out) on one line beside the desk's links, in English and in
Spanish, and nothing wider than the window on a phone."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD, sign_in
from tests.factories import EditorFactory

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
