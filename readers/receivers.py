"""Readers' emails follow the story: a publication (or a scheduled one, at its time) emails it,
a correction goes to the readers who received it, and a tag merged into another passes its
followers on (a tag deleted otherwise takes its subscriptions with it). Connected to the records
the publishing services write, as the press list is."""

from django.db.models.signals import post_save, pre_delete

from articles.choices import TransitionAction


def transition_recorded(sender, instance, created, **kwargs):
    from outbox.services import schedule

    from .tasks import send_story_to_readers

    if not created or instance.story_id is None:
        return
    if instance.action == TransitionAction.PUBLISHED:
        schedule(send_story_to_readers, instance.story_id)
    elif instance.action == TransitionAction.SCHEDULED:
        schedule(send_story_to_readers, instance.story_id, run_after=instance.publication_time)


def correction_added(sender, instance, created, **kwargs):
    if created:
        from . import services

        services.story_corrected(correction=instance)


def tag_deleted(sender, instance, **kwargs):
    """A tag merged away (``articles.tagging.merge_tags``) leaves a redirect to the tag it was
    merged into: its followers follow that one from then on."""
    from articles.models import TagRedirect

    from .models import Subscription

    followers = Subscription.objects.filter(tag=instance)
    redirect = TagRedirect.objects.filter(old_slug=instance.slug).exclude(tag=instance).first()
    if redirect is not None and instance.slug:
        followers.update(tag=redirect.tag)
    else:
        followers.delete()


def connect():
    from taggit.models import Tag

    from articles.models import Correction, StoryTransition

    post_save.connect(transition_recorded, sender=StoryTransition, dispatch_uid="readers-moves")
    post_save.connect(correction_added, sender=Correction, dispatch_uid="readers-corrections")
    pre_delete.connect(tag_deleted, sender=Tag, dispatch_uid="readers-merged-tags")
