"""Desk notifications also go by email: one per move per person, in their language and time
zone, never to the person who moved the story nor to anyone who turned emails off."""

import datetime

import pytest

from accounts.models import Profile
from articles import services
from articles.models import StoryTransition
from desk.notifications import notify_move
from tests.factories import EditorFactory, StoryFactory, WriterFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return WriterFactory(first_name="Ana", last_name="Ruiz", email="ana@example.org")


@pytest.fixture
def editor():
    return EditorFactory(first_name="Luis", last_name="Pérez", email="luis@example.org")


@pytest.fixture
def draft(writer):
    return StoryFactory(draft=True, created_by=writer, headline="Officers recognised")


def emails_to(mailoutbox, address):
    return [email for email in mailoutbox if address in email.to[0]]


def test_each_editor_gets_one_email_when_a_story_is_submitted(writer, editor, draft, mailoutbox):
    other = EditorFactory(email="other@example.org")

    services.submit_for_review(story=draft, user=writer)
    run_queued_tasks()

    for address in (editor.email, other.email):
        (email,) = emails_to(mailoutbox, address)
        assert email.subject == "Ana Ruiz submitted “Officers recognised” for review."
        assert f"/admin/articles/story/{draft.pk}/change/" in email.body
    assert emails_to(mailoutbox, writer.email) == []


def test_a_move_announced_twice_is_emailed_once(writer, editor, draft, mailoutbox):
    services.submit_for_review(story=draft, user=writer)
    notify_move(transition=StoryTransition.objects.get())
    run_queued_tasks()

    assert len(emails_to(mailoutbox, editor.email)) == 1


def test_the_writer_gets_the_note_when_their_story_is_returned(writer, editor, draft, mailoutbox):
    services.submit_for_review(story=draft, user=writer)
    services.return_to_draft(story=draft, user=editor, note="Name the second officer.")
    run_queued_tasks()

    (email,) = emails_to(mailoutbox, writer.email)
    assert email.subject == "Luis Pérez returned “Officers recognised” to draft."
    assert "Note: Name the second officer." in email.body


def test_a_spanish_speaking_editor_reads_it_in_spanish_in_mexico_city_time(
    editor, mailoutbox, settings
):
    settings.TIME_ZONE = "UTC"
    maria = EditorFactory(first_name="María", last_name="López", email="maria@example.org")
    Profile.objects.create(user=maria, language="es", time_zone="America/Mexico_City")
    story = StoryFactory(draft=True, created_by=maria, headline="Policías reconocidos")
    at = datetime.datetime(2031, 1, 12, 18, 0, tzinfo=datetime.UTC)

    services.publish_story(story=story, user=editor, at=at)
    run_queued_tasks()

    (email,) = emails_to(mailoutbox, maria.email)
    assert email.extra_headers["Content-Language"] == "es"
    assert "Luis Pérez programó «Policías reconocidos»" in email.body
    # 18:00 UTC is noon in Mexico City.
    assert "12 de enero de 2031 a las 12:00" in email.body
    assert "Abrir la noticia" in email.body


def test_nobody_who_turned_emails_off_gets_one(writer, editor, draft, mailoutbox):
    Profile.objects.create(user=editor, email_notifications=False)

    services.submit_for_review(story=draft, user=writer)
    run_queued_tasks()

    assert emails_to(mailoutbox, editor.email) == []
    assert editor.desk_notifications.count() == 1


def test_turning_emails_off_before_it_is_sent_stops_it(writer, editor, draft, mailoutbox):
    services.submit_for_review(story=draft, user=writer)
    Profile.objects.create(user=editor, email_notifications=False)
    run_queued_tasks()

    assert emails_to(mailoutbox, editor.email) == []


def test_an_inactive_editor_gets_no_email(writer, draft, mailoutbox):
    gone = EditorFactory(is_active=False, email="gone@example.org")

    services.submit_for_review(story=draft, user=writer)
    run_queued_tasks()

    assert emails_to(mailoutbox, gone.email) == []


def test_nobody_is_emailed_about_their_own_move(editor, mailoutbox):
    story = StoryFactory(draft=True, created_by=editor)

    services.publish_story(story=story, user=editor)
    run_queued_tasks()

    assert mailoutbox == []


def test_the_writer_gets_an_email_in_their_language_when_their_story_is_published(
    writer, editor, draft, mailoutbox
):
    Profile.objects.create(user=writer, language="es")
    services.submit_for_review(story=draft, user=writer)

    services.publish_story(story=draft, user=editor)
    run_queued_tasks()

    (email,) = emails_to(mailoutbox, writer.email)
    assert email.extra_headers["Content-Language"] == "es"
    assert email.subject == "Luis Pérez publicó «Officers recognised»."
    assert "Abrir la noticia" in email.body
    assert f"/admin/articles/story/{draft.pk}/change/" in email.body


def test_the_writer_gets_an_email_with_the_time_in_their_time_zone_when_it_is_scheduled(
    writer, editor, draft, mailoutbox, settings
):
    settings.TIME_ZONE = "UTC"
    Profile.objects.create(user=writer, language="en", time_zone="America/Mexico_City")
    at = datetime.datetime(2031, 1, 12, 16, 0, tzinfo=datetime.UTC)

    services.publish_story(story=draft, user=editor, at=at)
    run_queued_tasks()

    (email,) = emails_to(mailoutbox, writer.email)
    assert email.extra_headers["Content-Language"] == "en"
    # 16:00 UTC is 10 in the morning in Mexico City.
    assert email.subject == (
        "Luis Pérez scheduled “Officers recognised” to go out on Jan. 12, 2031, 10 a.m."
    )


@pytest.mark.parametrize("scheduled", [False, True])
def test_the_writer_is_emailed_once_however_often_the_move_is_announced(
    writer, editor, draft, mailoutbox, scheduled
):
    at = datetime.datetime(2031, 1, 12, 16, 0, tzinfo=datetime.UTC) if scheduled else None

    services.publish_story(story=draft, user=editor, at=at)
    notify_move(transition=StoryTransition.objects.get())
    run_queued_tasks()

    assert len(emails_to(mailoutbox, writer.email)) == 1


@pytest.mark.parametrize("scheduled", [False, True])
def test_a_writer_who_turned_emails_off_is_not_emailed_when_their_story_goes_out(
    writer, editor, draft, mailoutbox, scheduled
):
    Profile.objects.create(user=writer, email_notifications=False)
    at = datetime.datetime(2031, 1, 12, 16, 0, tzinfo=datetime.UTC) if scheduled else None

    services.publish_story(story=draft, user=editor, at=at)
    run_queued_tasks()

    assert emails_to(mailoutbox, writer.email) == []
    assert writer.desk_notifications.count() == 1
