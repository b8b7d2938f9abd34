"""The photo library in a real browser (headless Chromium), in English and in Spanish: a Writer
uploads a photo, sees it before saving, is asked for its alt text, and cannot change a photo a
published story shows; an Editor can. Nothing may trip the Content-Security-Policy.

Screenshots go to a temporary folder; to refresh the ones in docs/screenshots/, run
``NEWSROOM_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/browser -n0``.
"""

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Profile
from photos.models import Photo
from tests.browser import test_editorial_flow as editorial_flow
from tests.factories import EditorFactory, PhotoFactory, StoryFactory, WriterFactory
from tests.photos.crafted import encoded, photo_like

CHROMIUM = editorial_flow.CHROMIUM
PASSWORD = editorial_flow.PASSWORD
sign_in = editorial_flow.sign_in
# The browser and its watchers come from tests/browser/conftest.py, shared by every browser test.

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "en": {
        "alt_text_required": "Say what the photo shows",
        "prompt": "Not saved yet: 800 × 533 pixels",
        "saved": "was added successfully",
        "guarded": "so only an Editor can change",
        "changed": "was changed successfully",
    },
    "es": {
        "alt_text_required": "Diga qué muestra la foto",
        "prompt": "Aún sin guardar: 800 × 533 píxeles",
        "saved": "se agregó correctamente",
        "guarded": "así que solo un editor puede cambiar",
        "changed": "correctamente",
    },
}


@pytest.fixture
def screenshots(tmp_path):
    folder = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=folder / name, full_page=True)

    return take


def open_page(browser, policy_violations, language):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="es-MX" if language == "es" else "en-GB",
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda message: (
            policy_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def camera_jpeg():
    return encoded(photo_like((800, 533)), "JPEG")


def choose_photo(page):
    page.set_input_files(
        "#id_image",
        files=[{"name": "DSC00001.JPG", "mimeType": "image/jpeg", "buffer": camera_jpeg()}],
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_writer_uploads_with_a_preview_and_alt_text_and_cannot_change_a_published_photo(
    live_server, browser, policy_violations, screenshots, language
):
    texts = TEXTS[language]
    suffix = "" if language == "en" else "-es"
    writer = WriterFactory(password=PASSWORD)
    editor = EditorFactory(password=PASSWORD)
    # Each works in the admin in the language they chose.
    for person in (writer, editor):
        Profile.objects.create(user=person, language=language)
    published = PhotoFactory(
        image=SimpleUploadedFile("award.jpg", encoded(photo_like((960, 640)), "JPEG")),
        caption="Award recipients",
    )
    StoryFactory(lead_photo=published, headline="Officers recognised in Morelia")
    base_url = live_server.url

    page = open_page(browser, policy_violations, language)
    sign_in(page, base_url, writer.username)

    # The photo shows as soon as it is chosen, before anything is saved.
    page.goto(base_url + reverse("admin:photos_photo_add"))
    assert page.locator("[data-photo-preview]").is_hidden()
    choose_photo(page)
    page.wait_for_selector("[data-photo-preview]:not([hidden])")
    assert page.get_attribute("[data-photo-preview-image]", "src").startswith("data:image/jpeg")
    assert texts["prompt"] in page.inner_text("[data-photo-preview-caption]")
    preview_box = page.locator("[data-photo-preview-image]").bounding_box()
    assert preview_box["width"] >= 400  # readable, not a thumbnail
    screenshots(page, f"photo-upload{suffix}.png")

    # Saving without alt text asks for it.
    page.fill("#id_caption", "Award recipients in Morelia")
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")
    assert texts["alt_text_required"] in page.inner_text(".field-alt_text .errorlist")
    screenshots(page, f"photo-alt-text-asked{suffix}.png")
    choose_photo(page)  # browsers never keep a chosen file across a refused form
    page.fill("#id_alt_text", "Two police officers in uniform holding framed certificates")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert texts["saved"] in page.inner_text(".messagelist")
    uploaded = Photo.objects.get(caption="Award recipients in Morelia")
    assert uploaded.alt_text == "Two police officers in uniform holding framed certificates"

    # A photo a published story shows is read-only for the Writer, with the reason.
    page.goto(base_url + reverse("admin:photos_photo_change", args=[published.pk]))
    assert texts["guarded"] in page.inner_text(".messagelist")
    assert page.locator("#id_caption").count() == 0
    assert page.locator("#id_image").count() == 0
    screenshots(page, f"photo-guarded-for-writers{suffix}.png")

    # An Editor changes it.
    editor_page = open_page(browser, policy_violations, language)
    sign_in(editor_page, base_url, editor.username)
    editor_page.goto(base_url + reverse("admin:photos_photo_change", args=[published.pk]))
    editor_page.fill("#id_caption", "Award recipients, Morelia, 12 January 2021")
    editor_page.click("input[name=_save]")
    editor_page.wait_for_selector(".messagelist")
    assert texts["changed"] in editor_page.inner_text(".messagelist")
    published.refresh_from_db()
    assert published.caption == "Award recipients, Morelia, 12 January 2021"

    assert policy_violations == []


def test_a_photo_added_from_the_story_form_shows_at_a_readable_size_in_its_window(
    live_server, browser, policy_violations, screenshots
):
    writer = WriterFactory(password=PASSWORD)
    base_url = live_server.url
    page = open_page(browser, policy_violations, "en")
    sign_in(page, base_url, writer.username)
    page.goto(base_url + reverse("admin:articles_story_add"))
    with page.expect_popup() as popup_opened:
        page.click("#add_id_lead_photo")
    popup = popup_opened.value
    popup.set_default_timeout(15_000)
    choose_photo(popup)
    popup.wait_for_selector("[data-photo-preview]:not([hidden])")
    preview_box = popup.locator("[data-photo-preview-image]").bounding_box()
    assert preview_box["width"] >= 400
    screenshots(popup, "photo-upload-from-story-form.png")
    popup.fill("#id_alt_text", "Two police officers in uniform holding framed certificates")
    popup.fill("#id_caption", "Award recipients")
    # Listen before clicking: the window may close before a later listener is attached.
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    assert page.locator("#id_lead_photo option:checked").inner_text() == "Award recipients"
    assert policy_violations == []
