"""Turn saves and deletions into public changes: which dependency keys they move, if any.

Signals are the right tool here: invalidating a cache is a side effect that no rule depends on,
and one receiver for every model of the content apps also covers the models added later (a
correction, a photo rendition) without anyone remembering to invalidate.

Only what readers can see counts. A story that is neither public nor was public before the save
(a draft, a story in review, a story scheduled for later) moves nothing; its time coming is
handled by the page cache itself (``schedule``). Everything a transaction changes is gathered and
moved once, when it commits: one change is one invalidation, however many signals it sends.
Bulk writes that send no signal (``QuerySet.update()``, ``bulk_create()``) call
``generation.bump()`` themselves.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import CASCADE
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone

from newsroom.canonical import absolute_url

from . import cdn, retry, versions
from .dependencies import (
    ANY_PUBLIC_CHANGE,
    HARD_CHANGE,
    SCHEDULE,
    list_of,
    object_key,
    shows_publicly,
    stories_of,
)
from .generation import CACHE_ERRORS

logger = logging.getLogger(__name__)

# Rows that no public page shows: the admin's own records of a story's moves.
NOT_SHOWN = frozenset({"articles.storytransition", "taggit.taggeditem"})


class PendingChange:
    """What one transaction changed publicly, moved once when it commits."""

    def __init__(self):
        self.keys = set()
        self.hard = False
        self.moved_stories = set()

    def run(self):
        if self.moved_stories:
            self.keys |= attachment_keys(self.moved_stories)
        if not self.keys:
            return
        try:
            keys = set(self.keys)
            if keys - {SCHEDULE}:
                keys.add(ANY_PUBLIC_CHANGE)
            if self.hard:
                keys.add(HARD_CHANGE)
            deliver(keys, hard=self.hard)
        except CACHE_ERRORS as error:
            logger.error("The public cache refused a change (%s); trying again.", error)
            retry.retrier.later(keys, self.hard)
            retry.tell_staff()


def deliver(keys, *, hard, urls=()):
    """Move ``keys`` in the page cache, then purge them from the CDN, if there is one, with the
    media addresses ``urls`` (always hard)."""
    if keys:
        versions.move(keys, hard=hard)
        cdn.purge(keys - {SCHEDULE, HARD_CHANGE}, hard=hard)
    if urls:
        cdn.purge_urls(urls, hard=True)


def photo_files_moved(sender, photo, names, urls, **kwargs):
    """A photo's files left the addresses in ``urls``: a CDN in front of the media must forget
    them, hard, or it keeps serving a withdrawn photo for as long as it caches media (a year).
    The addresses are made absolute as readers and feeds saw them; an S3 custom domain's are
    already. Sent once the move commits; deferred here too so that no sender can purge before
    the files have moved."""
    if not settings.NEWSROOM_CDN or not urls:
        return
    addresses = sorted({absolute_url(url) for url in urls})
    transaction.on_commit(lambda: purge_addresses(addresses), robust=True)


def purge_addresses(urls):
    try:
        cdn.purge_urls(urls, hard=True)
    except CACHE_ERRORS as error:
        logger.error(
            "The CDN refused to purge %d photo addresses (%s); trying again.", len(urls), error
        )
        retry.retrier.later((), True, urls=urls)
        retry.tell_staff()


def pending(using):
    """The change gathered for the current transaction on ``using``, registered to run when it
    commits."""
    connection = connections[using]
    change = getattr(connection, "newsroom_pending_change", None)
    # A rolled-back transaction drops its callbacks; then that change never runs.
    if change is None or not any(
        callback == change.run for _, callback, _ in connection.run_on_commit
    ):
        change = PendingChange()
        connection.newsroom_pending_change = change
        transaction.on_commit(change.run, using=using)
    return change


def change(using, *keys, hard=False, moved_story=None, schedule_changed=False):
    """Gather a public change into the transaction's; outside a transaction, move it now."""
    in_transaction = connections[using].in_atomic_block
    change = pending(using) if in_transaction else PendingChange()
    change.keys.update(keys)
    change.hard = change.hard or hard
    if moved_story is not None:
        change.moved_stories.add(moved_story)
    if schedule_changed:
        change.keys.add(SCHEDULE)
    if not in_transaction:
        change.run()


