"""The editorial workflow in a real browser (headless Chromium): a writer drafts a story with a
photo and submits it; an editor previews and publishes it; readers then find it on the site and
in the feed. Nothing on the way may trip the Content-Security-Policy.

Runs Debian's Chromium (/usr/bin/chromium, installed by .ci/run) through Playwright; it never
downloads a browser of its own.
"""

import io

import feedparser
import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Story
from tests.browser.conftest import CHROMIUM
from tests.factories import EditorFactory, OfficerFactory, SectionFactory, WriterFactory

PASSWORD = "correct horse battery"
HEADLINE = "Police officers trained by UNODC are recognised for their work"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 533), (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def open_page(browser, policy_violations):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)

    def watch(message):
        if "Content Security Policy" in message.text:
            policy_violations.append(message.text)

    page.on("console", watch)
    return page


def sign_in(page, base_url, username):
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))


def write_and_submit(page, base_url):
    page.goto(base_url + reverse("admin:articles_story_add"))
    page.locator("#id_headline").press_sequentially(HEADLINE)
    assert page.input_value("#id_slug").startswith("police-officers-trained")
    page.fill("#id_standfirst", "Two officers receive the Social Merit Award of Michoacán.")
    page.click(".ProseMirror[contenteditable=true]")
    page.keyboard.type("The Ministry of Public Security of Michoacán has honoured two officers.")
    page.fill("#id_dateline_place", "Morelia (Mexico)")
    page.select_option("#id_section", label="News")
    # A new photo, uploaded from the story form through the admin's "add" pop-up.
    with page.expect_popup() as popup_opened:
        page.click("#add_id_lead_photo")
    popup = popup_opened.value
    popup.set_input_files(
        "#id_image", files=[{"name": "award.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    popup.fill("#id_alt_text", "Two police officers in uniform holding framed certificates")
    popup.fill("#id_caption", "Award recipients")
    # Listen before clicking: the window may close before a later listener is attached.
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    assert page.locator("#id_lead_photo option:checked").inner_text() == "Award recipients"
    page.click("input[name=_submit_for_review]")
    page.wait_for_selector(".messagelist")
    assert "is in review" in page.inner_text(".messagelist")


def preview_and_publish(page, base_url, story):
    page.goto(base_url + reverse("admin:articles_story_changelist") + "?publication=in_review")
    page.click(f"text={HEADLINE}")
    page.click("a.viewsitelink:has-text('Preview')")
    assert page.inner_text("h1") == HEADLINE
    assert "Readers cannot see this story yet" in page.inner_text(".preview-banner")
    assert page.locator(".story__photo img").get_attribute("alt") == (
        "Two police officers in uniform holding framed certificates"
    )
    page.go_back()
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist")
    assert f"“{HEADLINE}” is public." in page.inner_text(".messagelist")


def test_writer_drafts_editor_previews_and_publishes_readers_find_it(
    live_server, browser, policy_violations, tmp_path
):
    SectionFactory(name="News", slug="news")
    OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    writer = WriterFactory(password=PASSWORD)
    editor = EditorFactory(password=PASSWORD)
    base_url = live_server.url

    writer_page = open_page(browser, policy_violations)
    sign_in(writer_page, base_url, writer.username)
    write_and_submit(writer_page, base_url)
    story = Story.objects.get(headline=HEADLINE)
    assert (story.status, story.created_by) == (Story.Status.IN_REVIEW, writer)
    assert not Story.objects.published().exists()

    editor_page = open_page(browser, policy_violations)
    sign_in(editor_page, base_url, editor.username)
    preview_and_publish(editor_page, base_url, story)
    editor_page.goto(base_url + reverse("admin:articles_story_change", args=[story.pk]))
    editor_page.screenshot(path=tmp_path / "published-story-in-the-admin.png", full_page=True)

    reader = open_page(browser, policy_violations)
    reader.goto(base_url + story.get_absolute_url())
    assert reader.inner_text("h1") == HEADLINE
    feed = feedparser.parse(reader.request.get(base_url + reverse("articles:feed-rss")).body())
    assert [entry.title for entry in feed.entries] == [HEADLINE]

    assert policy_violations == []
