"""Revisions: every save keeps one; staff see who changed what, compare two, restore one."""

import pytest
import reversion
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import revisions, services
from articles.models import Correction, Story, StoryTransition
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import (
    CorrectionFactory,
    EditorFactory,
    FurtherLinkFactory,
    OfficerFactory,
    PhotoFactory,
    QuoteFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db


def history_url(story):
    return reverse("admin:articles_story_history", args=[story.pk])


def restore_url(story, version):
    return reverse("admin:articles_story_restore_revision", args=[story.pk, version.pk])


def oldest_version(story):
    return revisions.versions_of(story).order_by("pk").first()


def edit(story, user, **fields):
    """Save ``fields`` on the story as ``user`` would in one revision."""
    with reversion.create_revision():
        reversion.set_user(user)
        for name, value in fields.items():
            setattr(story, name, value)
        story.updated_by = user
        story.save()
    return story


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Keeping revisions


def test_every_save_keeps_a_revision():
    story = StoryFactory(draft=True)
    story.headline = "Second headline"
    story.save()
    story.standfirst = "Third standfirst."
    story.save()
    assert revisions.versions_of(story).count() == 3


def test_a_revision_holds_the_quotes_links_tags_and_people_of_the_story():
    officer = OfficerFactory()
    story = StoryFactory(draft=True, tags=["awards", "police"], officers=[officer])
    QuoteFactory(story=story, officer=officer, text="We work with human beings.")
    FurtherLinkFactory(story=story, label="UNODC in Mexico")
    story.save()
    state = revisions.state_of_version(revisions.versions_of(story).first())
    assert state.tags == ["awards", "police"]
    assert state.fields["officers"] == [officer.pk]
    assert [quote["text"] for quote in state.quotes] == ["We work with human beings."]
    assert [link["label"] for link in state.links] == ["UNODC in Mexico"]


def test_an_admin_save_records_who_saved_and_what_they_changed(client):
    editor = EditorFactory(username="ana")
    story = StoryFactory(draft=True)
    client.force_login(editor)
    client.post(change_url(story), change_form_data(story, headline="New headline", _continue="1"))
    revision = revisions.versions_of(story).first().revision
    assert revision.user == editor
    assert "Changed Headline." in revision.comment


def test_publishing_says_so_in_the_revision_comment():
    story = StoryFactory(draft=True)
    services.publish_story(story=story, user=EditorFactory())
    assert revisions.versions_of(story).first().revision.comment == "Published."


# Seeing who changed what


def test_history_lists_every_revision_with_who_saved_it(client):
    ana, ben = EditorFactory(username="ana"), EditorFactory(username="ben")
    story = StoryFactory(draft=True)
    edit(story, ana, headline="Ana's headline")
    edit(story, ben, headline="Ben's headline")
    client.force_login(ana)
    response = client.get(history_url(story))
    saved_by = [version.revision.user for version in response.context["versions"]]
    assert saved_by == [ben, ana, None]


def test_history_lists_the_workflow_moves(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True)
    services.publish_story(story=story, user=editor)
    client.force_login(editor)
    response = client.get(history_url(story))
    assert [transition.action for transition in response.context["transitions"]] == ["published"]


def test_compare_shows_two_revisions_field_by_field(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Officers honoured", standfirst="Same.")
    first = revisions.versions_of(story).first()
    edit(story, editor, headline="Officers recognised", body="<p>New text.</p>")
    second = revisions.versions_of(story).first()
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_story_compare", args=[story.pk]),
        {"from": first.pk, "to": second.pk},
    )
    changed = {change.name: change for change in response.context["changed"]}
    assert set(changed) == {"headline", "body"}
    assert (changed["headline"].old, changed["headline"].new) == (
        "Officers honoured",
        "Officers recognised",
    )
    assert "<del>honoured</del><ins>recognised</ins>" in changed["headline"].diff
    assert "Standfirst" in [change.label for change in response.context["unchanged"]]


def test_compare_without_two_revisions_of_this_story_asks_for_them(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True)
    other = StoryFactory(draft=True)
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_story_compare", args=[story.pk]),
        {"from": "x", "to": revisions.versions_of(other).first().pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == history_url(story)
    assert "Choose two revisions of this story to compare." in message_texts(response)


def test_word_diff_escapes_what_it_shows():
    assert revisions.word_diff("<b>", "<i>") == "<del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>"


# Restoring


def test_restoring_brings_back_the_text_people_tags_quotes_and_links():
    editor = EditorFactory()
    officer = OfficerFactory()
    story = StoryFactory(draft=True, headline="Original", body="<p>Original.</p>", tags=["awards"])
    story.officers.add(officer)
    QuoteFactory(story=story, officer=officer, text="Original quote.")
    FurtherLinkFactory(story=story, label="Original link")
    story.save()
    original = revisions.versions_of(story).first()
    with reversion.create_revision():
        story.headline, story.body = "Rewritten", "<p>Rewritten.</p>"
        story.save()
        story.tags.set(["other"])
        story.officers.clear()
        story.quotes.all().delete()
        story.links.update(label="Changed link")
    services.restore_revision(story=story, version=original, user=editor)
    story = Story.objects.get(pk=story.pk)
    assert (story.headline, story.body_html) == ("Original", "<p>Original.</p>")
    assert [tag.name for tag in story.tags.all()] == ["awards"]
    assert list(story.officers.all()) == [officer]
    assert [quote.text for quote in story.quotes.all()] == ["Original quote."]
    assert [link.label for link in story.links.all()] == ["Original link"]


@pytest.mark.parametrize(
    "traits, status",
    [({"draft": True}, Story.Status.DRAFT), ({}, Story.Status.PUBLISHED)],
    ids=["draft", "published"],
)
def test_restoring_never_changes_the_status(traits, status):
    editor = EditorFactory()
    story = StoryFactory(headline="Original", **traits)
    original = oldest_version(story)
    edit(story, editor, headline="Rewritten")
    services.restore_revision(story=story, version=original, user=editor)
    story.refresh_from_db()
    assert (story.headline, story.status) == ("Original", status)


def test_restoring_a_draft_revision_of_a_published_story_does_not_publish_or_unpublish_it():
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Draft headline")
    draft_revision = oldest_version(story)
    services.publish_story(story=story, user=editor)
    services.restore_revision(story=story, version=draft_revision, user=editor)
    story.refresh_from_db()
    assert story.is_published()


def test_restoring_keeps_the_address_of_a_story_readers_have_seen():
    editor = EditorFactory()
    story = StoryFactory(draft=True, slug="first-address")
    first = oldest_version(story)
    edit(story, editor, slug="second-address")
    services.publish_story(story=story, user=editor)
    services.restore_revision(story=story, version=first, user=editor)
    story.refresh_from_db()
    assert story.slug == "second-address"


def test_restoring_is_recorded_as_a_workflow_event_and_a_new_revision():
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Original")
    original = oldest_version(story)
    edit(story, editor, headline="Rewritten")
    services.restore_revision(story=story, version=original, user=editor)
    transition = StoryTransition.objects.get(story=story)
    newest = revisions.versions_of(story).first()
    assert (transition.action, transition.user) == ("reverted", editor)
    assert newest.revision.user == editor
    assert newest.field_dict["headline"] == "Original"
    assert revisions.versions_of(story).count() == 3


def test_restoring_leaves_corrections_in_place():
    editor = EditorFactory()
    story = StoryFactory(headline="Original")
    original = oldest_version(story)
    CorrectionFactory(story=story)
    edit(story, editor, headline="Rewritten")
    services.restore_revision(story=story, version=original, user=editor)
    assert Correction.objects.filter(story=story).count() == 1


def test_restoring_drops_a_photo_deleted_since():
    editor = EditorFactory()
    photo = PhotoFactory()
    story = StoryFactory(draft=True, lead_photo=photo)
    original = oldest_version(story)
    edit(story, editor, lead_photo=None)
    photo.delete()
    services.restore_revision(story=story, version=original, user=editor)
    story.refresh_from_db()
    assert story.lead_photo is None


def test_a_revision_of_another_story_cannot_be_restored_onto_this_one(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True)
    other = StoryFactory(draft=True)
    client.force_login(editor)
    response = client.get(restore_url(story, revisions.versions_of(other).first()), follow=True)
    assert "That revision does not exist." in message_texts(response)


def test_restore_page_shows_what_restoring_will_change(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Original")
    original = oldest_version(story)
    edit(story, editor, headline="Rewritten")
    client.force_login(editor)
    response = client.get(restore_url(story, original))
    assert [(change.name, change.old, change.new) for change in response.context["changed"]] == [
        ("headline", "Rewritten", "Original")
    ]


def test_restoring_through_the_admin_returns_to_the_story_saying_so(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Original")
    original = oldest_version(story)
    edit(story, editor, headline="Rewritten")
    client.force_login(editor)
    response = client.post(
        restore_url(story, original), {"version": Story.objects.get(pk=story.pk).version}
    )
    assert response.url == change_url(story)
    assert Story.objects.get(pk=story.pk).headline == "Original"


def test_restoring_over_an_edit_made_meanwhile_is_refused(client):
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Original")
    original = oldest_version(story)
    edit(story, editor, headline="Rewritten")
    seen_version = Story.objects.get(pk=story.pk).version
    edit(Story.objects.get(pk=story.pk), EditorFactory(), headline="Someone else's")
    client.force_login(editor)
    response = client.post(restore_url(story, original), {"version": seen_version}, follow=True)
    assert "Someone saved the story while you were looking; check again." in message_texts(response)
    assert Story.objects.get(pk=story.pk).headline == "Someone else's"


def test_writer_cannot_restore_a_revision_of_a_story_in_review(client):
    writer = WriterFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=writer)
    client.force_login(writer)
    response = client.post(restore_url(story, oldest_version(story)), {"version": story.version})
    assert response.status_code == 403


def test_history_offers_restoring_only_to_those_who_may_edit(client):
    writer = WriterFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=writer)
    edit(story, writer, headline="Second")
    client.force_login(writer)
    html = page(client.get(history_url(story)))
    assert not [href for href in html.hrefs() if href and "/restore/" in href]
