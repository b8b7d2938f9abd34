"""The press list's background tasks; each is safe to run more than once."""

from django_tasks import task

from outbox import recovery


@task()
def send_release(release_id):
    """Send a release now: a personal link and an email for each reachable member of its
    lists. A release already sent is left alone."""
    from . import services
    from .models import Release

    release = Release.objects.filter(pk=release_id).first()
    if release is None:
        return 0
    return services.send_release(release=release).accesses.count()


@task()
def send_waiting_releases(story_id):
    """At a story's publication time: send the releases that waited for it. Re-checks the story,
    which may have been rescheduled or unpublished since the task was queued."""
    from articles.models import Story

    from . import services

    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return 0
    if not story.is_published():
        if story.status == Story.Status.PUBLISHED:
            # Rescheduled for later: wake again at the new time.
            services.schedule_release_check(story)
        return 0
    return services.send_waiting_releases(story=story)


@recovery.register
def requeue_waiting_releases():
    """Releases still unsent, for a worker that died before or while sending them: those under
    embargo are sent now, the others wait again for their story's publication. What is still
    waiting in the queue is not queued a second time."""
    from articles.models import Story

    from .models import Release

    unsent = Release.objects.filter(sent_at__isnull=True, story__status=Story.Status.PUBLISHED)
    for release_id in unsent.filter(embargoed=True).values_list("pk", flat=True):
        recovery.requeue(send_release, release_id)
    story_ids = unsent.filter(embargoed=False).values_list("story_id", flat=True).distinct()
    for story in Story.objects.filter(pk__in=list(story_ids)):
        recovery.requeue(send_waiting_releases, story.pk, run_after=story.published_at)
