"""The editorial workflow: each move of a story, who may make it, and what it leaves behind."""

import datetime

import feedparser
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.models import Story, StoryTransition
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import (
    EditorFactory,
    PhotoFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import story_sitemap_urls

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)
AUDIT_LOG = reverse("admin:articles_storytransition_changelist")


def stored(story):
    return Story.objects.get(pk=story.pk)


def transitions(story):
    return list(
        StoryTransition.objects.filter(story=story)
        .order_by("pk")
        .values_list("action", "from_status", "to_status")
    )


def workflow_url(story, step):
    return reverse("admin:articles_story_workflow", args=[story.pk, step])


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Submitting and returning


def test_writer_submits_their_draft_for_review():
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    services.submit_for_review(story=story, user=writer)
    assert stored(story).status == Story.Status.IN_REVIEW
    assert transitions(story) == [("submitted", "draft", "in_review")]


def test_writer_cannot_submit_another_writers_draft():
    story = StoryFactory(draft=True, created_by=WriterFactory())
    with pytest.raises(PermissionDenied):
        services.submit_for_review(story=story, user=WriterFactory())
    assert stored(story).status == Story.Status.DRAFT


def test_a_story_already_in_review_cannot_be_submitted_again():
    editor = EditorFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None)
    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(story=story, user=editor)
    assert refused.value.messages == ["Only a draft can be submitted for review."]
    assert StoryTransition.objects.count() == 0


def test_editor_returns_a_story_in_review_to_draft_with_a_note_for_the_writer():
    editor = EditorFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None)
    services.return_to_draft(story=story, user=editor, note="Add the officers' ranks.")
    transition = StoryTransition.objects.get(story=story)
    assert stored(story).status == Story.Status.DRAFT
    assert (transition.action, transition.user, transition.note) == (
        "returned",
        editor,
        "Add the officers' ranks.",
    )


def test_writer_takes_their_own_story_back_out_of_review():
    writer = WriterFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=writer)
    services.return_to_draft(story=story, user=writer)
    assert stored(story).status == Story.Status.DRAFT


# Publishing and scheduling


def test_publishing_makes_the_story_public_and_records_who_and_when():
    editor = EditorFactory()
    story = StoryFactory(draft=True)
    with time_machine.travel(NOW, tick=False):
        services.publish_story(story=story, user=editor)
        assert stored(story).is_published()
    transition = StoryTransition.objects.get(story=story)
    assert (transition.action, transition.user, transition.at) == ("published", editor, NOW)
    assert (transition.from_status, transition.to_status) == ("draft", "published")


def test_publishing_at_a_future_time_schedules_the_story_until_then():
    editor = EditorFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None)
    at = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        services.publish_story(story=story, user=editor, at=at)
        assert not Story.objects.published().exists()
    with time_machine.travel(at, tick=False):
        assert list(Story.objects.published()) == [story]
    transition = StoryTransition.objects.get(story=story)
    assert (transition.action, transition.publication_time) == ("scheduled", at)


def test_writer_cannot_publish_even_their_own_draft():
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    with pytest.raises(PermissionDenied):
        services.publish_story(story=story, user=writer)
    assert stored(story).status == Story.Status.DRAFT


def test_lead_photo_without_alt_text_blocks_publishing_with_a_message_naming_it():
    photo = PhotoFactory(alt_text="", caption="Award ceremony in Morelia")
    story = StoryFactory(draft=True, lead_photo=photo)
    with pytest.raises(ValidationError) as refused:
        services.publish_story(story=story, user=EditorFactory())
    assert refused.value.message_dict["lead_photo"] == [
        "The lead photo “Award ceremony in Morelia” has no alt text. Describe what it shows, for "
        "readers who cannot see it, in the photo library before publishing."
    ]
    assert stored(story).status == Story.Status.DRAFT


