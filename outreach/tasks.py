"""The press list's background tasks; each is safe to run more than once."""

from django_tasks import task

from outbox import recovery


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
    """Releases of scheduled or public stories still waiting: queue their check again, for a
    worker that died before or while sending them."""
    from articles.models import Story

    from . import services
    from .models import Release

    story_ids = (
        Release.objects.filter(sent_at__isnull=True, story__status=Story.Status.PUBLISHED)
        .values_list("story_id", flat=True)
        .distinct()
    )
    for story in Story.objects.filter(pk__in=list(story_ids)):
        services.schedule_release_check(story)
