"""WebSub (W3C): every feed names its hubs and itself, and a change to what a feed carries pings
the hubs, so subscribers learn of a story in seconds instead of at their next poll.

Hubs come from ``NEWSROOM_WEBSUB_HUBS`` (none by default, and then nothing is declared or sent).
Pings go through the task queue: a publication pings at once, a scheduled publication at its
time (the task re-checks the story then), a correction or a withdrawal at once.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django_tasks import task

from newsroom.canonical import absolute_url

logger = logging.getLogger(__name__)

# A hub that does not answer is asked again after 1, 2, 4 and 8 minutes.
PING_ATTEMPTS = 5
PING_RETRY_SECONDS = 60


def hubs():
    return list(settings.NEWSROOM_WEBSUB_HUBS)


def link_header(feed_url):
    """The HTTP ``Link`` header WebSub asks feeds to carry: each hub, and the feed itself."""
    links = [f'<{hub}>; rel="hub"' for hub in hubs()]
    return ", ".join([*links, f'<{feed_url}>; rel="self"']) if links else ""


def feeds_of(story):
    """The absolute address of every feed that carries ``story``, in every language."""
    names = [
        ("articles:feed-rss", {}),
        ("articles:feed-atom", {}),
        ("articles:feed-json", {}),
        ("articles:section-feed-rss", {"slug": story.section.slug}),
        ("articles:section-feed-atom", {"slug": story.section.slug}),
    ]
    names += [
        (name, {"slug": slug})
        for slug in story.tags.values_list("slug", flat=True)
        for name in ("articles:tag-feed-rss", "articles:tag-feed-atom")
    ]
    names += [
        (name, {"slug": slug})
        for slug in story.officers.public().values_list("slug", flat=True)
        for name in ("people:officer-feed-rss", "people:officer-feed-atom")
    ]
    names += [
        (name, {"slug": slug})
        for slug in story.programmes.values_list("slug", flat=True)
        for name in ("people:programme-feed-rss", "people:programme-feed-atom")
    ]
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, kwargs in names:
                try:
                    urls.append(absolute_url(reverse(name, kwargs=kwargs)))
                except NoReverseMatch:
                    continue
    return list(dict.fromkeys(urls))


def story_changed(story, *, at=None):
    """Queue the pings for ``story``'s feeds: now, or at ``at`` (a scheduled publication)."""
    from outbox.services import schedule

    if not hubs():
        return
    schedule(ping_story_feeds, story.pk, run_after=at)


@task()
def ping_story_feeds(story_id):
    """Ping the hubs for the feeds of a story that went public, changed or left them (withdrawn,
    unpublished); a story scheduled for later pings at its time instead."""
    from .models import Story

    story = Story.objects.filter(pk=story_id).select_related("section").first()
    if story is None:
        return 0
    if story.status == Story.Status.PUBLISHED and not story.is_published():
        story_changed(story, at=story.published_at)
        return 0
    urls = feeds_of(story)
    for hub in hubs():
        ping_hub.enqueue(hub, urls)
    return len(urls)


@task()
def ping_hub(hub, urls, attempt=1):
    """Tell ``hub`` that ``urls`` changed (``hub.mode=publish``); retried with backoff."""
    from outbox.services import schedule

    failed = [url for url in urls if not _publish(hub, url)]
    if failed and attempt < PING_ATTEMPTS:
        delay = timedelta(seconds=PING_RETRY_SECONDS * 2 ** (attempt - 1))
        schedule(ping_hub, hub, failed, attempt + 1, run_after=timezone.now() + delay)
    return len(urls) - len(failed)


def _publish(hub, url):
    data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": url}).encode()
    request = urllib.request.Request(hub, data=data, method="POST")  # noqa: S310 (hubs from settings)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError) as error:
        logger.warning("WebSub hub %s did not take %s: %s", hub, url, error)
        return False


def connect():
    from django.db.models.signals import post_save

    from .models import Correction, StoryTransition

    post_save.connect(_transition, sender=StoryTransition, dispatch_uid="websub-transition")
    post_save.connect(_correction, sender=Correction, dispatch_uid="websub-correction")


def _transition(sender, instance, created, **kwargs):
    from .choices import TransitionAction

    if not created:
        return
    if instance.action == TransitionAction.SCHEDULED:
        story_changed(instance.story, at=instance.story.published_at)
    elif instance.action in (
        TransitionAction.PUBLISHED,
        TransitionAction.WITHDRAWN,
        TransitionAction.UNPUBLISHED,
    ):
        story_changed(instance.story)


def _correction(sender, instance, created, **kwargs):
    if created:
        story_changed(instance.story)