def test_publish_button_on_a_story_whose_photo_lacks_alt_text_explains_and_publishes_nothing(
    client,
):
    client.force_login(EditorFactory())
    story = StoryFactory(draft=True, lead_photo=PhotoFactory(alt_text="", caption="Ceremony"))
    response = client.post(change_url(story), change_form_data(story, _publish="Publish"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_photo"] == [
        "The lead photo “Ceremony” has no alt text. Describe what it shows, for readers who "
        "cannot see it, in the photo library before publishing."
    ]
    assert stored(story).status == Story.Status.DRAFT


def test_a_published_story_with_a_lead_photo_without_alt_text_does_not_validate():
    story = StoryFactory(lead_photo=PhotoFactory(alt_text=""))
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert refused.value.error_dict["lead_photo"][0].code == "lead_photo_without_alt_text"


def test_a_withdrawn_story_cannot_be_published_before_it_is_restored():
    story = StoryFactory(withdrawn=True)
    with pytest.raises(ValidationError) as refused:
        services.publish_story(story=story, user=EditorFactory())
    assert refused.value.messages == [
        "A withdrawn story cannot be published; restore it to draft first."
    ]
    assert stored(story).status == Story.Status.WITHDRAWN


def test_rescheduling_a_public_story_for_later_is_recorded():
    editor = EditorFactory()
    story = StoryFactory()
    later = story.published_at + datetime.timedelta(days=30)
    services.publish_story(story=story, user=editor, at=later)
    assert transitions(story) == [("scheduled", "published", "published")]
    assert not stored(story).is_published()


def test_updating_a_public_story_is_an_edit_not_a_move():
    story = StoryFactory()
    story.standfirst = "Reworded."
    services.publish_story(story=story, user=EditorFactory())
    assert stored(story).standfirst == "Reworded."
    assert StoryTransition.objects.count() == 0


# Unpublishing, withdrawing, restoring


@pytest.mark.parametrize("traits", [{}, {"scheduled": True}], ids=["public", "scheduled"])
def test_unpublishing_moves_a_public_or_scheduled_story_back_to_draft(traits):
    story = StoryFactory(**traits)
    services.unpublish_story(story=story, user=EditorFactory())
    assert stored(story).status == Story.Status.DRAFT
    assert transitions(story) == [("unpublished", "published", "draft")]


def test_writer_cannot_unpublish():
    writer = WriterFactory()
    story = StoryFactory(created_by=writer)
    with pytest.raises(PermissionDenied):
        services.unpublish_story(story=story, user=writer)


def test_withdrawing_needs_a_reason():
    story = StoryFactory()
    with pytest.raises(ValidationError) as refused:
        services.withdraw_story(story=story, user=EditorFactory(), reason="  ")
    assert "reason" in refused.value.message_dict
    assert stored(story).status == Story.Status.PUBLISHED


def test_withdrawing_records_the_reason_in_the_audit_log():
    editor = EditorFactory()
    story = StoryFactory()
    services.withdraw_story(story=story, user=editor, reason="The officer withdrew consent.")
    transition = StoryTransition.objects.get(story=story)
    assert (transition.action, transition.user, transition.note) == (
        "withdrawn",
        editor,
        "The officer withdrew consent.",
    )


def test_withdrawing_takes_the_story_off_every_public_surface_at_once(client):
    story = StoryFactory(headline="A story to withdraw", tags=["withdrawal"])
    services.withdraw_story(story=story, user=EditorFactory(), reason="Source request.")
    assert client.get(story.get_absolute_url()).status_code == 410
    for name in ["home", "articles:story-list"]:
        assert "A story to withdraw" not in client.get(reverse(name)).content.decode()
    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    assert feed.entries == []
    assert client.get(reverse("articles:tag-detail", args=["withdrawal"])).status_code == 404
    (sitemap_page,) = story_sitemap_urls(story)
    assert story.get_absolute_url() not in client.get(sitemap_page).content.decode()


def test_writer_cannot_withdraw():
    writer = WriterFactory()
    story = StoryFactory(created_by=writer)
    with pytest.raises(PermissionDenied):
        services.withdraw_story(story=story, user=writer, reason="Mine.")


def test_restoring_a_withdrawn_story_makes_it_a_draft_readers_still_cannot_see(client):
    story = StoryFactory(withdrawn=True)
    services.restore_story(story=story, user=EditorFactory())
    assert stored(story).status == Story.Status.DRAFT
    assert client.get(story.get_absolute_url()).status_code == 404
    assert transitions(story) == [("restored", "withdrawn", "draft")]


# The admin's workflow pages


def test_withdraw_page_refuses_to_withdraw_without_a_reason(client):
    client.force_login(EditorFactory())
    story = StoryFactory()
    response = client.post(workflow_url(story, "withdraw"), {"note": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert stored(story).status == Story.Status.PUBLISHED


def test_withdraw_page_withdraws_the_story_with_the_reason_given(client):
    client.force_login(EditorFactory())
    story = StoryFactory()
    response = client.post(workflow_url(story, "withdraw"), {"note": "Court order."}, follow=True)
    assert f"“{story.headline}” is withdrawn." in message_texts(response)
    assert StoryTransition.objects.get(story=story).note == "Court order."


def test_return_to_draft_page_is_offered_on_a_story_in_review(client):
    client.force_login(EditorFactory())
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None)
    response = client.get(change_url(story))
    assert workflow_url(story, "return-to-draft") in response.content.decode()


def test_workflow_page_for_a_move_the_story_cannot_make_now_says_so(client):
    client.force_login(EditorFactory())
    story = StoryFactory(draft=True)
    response = client.get(workflow_url(story, "withdraw"), follow=True)
    assert f"“{story.headline}” is draft: it cannot be moved that way now." in message_texts(
        response
    )


def test_submit_for_review_button_hands_the_draft_to_the_editors(client):
    writer = WriterFactory()
    client.force_login(writer)
    story = StoryFactory(draft=True, created_by=writer)
    response = client.post(
        change_url(story),
        change_form_data(story, _submit_for_review="Submit for review"),
        follow=True,
    )
    assert stored(story).status == Story.Status.IN_REVIEW
    # One message, the one that says where the story now stands: not also "was changed".
    assert message_texts(response) == [
        f"“{story.headline}” is in review: an editor will publish it or return it."
    ]


def test_saving_a_draft_says_so_in_one_message(client):
    writer = WriterFactory()
    client.force_login(writer)
    story = StoryFactory(draft=True, created_by=writer)
    response = client.post(
        change_url(story), change_form_data(story, _save_draft="Save draft"), follow=True
    )
    assert message_texts(response) == [f"“{story.headline}” is a draft: readers cannot see it."]


def test_publishing_says_so_in_one_message(client):
    client.force_login(EditorFactory())
    story = StoryFactory(draft=True)
    response = client.post(
        change_url(story), change_form_data(story, _publish="Publish"), follow=True
    )
    assert message_texts(response) == [f"“{story.headline}” is public."]


# The audit log


def test_audit_log_lists_publishing_unpublishing_and_withdrawing_with_user_and_time(client):
    editor = EditorFactory(username="ana")
    with time_machine.travel(NOW, tick=False):
        story = StoryFactory(draft=True, headline="Officers recognised")
        services.publish_story(story=story, user=editor)
        services.unpublish_story(story=story, user=editor)
        services.publish_story(story=story, user=editor)
        services.withdraw_story(story=story, user=editor, reason="Consent withdrawn.")
    client.force_login(EditorFactory())
    response = client.get(AUDIT_LOG)
    rows = [
        (row.action, row.user.username, row.at, row.story_headline)
        for row in response.context["cl"].result_list
    ]
    assert rows == [
        ("withdrawn", "ana", NOW, "Officers recognised"),
        ("published", "ana", NOW, "Officers recognised"),
        ("unpublished", "ana", NOW, "Officers recognised"),
        ("published", "ana", NOW, "Officers recognised"),
    ]


def test_audit_log_filters_by_action(client):
    editor = EditorFactory()
    services.withdraw_story(story=StoryFactory(), user=editor, reason="Consent withdrawn.")
    services.unpublish_story(story=StoryFactory(), user=editor)
    client.force_login(editor)
    response = client.get(AUDIT_LOG, {"action__exact": "withdrawn"})
    assert [row.action for row in response.context["cl"].result_list] == ["withdrawn"]


def test_audit_log_filters_by_user(client):
    ana, ben = EditorFactory(), EditorFactory()
    services.unpublish_story(story=StoryFactory(), user=ana)
    services.unpublish_story(story=StoryFactory(), user=ben)
    client.force_login(ana)
    response = client.get(AUDIT_LOG, {"user__id__exact": ben.pk})
    assert [row.user for row in response.context["cl"].result_list] == [ben]


@pytest.mark.parametrize("rows", [2, 12])
def test_audit_log_runs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    editor = EditorFactory()
    for _ in range(rows):
        services.unpublish_story(story=StoryFactory(), user=EditorFactory())
    client.force_login(editor)
    # Session, user, its own and its groups' permissions, the users to filter by, two counts
    # (filtered and in all), the rows, and the date hierarchy's range and days.
    with django_assert_num_queries(10):
        response = client.get(AUDIT_LOG)
    assert len(response.context["cl"].result_list) == rows


def test_audit_log_cannot_be_edited_or_added_to(client):
    editor = EditorFactory()
    services.unpublish_story(story=StoryFactory(), user=editor)
    transition = StoryTransition.objects.get()
    client.force_login(editor)
    add_response = client.get(reverse("admin:articles_storytransition_add"))
    change_url = reverse("admin:articles_storytransition_change", args=[transition.pk])
    post_response = client.post(change_url, {"note": "Rewritten."})
    assert add_response.status_code == 403
    assert post_response.status_code == 403
    transition.refresh_from_db()
    assert transition.note == ""


def test_story_change_form_shows_its_workflow_history(client):
    editor = EditorFactory(username="ana", first_name="Ana", last_name="Ruiz")
    story = StoryFactory(draft=True)
    services.publish_story(story=story, user=editor)
    client.force_login(editor)
    response = client.get(change_url(story))
    assert "Published (Ana Ruiz)" in response.content.decode()
