"""The story form's tag field in a real browser: a tag typed without its accent offers the
existing tag, and choosing it fills the field, without tripping the Content-Security-Policy.

The screenshot goes to a temporary folder; to refresh the one in docs/screenshots/, run
``NEWSROOM_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/browser -n0``.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Story
from tests.browser.test_editorial_flow import CHROMIUM, open_page, sign_in
from tests.factories import EditorFactory, StoryFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def test_tag_typed_without_its_accent_offers_the_existing_tag(
    live_server,
    browser,  # noqa: F811
    policy_violations,  # noqa: F811
    tmp_path,
):
    Tag.objects.create(name="Michoacán", slug="michoacan")
    Tag.objects.create(name="Police training", slug="police-training")
    story = StoryFactory(headline="Officers recognised in Morelia", draft=True, tags=["Awards"])
    editor = EditorFactory()
    page = open_page(browser, policy_violations)
    sign_in(page, live_server.url, editor.username)
    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))

    field = page.locator("#id_tags")
    field.click()
    field.press("End")
    field.press_sequentially(", michoacan", delay=40)
    suggestion = page.get_by_role("option", name="Michoacán")
    suggestion.wait_for()
    assert page.locator("#id_tags-suggestions [role=option]").all_inner_texts() == ["Michoacán"]
    field.scroll_into_view_if_needed()
    screenshots = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or tmp_path)
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=screenshots / "tag-suggestion.png")

    suggestion.click()
    assert page.input_value("#id_tags") == "Awards, Michoacán, "
    page.click("input[name=_save_draft]")
    # A saved draft stays open on its own page, with a message saying it is saved.
    page.wait_for_selector(".messagelist")
    assert sorted(tag.name for tag in Story.objects.get(pk=story.pk).tags.all()) == [
        "Awards",
        "Michoacán",
    ]
    assert not Tag.objects.filter(name="Michoacan").exists()
    assert policy_violations == []
