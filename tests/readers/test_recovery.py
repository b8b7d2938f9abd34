"""A starting worker takes over the readers' email a killed worker left unsent
(``readers.tasks.requeue_unsent``): a story's email and the last digest are queued again once,
however many workers start, and each reader still gets one email."""

import datetime
import zoneinfo

import pytest

from articles import services as story_services
from readers.tasks import ensure_digest_scheduled, requeue_unsent
from tests.factories import ReaderFactory, StoryFactory, SubscriptionFactory
from tests.readers.conftest import mail_to
from tests.tasks import kill_worker_running, queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


def at(day, hour, minute=0):
    return datetime.datetime(2031, 1, day, hour, minute, tzinfo=MEXICO_CITY)


def reader_of_everything(delivery):
    reader = ReaderFactory(delivery=delivery)
    SubscriptionFactory(reader=reader)
    return reader


@pytest.fixture
def story_email_left_unsent(editor):
    """A reader who wants each story, and a story whose email task died with its worker."""
    reader = reader_of_everything("immediate")
    story_services.publish_story(story=StoryFactory(draft=True), user=editor)
    assert kill_worker_running("send_story_to_readers") == 1
    return reader


def test_a_storys_email_a_killed_worker_left_is_not_sent_without_recovery(
    story_email_left_unsent, mailoutbox
):
    run_queued_tasks()

    assert mail_to(mailoutbox, story_email_left_unsent.email) == []


def test_a_storys_email_a_killed_worker_left_is_sent_once_after_recovery(
    story_email_left_unsent, mailoutbox
):
    requeue_unsent()
    run_queued_tasks()

    assert len(mail_to(mailoutbox, story_email_left_unsent.email)) == 1


def test_two_workers_starting_queue_the_storys_email_once(story_email_left_unsent):
    requeue_unsent()
    requeue_unsent()

    assert len(queued_tasks("send_story_to_readers")) == 1


def test_the_next_start_does_not_send_the_story_again(story_email_left_unsent, mailoutbox):
    requeue_unsent()
    run_queued_tasks()

    requeue_unsent()
    run_queued_tasks()

    assert len(mail_to(mailoutbox, story_email_left_unsent.email)) == 1


@pytest.fixture
def digest_left_unsent(settings, time_machine, editor):
    """A reader of the daily digest, a story of the day, and the digest's task killed at its
    hour."""
    settings.TIME_ZONE = "America/Mexico_City"
    settings.NEWSROOM_DIGEST_HOUR = 7
    time_machine.move_to(at(12, 8), tick=False)
    reader = reader_of_everything("daily")
    ensure_digest_scheduled()
    time_machine.move_to(at(12, 10), tick=False)
    story_services.publish_story(story=StoryFactory(draft=True), user=editor)
    run_queued_tasks()
    time_machine.move_to(at(13, 7, 1), tick=False)
    assert kill_worker_running("send_daily_digest") == 1
    return reader


def test_the_digest_a_killed_worker_left_is_sent_once_after_recovery(
    digest_left_unsent, mailoutbox
):
    requeue_unsent()
    requeue_unsent()
    (waiting,) = queued_tasks("send_daily_digest")
    assert waiting.args_kwargs["args"] == ["2031-01-13"]

    run_queued_tasks()
    requeue_unsent()
    run_queued_tasks()

    assert len(mail_to(mailoutbox, digest_left_unsent.email)) == 1