def attachment_keys(story_pks):
    """The pages that list stories and may now list one of ``story_pks``, or no longer: the lists
    of all stories, and of their sections, tags, officers, programmes and awards; the other
    editions of the stories, which link to them."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from articles.models import Section, Story
    from people.models import Award, Officer, TrainingProgramme

    keys = {list_of(Story)}
    through = Story._meta.get_field
    for field, model in (
        ("officers", Officer),
        ("programmes", TrainingProgramme),
        ("awards", Award),
    ):
        relation = through(field).remote_field.through
        column = f"{model._meta.model_name}_id"
        for pk in relation.objects.filter(story_id__in=story_pks).values_list(column, flat=True):
            keys.add(stories_of(model, pk))
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Story), object_id__in=story_pks
    )
    keys.update(stories_of(Tag, pk) for pk in tagged.values_list("tag_id", flat=True))
    rows = Story.objects.filter(pk__in=story_pks).values_list("section_id", "translation_of_id")
    for section_id, translation_of_id in rows:
        if section_id:
            keys.add(stories_of(Section, section_id))
        if translation_of_id:
            keys.add(object_key(Story, translation_of_id))
    editions = Story.objects.filter(translation_of_id__in=story_pks).values_list("pk", flat=True)
    keys.update(object_key(Story, pk) for pk in editions)
    return keys


# Stories


# What decides which lists a story is on, and where: a change to any of them moves it.
PLACING_FIELDS = ("status", "published_at", "section_id", "featured", "language")


def story_state(story):
    # From the instance's own fields: reading a deferred one here would cost a query per story.
    fields = story.__dict__
    return tuple(fields.get(name) for name in PLACING_FIELDS)


def remember_story(sender, instance, **kwargs):
    # What the story was when read, to tell at its next save what moved.
    instance._newsroom_public_state = story_state(instance)


def story_saved(sender, instance, created=False, **kwargs):
    now = timezone.now()
    before = getattr(instance, "_newsroom_public_state", None)
    public_before = not created and instance.was_public_when_read(now)
    public_after = instance.is_published(now)
    scheduled_before = (
        not created
        and before is not None
        and before[0] == instance.Status.PUBLISHED
        and before[1] is not None
        and before[1] > now
    )
    scheduling = scheduled_before or instance.is_scheduled(now)
    using = kwargs.get("using") or instance._state.db
    if not (public_before or public_after):
        instance._newsroom_public_state = story_state(instance)
        if scheduling:
            change(using, schedule_changed=True)
        return
    keys = {object_key(instance)}
    lifetime = timedelta(seconds=settings.NEWSROOM_ANONYMOUS_CACHE_SECONDS)
    moved = (
        public_before != public_after
        or before != story_state(instance)
        # Went public by the clock, recently: pages cached before then may still lack it.
        or instance.published_at > now - lifetime
    )
    if before is not None and before[2] and before[2] != instance.section_id:
        from articles.models import Section

        keys.add(stories_of(Section, before[2]))
    instance._newsroom_public_state = story_state(instance)
    change(
        using,
        *keys,
        hard=public_before and not public_after,
        moved_story=instance.pk if moved else None,
        schedule_changed=scheduling,
    )


def story_deleted(sender, instance, **kwargs):
    if instance.was_public_when_read():
        change(
            kwargs.get("using") or instance._state.db,
            object_key(instance),
            list_of(sender),
            hard=True,
        )


def story_relation_changed(sender, instance, action, model, pk_set, **kwargs):
    """Tags, officers, programmes or awards added to or taken from a story."""
    from articles.models import Story

    if action == "pre_clear":
        # post_clear is not told what the relation held.
        manager = relation_manager(instance, sender)
        instance._newsroom_cleared = set(manager.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_newsroom_cleared", set())
    using = kwargs.get("using") or instance._state.db
    if isinstance(instance, Story):
        if not instance.is_published():
            return
        keys = {object_key(instance)} | {stories_of(model, pk) for pk in pk_set or ()}
    else:
        # From the other side (officer.stories.add(story)): the story numbers are in pk_set.
        keys = {object_key(instance), stories_of(instance)}
        keys |= {object_key(Story, pk) for pk in pk_set or ()}
    change(using, *keys)


def relation_manager(instance, through):
    for field in type(instance)._meta.get_fields():
        remote = getattr(field, "remote_field", None)
        if getattr(remote, "through", None) is through and hasattr(instance, field.name):
            return getattr(instance, field.name)
    for relation in type(instance)._meta.related_objects:
        if getattr(relation, "through", None) is through:
            return getattr(instance, relation.get_accessor_name())
    return through.objects.none()


def is_story_relation(through):
    from articles.models import Story

    return (
        any(
            getattr(field.remote_field, "through", None) is through
            for field in Story._meta.many_to_many
        )
        or getattr(Story.tags, "through", None) is through
    )


# Everything else a page shows


def officer_consent_changed(officer):
    # Unknown when it was not read: then treat it as changed.
    state = getattr(officer, "_newsroom_consent", None)
    return state != officer.public_profile_consent


def remember_officer(sender, instance, **kwargs):
    # From the instance's own fields: reading a deferred one here would cost a query.
    instance._newsroom_consent = instance.__dict__.get("public_profile_consent")


def content_saved_or_deleted(sender, instance, signal, created=False, **kwargs):
    """A row of another content model: its own key, its parents' (a quote's story, a reach
    figure's programme), and the list of its model when one appears or goes."""
    from articles.models import Story
    from people.models import Officer

    if sender is Story or not shows_publicly(sender) or sender._meta.label_lower in NOT_SHOWN:
        return
    using = kwargs.get("using") or instance._state.db
    # Its model's lists (officers, programmes, the home page's featured ones) may change too.
    keys = {object_key(instance), list_of(sender)}
    hard = False
    if sender is Officer and officer_consent_changed(instance):
        # Withdrawn consent must leave no page behind, not even a stale one.
        keys |= {list_of(Officer), stories_of(instance)}
        hard = not instance.public_profile_consent
        instance._newsroom_consent = instance.public_profile_consent
    for field in sender._meta.concrete_fields:
        if not field.many_to_one or not shows_publicly(field.related_model):
            continue
        target = getattr(instance, field.attname)
        if target is None:
            continue
        if field.related_model is Story:
            try:
                story = getattr(instance, field.name)
            except Story.DoesNotExist:  # deleted with the story, which said what it took
                return
            if not story.is_published():
                if field.remote_field.on_delete is CASCADE:
                    return  # A quote or correction of a story readers cannot see.
                continue
        keys.add(object_key(field.related_model, target))
        if sender._meta.model_name == "quote" and field.name == "officer":
            # An officer's profile lists what they said.
            keys.add(stories_of(field.related_model, target))
    change(using, *keys, hard=hard)


