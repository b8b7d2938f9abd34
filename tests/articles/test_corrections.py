"""Corrections and updates: dated notes an editor adds to a story readers have seen, shown on the
story, moving its modified date on the page, in its schema.org data and in the feeds."""

import datetime
import json

import feedparser
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.models import Correction, PublicCorrectionError, Story
from tests.articles.story_forms import change_form_data, change_url, management
from tests.factories import (
    AdministratorFactory,
    CorrectionFactory,
    EditorFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)
CORRECTED = datetime.datetime(2021, 1, 14, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def story():
    with time_machine.travel(PUBLISHED, tick=False):
        return StoryFactory(headline="Officers recognised", published_at=PUBLISHED)


def correct(story, text="The programme began in 2017, not 2018.", **kwargs):
    with time_machine.travel(CORRECTED, tick=False):
        return services.add_correction(story=story, user=EditorFactory(), text=text, **kwargs)


def json_ld(response):
    for script in page(response).find_all("script", type="application/ld+json"):
        data = json.loads(script.text)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle on the page")


# On the story


def test_correction_is_shown_on_the_story_with_its_date(client, story):
    correct(story)
    html = page(client.get(story.get_absolute_url()))
    section = html.find("section", id="corrections")
    assert section is not None
    assert html.texts("h2", id="corrections-heading") == ["Corrections and updates"]
    assert "Correction, 14 January 2021: The programme began in 2017, not 2018." in html.text


def test_an_update_note_is_labelled_as_an_update(client, story):
    correct(story, text="The award ceremony was postponed.", kind=Correction.Kind.UPDATE)
    assert (
        "Update, 14 January 2021: The award ceremony was postponed."
        in page(client.get(story.get_absolute_url())).text
    )


def test_story_header_says_when_it_was_last_updated_and_links_to_the_notes(client, story):
    correct(story)
    html = page(client.get(story.get_absolute_url()))
    assert html.link_texts("#corrections") == ["Updated 14 January 2021"]


def test_a_story_without_corrections_shows_no_corrections_section(client, story):
    html = page(client.get(story.get_absolute_url()))
    assert html.find_all("section", id="corrections") == []
    assert "Updated" not in html.text


def test_corrections_are_listed_oldest_first(client, story):
    correct(story, text="First note.")
    with time_machine.travel(CORRECTED + datetime.timedelta(days=1), tick=False):
        services.add_correction(story=story, user=EditorFactory(), text="Second note.")
    items = page(client.get(story.get_absolute_url())).texts("li")
    notes = [item for item in items if item.startswith("Correction,")]
    assert [note.split(": ", 1)[1] for note in notes] == ["First note.", "Second note."]


def test_corrections_cost_the_story_page_no_extra_query_however_many(client):
    counts = []
    for corrections in (0, 1, 6):
        story = StoryFactory()
        CorrectionFactory.create_batch(corrections, story=story)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    # One query reads the corrections, whether there are none, one or six.
    assert counts[0] == counts[1] == counts[2]


# Dates that move


def test_correction_moves_the_story_modified_date(story):
    correct(story)
    assert Story.objects.get(pk=story.pk).updated_at == CORRECTED


def test_correction_moves_date_modified_in_the_schema_org_data(client, story):
    correct(story)
    data = json_ld(client.get(story.get_absolute_url()))
    assert data["dateModified"] == CORRECTED.isoformat()
    assert data["datePublished"] == PUBLISHED.isoformat()


@pytest.mark.parametrize("name", ["articles:feed-rss", "articles:feed-atom"])
def test_correction_moves_the_feed_entry_updated_date(client, story, name):
    correct(story)
    feed = feedparser.parse(client.get(reverse(name)).content)
    (entry,) = feed.entries
    assert entry.updated_parsed[:5] == CORRECTED.utctimetuple()[:5]
    assert entry.published_parsed[:5] == PUBLISHED.utctimetuple()[:5]


# Who may correct what


def test_writer_cannot_add_a_correction(story):
    with pytest.raises(PermissionDenied):
        services.add_correction(story=story, user=WriterFactory(), text="A fix.")
    assert not Correction.objects.exists()


def test_a_story_readers_never_saw_takes_no_correction():
    draft = StoryFactory(draft=True)
    with pytest.raises(PermissionDenied):
        services.add_correction(story=draft, user=EditorFactory(), text="A fix.")


def test_a_correction_needs_text(story):
    with pytest.raises(ValidationError):
        services.add_correction(story=story, user=EditorFactory(), text="   ")


def test_correction_records_who_added_it(story):
    editor = EditorFactory()
    correction = services.add_correction(story=story, user=editor, text="A fix.")
    assert correction.created_by == editor


# In the admin


def test_editor_adds_a_correction_from_the_story_form(client, story):
    editor = EditorFactory()
    client.force_login(editor)
    data = change_form_data(story, _publish="Update")
    data.update(
        {
            **management("corrections", total=1),
            "corrections-0-kind": "correction",
            "corrections-0-text": "The programme began in 2017.",
        }
    )
    with time_machine.travel(CORRECTED, tick=False):
        response = client.post(change_url(story), data)
    assert response.status_code == 302
    correction = Correction.objects.get(story=story)
    assert (correction.text, correction.created_by, correction.created_at) == (
        "The programme began in 2017.",
        editor,
        CORRECTED,
    )
    assert Story.objects.get(pk=story.pk).updated_at == CORRECTED


def test_writers_are_not_offered_corrections_on_the_story_form(client):
    writer = WriterFactory()
    draft = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    response = client.get(change_url(draft))
    assert "corrections-TOTAL_FORMS" not in response.content.decode()


def test_editors_are_offered_corrections_only_on_stories_readers_have_seen(client, story):
    client.force_login(EditorFactory())
    draft = StoryFactory(draft=True)
    assert "corrections-TOTAL_FORMS" in client.get(change_url(story)).content.decode()
    assert "corrections-TOTAL_FORMS" not in client.get(change_url(draft)).content.decode()


def test_editors_cannot_delete_a_correction_readers_have_seen(client, story):
    CorrectionFactory(story=story)
    client.force_login(EditorFactory())
    response = client.get(change_url(story))
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Correction
    ]
    assert not formset.can_delete


