"""Readers' background tasks, on the same queue as every email; each is safe to run again.

A story that goes public is emailed by a task queued when it is published, or for its time when
it is scheduled (the task checks the story again then). The daily digest is a task that queues
itself for the next day's hour each time it runs; a starting worker queues it if it is missing,
so no cron job is needed.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from outbox import recovery
from outbox.services import schedule


@task()
def send_story_to_readers(story_id):
    """At a story's publication (or scheduled) time: email it to the readers who want each
    story at once. A story rescheduled since waits for its new time; one taken back sends
    nothing."""
    from articles.models import Story

    from . import services

    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return 0
    if not story.is_published():
        if story.status == Story.Status.PUBLISHED:
            schedule(send_story_to_readers, story.pk, run_after=story.published_at)
        return 0
    return services.send_story_now(story=story)


@task()
def send_daily_digest(day):
    """Send the digest of ``day`` (ISO date), then queue the next one."""
    from . import services

    day = datetime.date.fromisoformat(day)
    sent = services.send_digest(day=day)
    # The next day's, or, after a worker stopped for days, the last day due: each digest holds
    # one day, and one late digest is better than a week of them at once.
    latest_due = next_digest_day() - datetime.timedelta(days=1)
    ensure_digest_scheduled(day=max(day + datetime.timedelta(days=1), latest_due))
    return sent


def next_digest_day(after=None):
    """The first day whose digest hour, in the site's zone, is after ``after`` (now)."""
    from .services import digest_time

    after = after or timezone.now()
    day = timezone.localtime(after).date()
    while digest_time(day) <= after:
        day += datetime.timedelta(days=1)
    return day


def ensure_digest_scheduled(day=None):
    """Queue the digest of ``day`` (by default the next one) unless one is waiting already."""
    from django_tasks_db.models import DBTaskResult

    from .services import digest_time

    waiting = DBTaskResult.objects.filter(
        status="READY", task_path=send_daily_digest.module_path
    ).exists()
    if waiting:
        return None
    day = day or next_digest_day()
    return schedule(send_daily_digest, day.isoformat(), run_after=digest_time(day))


@recovery.register
def requeue_unsent():
    """What a worker that stopped mid-task may have left undone: the email of stories that went
    public in the last day, the last digest, and the next one if none is queued. Each finds
    what was already sent and leaves it; what is still waiting in the queue is not queued a
    second time."""
    from articles.models import Story

    from .models import Reader
    from .services import digest_time

    now = timezone.now()
    for story_id in (
        Story.objects.published()
        .filter(published_at__gt=now - datetime.timedelta(days=1))
        .values_list("pk", flat=True)
    ):
        recovery.requeue(send_story_to_readers, story_id)
    if Reader.objects.reachable().filter(delivery=Reader.Delivery.DAILY).exists():
        last_day = next_digest_day(now) - datetime.timedelta(days=1)
        if digest_time(last_day) > now - datetime.timedelta(days=1):
            recovery.requeue(send_daily_digest, last_day.isoformat())
        ensure_digest_scheduled()
