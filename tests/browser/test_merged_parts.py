"""Saving after a conflict, in a real browser, when the other person changed a quote and a link:
their change to a field the person left alone is taken into the form, a field both changed shows
both versions with what the person typed kept on screen, and saving again keeps all of it."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from articles.models import FurtherLink, Quote, Story
from tests.browser.conftest import CHROMIUM, signed_in_page
from tests.factories import (
    EditorFactory,
    FurtherLinkFactory,
    QuoteFactory,
    StoryFactory,
    WriterFactory,
)

TAKEN_IN = {
    "en": "Their changes to what you had not changed are now in the form",
    "es": "Sus cambios en lo que usted no había modificado ya están en el formulario",
}

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def other_person_edits(story, *, quote_text, link_label):
    """Ana saves the story with a new quote text and link label, as one admin save does."""
    quote, link = story.quotes.get(), story.links.get()
    quote.text, link.label = quote_text, link_label
    quote.save()
    link.save()
    ana = EditorFactory(username="ana", first_name="Ana")
    story = Story.objects.get(pk=story.pk)
    story.updated_by = ana
    story.save()  # a new version, and its revision with the quote and the link


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["writer", "editor"])
def test_saving_after_a_conflict_keeps_their_quote_and_your_link(
    live_server, browser, folder, policy_violations, role, language
):
    person = (WriterFactory if role == "writer" else EditorFactory)(username="ben")
    Profile.objects.update_or_create(user=person, defaults={"language": language})
    story = StoryFactory(draft=True, created_by=person, headline="Officers trained in Morelia")
    QuoteFactory(
        story=story,
        officer=None,
        speaker_name="Rosa Díaz",
        text="We work with human beings.",
        order=0,
    )
    FurtherLinkFactory(story=story, label="UNODC in Mexico", order=0)
    story.save()  # its revision holds the quote and the link

    page = signed_in_page(browser, live_server.url, "ben", policy_violations, locale=language)
    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))
    page.fill("#id_quotes-0-speaker_role", "Lead trainer")
    page.fill("#id_links-0-label", "UNODC office in Mexico City")
    other_person_edits(story, quote_text="We train human beings.", link_label="UNODC Mexico")
    page.click("input[name=_save_draft]")

    page.wait_for_selector(".workflow-conflict")
    conflict = page.inner_text(".workflow-conflict")
    assert TAKEN_IN[language] in conflict
    assert "UNODC Mexico" in conflict
    assert "UNODC office in Mexico City" in conflict
    assert page.input_value("#id_quotes-0-text") == "We train human beings."
    assert page.input_value("#id_quotes-0-speaker_role") == "Lead trainer"
    assert page.input_value("#id_links-0-label") == "UNODC office in Mexico City"
    page.screenshot(path=folder / f"conflict-parts-{role}-{language}.png", full_page=True)

    page.click("input[name=_save_draft]")
    page.wait_for_selector(".messagelist")
    quote, link = Quote.objects.get(story=story), FurtherLink.objects.get(story=story)
    assert (quote.text, quote.speaker_role) == ("We train human beings.", "Lead trainer")
    assert link.label == "UNODC office in Mexico City"
    assert policy_violations == []
