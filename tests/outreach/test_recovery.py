"""A starting worker takes over the releases a killed worker left unsent
(``outreach.tasks.requeue_waiting_releases``): each is queued again once, however many workers
start, and each journalist still gets one email."""

import datetime
from email.utils import parseaddr

import pytest

from outreach import services
from outreach.models import Release
from outreach.tasks import requeue_waiting_releases
from tests.factories import JournalistFactory, PressListFactory, StoryFactory
from tests.outreach.conftest import EMBARGO
from tests.tasks import kill_worker_running, queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalists():
    return [JournalistFactory(), JournalistFactory()]


def release(editor, journalists, **kwargs):
    return services.release_story(
        user=editor, lists=[PressListFactory(members=journalists)], **kwargs
    )


@pytest.fixture
def embargoed_release_left_unsent(before_the_embargo, editor, journalists):
    released = release(editor, journalists, story=StoryFactory(draft=True), embargo_until=EMBARGO)
    assert kill_worker_running("outreach.tasks.send_release") == 1
    return released


def test_an_embargoed_release_a_killed_worker_left_is_not_sent_without_recovery(
    embargoed_release_left_unsent, mailoutbox
):
    run_queued_tasks()

    assert mailoutbox == []
    assert Release.objects.get().sent_at is None


def test_an_embargoed_release_a_killed_worker_left_is_sent_after_recovery(
    embargoed_release_left_unsent, journalists, mailoutbox
):
    requeue_waiting_releases()
    run_queued_tasks()

    assert sorted(parseaddr(email.to[0])[1] for email in mailoutbox) == sorted(
        journalist.email for journalist in journalists
    )
    assert Release.objects.get().sent_at is not None


def test_two_workers_starting_queue_the_release_once(embargoed_release_left_unsent):
    requeue_waiting_releases()
    requeue_waiting_releases()

    assert len(queued_tasks("outreach.tasks.send_release")) == 1


def test_a_release_sent_after_recovery_is_not_sent_again_by_the_next_start(
    embargoed_release_left_unsent, journalists, mailoutbox
):
    requeue_waiting_releases()
    run_queued_tasks()

    requeue_waiting_releases()
    run_queued_tasks()

    assert queued_tasks("outreach.tasks.send_release") == []
    assert len(mailoutbox) == len(journalists)


def test_a_release_waiting_for_a_scheduled_story_is_not_queued_twice(editor, journalists):
    story = StoryFactory(scheduled=True)
    release(editor, journalists, story=story)

    requeue_waiting_releases()
    requeue_waiting_releases()

    (waiting,) = queued_tasks("send_waiting_releases")
    assert waiting.run_after == story.published_at


def test_a_release_whose_publication_check_died_goes_once_after_recovery(
    editor, journalists, mailoutbox, time_machine
):
    story = StoryFactory(scheduled=True)
    release(editor, journalists, story=story)
    time_machine.move_to(story.published_at + datetime.timedelta(seconds=1), tick=False)
    assert kill_worker_running("send_waiting_releases") == 1

    requeue_waiting_releases()
    requeue_waiting_releases()
    run_queued_tasks()
    requeue_waiting_releases()
    run_queued_tasks()

    assert len(mailoutbox) == len(journalists)
    assert Release.objects.get().sent_at is not None