# Append-only once readers have read it


def correction_form_data(story, correction, **fields):
    data = change_form_data(story, _publish="Update")
    data.update(
        {
            **management("corrections", total=1, initial=1),
            "corrections-0-id": correction.pk,
            "corrections-0-story": story.pk,
            "corrections-0-kind": correction.kind,
            "corrections-0-text": correction.text,
            **fields,
        }
    )
    return data


def test_the_words_of_a_public_correction_cannot_be_rewritten(story):
    correction = correct(story)
    correction.text = "The programme began in 2019."
    with pytest.raises(PublicCorrectionError):
        correction.save()
    assert Correction.objects.get(pk=correction.pk).text == "The programme began in 2017, not 2018."


def test_a_public_correction_cannot_be_deleted(story):
    correction = correct(story)
    with pytest.raises(PublicCorrectionError):
        correction.delete()
    assert Correction.objects.filter(pk=correction.pk).exists()


def post_as_editor(client, story, correction, **fields):
    """An editor's hand-made change to a public correction (its boxes are disabled)."""
    client.force_login(EditorFactory())
    return client.post(change_url(story), correction_form_data(story, correction, **fields))


def test_an_editor_rewording_a_public_correction_in_the_admin_is_told_and_keeps_the_words(
    client, story
):
    correction = correct(story)
    response = post_as_editor(client, story, correction, **{"corrections-0-text": "In 2019."})
    assert response.status_code == 200
    html = page(response)
    assert "its words stay as they are" in html.text
    assert html.find("textarea", name="corrections-0-text").text.strip() == "In 2019."
    assert Correction.objects.get(pk=correction.pk).text == correction.text
    assert "In 2019." not in client.get(story.get_absolute_url()).content.decode()


def test_changing_the_kind_of_a_public_correction_is_refused_too(client, story):
    correction = correct(story)
    response = post_as_editor(client, story, correction, **{"corrections-0-kind": "update"})
    assert response.status_code == 200
    assert "its words stay as they are" in page(response).text
    assert Correction.objects.get(pk=correction.pk).kind == Correction.Kind.CORRECTION


def test_the_admin_shows_a_public_correction_in_a_box_that_cannot_be_edited(client, story):
    correct(story)
    client.force_login(EditorFactory())
    box = page(client.get(change_url(story))).find("textarea", name="corrections-0-text")
    assert "disabled" in box.attrs


def test_not_even_an_administrator_deletes_a_public_correction_in_the_admin(client, story):
    correction = correct(story)
    client.force_login(AdministratorFactory())
    response = client.post(
        change_url(story), correction_form_data(story, correction, **{"corrections-0-DELETE": "on"})
    )
    assert response.status_code == 200
    assert "stays on the record" in response.content.decode()
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_a_change_is_a_new_dated_correction_and_readers_see_both(client, story):
    correct(story)
    client.force_login(EditorFactory())
    first = Correction.objects.get()
    data = correction_form_data(story, first)
    data.update(
        {
            **management("corrections", total=2, initial=1),
            "corrections-1-story": story.pk,
            "corrections-1-kind": "correction",
            "corrections-1-text": "The programme began in March 2017.",
        }
    )
    assert client.post(change_url(story), data).status_code == 302
    html = page(client.get(story.get_absolute_url())).text
    assert "The programme began in 2017, not 2018." in html
    assert "The programme began in March 2017." in html


def test_a_note_readers_never_read_can_still_be_reworded(story):
    services.unpublish_story(story=story, user=EditorFactory())
    correction = correct(story)
    correction.text = "The programme began in 2017."
    correction.save()
    assert Correction.objects.get(pk=correction.pk).text == "The programme began in 2017."


def test_a_note_becomes_public_with_its_story_and_stays_so_when_it_is_unpublished(story):
    editor = EditorFactory()
    services.unpublish_story(story=story, user=editor)
    correction = correct(story)
    services.publish_story(story=Story.objects.get(pk=story.pk), user=editor)
    services.unpublish_story(story=Story.objects.get(pk=story.pk), user=editor)
    correction = Correction.objects.get(pk=correction.pk)
    correction.text = "Something else."
    with pytest.raises(PublicCorrectionError):
        correction.save()


def test_a_note_on_a_scheduled_story_becomes_public_at_the_storys_time():
    with time_machine.travel(PUBLISHED, tick=False):
        story = StoryFactory(published_at=PUBLISHED)
    with time_machine.travel(CORRECTED, tick=False):
        story.published_at = CORRECTED + datetime.timedelta(days=1)
        story.save()
    correction = correct(story)
    assert not correction.is_public(now=CORRECTED)
    assert correction.is_public(now=CORRECTED + datetime.timedelta(days=1))
