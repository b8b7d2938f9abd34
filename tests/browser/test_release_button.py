"""An Editor goes from a story's form to the release screen for that story in one click, in a
real browser (headless Chromium); a Writer sees no such button."""

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD, open_page
from tests.factories import EditorFactory, PressListFactory, StoryFactory, WriterFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, base_url, user):
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_an_editor_releases_a_story_from_its_form(live_server, browser, policy_violations):
    story = StoryFactory(draft=True, headline="Officers recognised in Morelia")
    PressListFactory(name="Mexico national media")
    page = open_page(browser, policy_violations)
    page.set_default_timeout(60_000)
    sign_in(page, live_server.url, EditorFactory())

    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))
    page.get_by_role("link", name="Release to the press").click()

    page.wait_for_url(f"**{reverse('admin:outreach_release_new', args=[story.pk])}")
    assert page.get_by_label("Mexico national media").is_visible()
    assert "Officers recognised in Morelia" in page.content()
    assert policy_violations == []


def test_a_writer_sees_no_release_button(live_server, browser, policy_violations):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    page = open_page(browser, policy_violations)
    page.set_default_timeout(60_000)
    sign_in(page, live_server.url, writer)

    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))

    assert page.get_by_role("link", name="Preview", exact=True).is_visible()
    assert page.get_by_role("link", name="Release to the press").count() == 0
