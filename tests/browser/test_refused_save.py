"""A refused save as a person meets it in a real browser: an editor fixes a public story that a
colleague withdraws while they type. Pressing "Update" does not save, and does not lose the fix:
the form comes back with it, says why, and offers the button that now applies."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Story
from tests.browser.conftest import CHROMIUM, signed_in_page
from tests.factories import EditorFactory, StoryFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def test_an_editor_whose_story_is_withdrawn_while_they_type_keeps_their_fix(
    browser, live_server, policy_violations
):
    EditorFactory(username="ben", first_name="Ben")
    withdrawer = EditorFactory(username="ana", first_name="Ana")
    story = StoryFactory(headline="Officers trained in Morelia", standfirst="As published.")
    page = signed_in_page(browser, live_server.url, "ben", policy_violations)

    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))
    page.fill("#id_standfirst", "A summary Ben fixed while Ana withdrew the story.")
    services.withdraw_story(
        story=Story.objects.get(pk=story.pk), user=withdrawer, reason="Consent withdrawn."
    )
    page.click("input[name=_publish]")

    page.wait_for_selector(".errornote, .errorlist")
    errors = page.inner_text("#content")
    assert "Not saved." in errors
    assert "Ana made this story “withdrawn”" in errors
    assert page.input_value("#id_standfirst") == (
        "A summary Ben fixed while Ana withdrew the story."
    )
    # The button that applies now keeps the fix on the withdrawn story.
    assert page.locator("input[name=_publish]").count() == 0
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    stored = Story.objects.get(pk=story.pk)
    assert stored.standfirst == "A summary Ben fixed while Ana withdrew the story."
    assert stored.status == Story.Status.WITHDRAWN
    assert policy_violations == []
