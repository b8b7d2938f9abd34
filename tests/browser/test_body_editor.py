"""The story body editor in a real browser: the area people type in checks their spelling in the
story's language, and a paste from an office document keeps its table and says that the image
in it could not be kept (static/desk/editor.js)."""

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM, signed_in_page
from tests.browser.test_editorial_flow import PASSWORD
from tests.factories import EditorFactory, StoryFactory, WriterFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

EDITING_AREA = ".prose-editor .ProseMirror[contenteditable=true]"

# What a word processor puts on the clipboard: a paragraph, an image and a table.
PASTED = (
    "<p>Officers trained in 2021:</p>"
    '<p><img src="file:///C:/Users/ana/AppData/Local/Temp/clip_image001.png" alt=""></p>'
    "<table><tr><th>State</th><th>Officers</th></tr>"
    "<tr><td>Michoacán</td><td>40</td></tr></table>"
)

PASTE = """(html) => {
    const area = document.querySelector(".prose-editor .ProseMirror[contenteditable=true]");
    area.focus();
    const clipboard = new DataTransfer();
    clipboard.setData("text/html", html);
    clipboard.setData("text/plain", "Officers trained in 2021: State Officers Michoacán 40");
    area.dispatchEvent(
        new ClipboardEvent("paste", {clipboardData: clipboard, bubbles: true, cancelable: true})
    );
}"""


def story_form(browser, live_server, policy_violations, language):
    writer = WriterFactory(password=PASSWORD)
    story = StoryFactory(draft=True, created_by=writer, language=language, body="")
    page = signed_in_page(browser, live_server.url, writer.username, policy_violations)
    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))
    page.wait_for_selector(EDITING_AREA)
    return page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_editing_area_checks_spelling_in_the_storys_language(
    live_server, browser, policy_violations, language
):
    page = story_form(browser, live_server, policy_violations, language)
    area = page.locator(EDITING_AREA)
    assert (area.get_attribute("spellcheck"), area.get_attribute("lang")) == ("true", language)
    assert policy_violations == []


def test_a_paste_keeps_its_table_and_says_the_image_was_dropped(
    live_server, browser, policy_violations, folder
):
    page = story_form(browser, live_server, policy_violations, "en")
    area = page.locator(EDITING_AREA)
    width = area.bounding_box()["width"]
    page.evaluate(PASTE, PASTED)

    notice = page.locator(".paste-notice")
    assert notice.inner_text() == (
        "The pasted text held an image, which the story body cannot keep; the text was pasted "
        "without it. Add photos as the lead photo."
    )
    # Under the editing area, which keeps its width.
    below = area.bounding_box()
    assert notice.bounding_box()["y"] >= below["y"] + below["height"]
    assert below["width"] == width
    assert area.locator("img").count() == 0
    cells = area.locator("table th, table td").all_inner_texts()
    assert [cell.strip() for cell in cells] == ["State", "Officers", "Michoacán", "40"]
    page.locator(".prose-editor").scroll_into_view_if_needed()
    page.screenshot(path=folder / "body-editor-paste-notice.png")
    # What the form posts is what the editor shows: the table, without the image.
    posted = page.input_value("textarea[name=body]")
    assert "<td><p>Michoacán</p></td>" in posted
    assert "<img" not in posted
    assert policy_violations == []


# What a Writer may have typed or posted by hand: the body keeps it as written (body_html is the
# sanitised copy), and an Editor then opens the story.
HOSTILE_BODY = (
    "<p>Officers recognised in Morelia.</p>"
    '<img src="/missing.png" onerror="window.reached = \'onerror\'">'
    "<p onmouseover=\"window.reached = 'onmouseover'\">Hover here.</p>"
    "<p><a href=\"javascript:window.reached = 'href'\">A link</a></p>"
    "<script>window.reached = 'script'</script>"
)


def test_an_editor_opening_a_writers_hostile_body_gets_only_its_text_and_runs_nothing(
    live_server, browser, policy_violations
):
    writer = WriterFactory()
    editor = EditorFactory(password=PASSWORD)
    story = StoryFactory(draft=True, created_by=writer, body=HOSTILE_BODY)
    page = signed_in_page(browser, live_server.url, editor.username, policy_violations)
    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))
    area = page.locator(EDITING_AREA)
    area.wait_for()
    page.hover(f"{EDITING_AREA} >> text=Hover here.")
    page.click(f"{EDITING_AREA} >> text=A link")
    markup = area.inner_html()

    assert page.evaluate("window.reached") is None
    # The page's Content-Security-Policy would refuse an inline handler; a refusal would mean one
    # reached the page.
    assert policy_violations == []
    assert "Officers recognised in Morelia." in area.inner_text()
    for hostile in ("onerror", "onmouseover", "javascript:", "<script", "<img"):
        assert hostile not in markup