def relation_changed(sender, instance, action, model, pk_set, **kwargs):
    if is_story_relation(sender):
        story_relation_changed(sender, instance, action, model=model, pk_set=pk_set, **kwargs)
    elif shows_publicly(sender) and action in ("post_add", "post_remove", "post_clear"):
        keys = {object_key(instance)} | {object_key(model, pk) for pk in pk_set or ()}
        change(kwargs.get("using") or instance._state.db, *keys)


def connect():
    from articles.models import Story
    from people.models import Officer
    from photos import takedown

    from . import dependencies

    dependencies.connect()
    takedown.photo_files_moved.connect(photo_files_moved, dispatch_uid="newsroom-cdn-photo-files")
    post_init.connect(remember_story, sender=Story, dispatch_uid="newsroom-cache-story-read")
    post_init.connect(remember_officer, sender=Officer, dispatch_uid="newsroom-cache-officer")
    post_save.connect(story_saved, sender=Story, dispatch_uid="newsroom-cache-story-saved")
    post_delete.connect(story_deleted, sender=Story, dispatch_uid="newsroom-cache-story-deleted")
    post_save.connect(content_saved_or_deleted, dispatch_uid="newsroom-cache-saved")
    post_delete.connect(content_saved_or_deleted, dispatch_uid="newsroom-cache-deleted")
    m2m_changed.connect(relation_changed, dispatch_uid="newsroom-cache-relation")
