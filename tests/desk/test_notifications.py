"""Staff are told about the moves that concern them, once each, on the desk."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models import StoryTransition
from desk.models import Notification
from desk.notifications import notify_move
from tests.factories import EditorFactory, StoryFactory, UserFactory, WriterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return WriterFactory(first_name="Ana", last_name="Ruiz")


@pytest.fixture
def editor():
    return EditorFactory(first_name="Luis", last_name="Pérez")


@pytest.fixture
def draft(writer):
    return StoryFactory(draft=True, created_by=writer, headline="Officers recognised")


def told(user):
    return [str(notification.message) for notification in user.desk_notifications.all()]


def test_editors_are_told_when_a_story_is_submitted(writer, editor, draft):
    other_editor = EditorFactory()
    services.submit_for_review(story=draft, user=writer)
    expected = ["Ana Ruiz submitted “Officers recognised” for review."]
    assert told(editor) == told(other_editor) == expected


def test_writers_are_not_told_of_a_colleagues_submission(writer, draft):
    colleague = WriterFactory()
    services.submit_for_review(story=draft, user=writer)
    assert told(colleague) == []
    assert told(writer) == []


def test_an_inactive_editor_is_not_told(writer, draft):
    gone = EditorFactory(is_active=False)
    services.submit_for_review(story=draft, user=writer)
    assert told(gone) == []


def test_the_writer_is_told_when_their_story_is_published(writer, editor, draft):
    services.submit_for_review(story=draft, user=writer)
    services.publish_story(story=draft, user=editor)
    assert told(writer) == ["Luis Pérez published “Officers recognised”."]


def test_the_writer_is_told_when_their_story_is_scheduled_with_the_time(
    writer, editor, draft, settings
):
    import datetime

    settings.TIME_ZONE = "America/Mexico_City"
    at = datetime.datetime(2031, 1, 12, 18, 0, tzinfo=datetime.UTC)
    services.publish_story(story=draft, user=editor, at=at)
    assert told(writer) == [
        "Luis Pérez scheduled “Officers recognised” to go out on Jan. 12, 2031, noon"
    ]


def test_the_writer_is_told_when_their_story_is_returned_with_the_note(writer, editor, draft):
    services.submit_for_review(story=draft, user=writer)
    services.return_to_draft(story=draft, user=editor, note="Name the second officer.")
    [notification] = writer.desk_notifications.all()
    assert str(notification.message) == "Luis Pérez returned “Officers recognised” to draft."
    assert notification.transition.note == "Name the second officer."


def test_the_writer_is_told_when_their_story_is_unpublished(writer, editor, draft):
    services.publish_story(story=draft, user=editor)
    services.unpublish_story(story=draft, user=editor)
    assert told(writer)[0] == ("Luis Pérez unpublished “Officers recognised”: it is a draft again.")


def test_nobody_is_told_of_their_own_move(editor):
    story = StoryFactory(draft=True, created_by=editor)
    services.publish_story(story=story, user=editor)
    assert Notification.objects.count() == 0


def test_a_move_is_told_once_however_often_it_is_announced(writer, editor, draft):
    services.submit_for_review(story=draft, user=writer)
    transition = StoryTransition.objects.get()
    notify_move(transition=transition)
    assert Notification.objects.filter(recipient=editor).count() == 1


def test_a_move_that_fails_tells_nobody(writer, editor):
    story = StoryFactory(draft=True, created_by=WriterFactory())
    with pytest.raises(PermissionDenied):
        services.submit_for_review(story=story, user=writer)
    assert Notification.objects.count() == 0


def test_a_notification_reads_in_the_language_of_whoever_reads_it(writer, editor, draft):
    services.submit_for_review(story=draft, user=writer)
    [notification] = editor.desk_notifications.all()
    with translation.override("es"):
        assert str(notification.message) == "Ana Ruiz envió «Officers recognised» a revisión."


def test_the_desk_lists_unread_notifications_and_marks_them_read(client, writer, editor, draft):
    services.submit_for_review(story=draft, user=writer)
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Ana Ruiz submitted “Officers recognised” for review." in page
    client.post(reverse("admin:desk-notifications-read"))
    assert editor.desk_notifications.unread().count() == 0
    assert (
        "submitted “Officers recognised”" not in client.get(reverse("admin:index")).content.decode()
    )


def test_marking_read_touches_only_ones_own_notifications(client, writer, editor, draft):
    other_editor = EditorFactory()
    services.submit_for_review(story=draft, user=writer)
    client.force_login(editor)
    client.post(reverse("admin:desk-notifications-read"))
    assert other_editor.desk_notifications.unread().count() == 1


def test_a_superuser_is_told_of_submissions(writer, draft):
    boss = UserFactory(is_staff=True, is_superuser=True)
    services.submit_for_review(story=draft, user=writer)
    assert len(told(boss)) == 1
