"""Releases follow the story: a publication sends what waited for it, a withdrawal tells the
embargo recipients and ends their links, a correction goes to those who received the story.

Connected to the records the publishing services already write (``StoryTransition``,
``Correction``), so every way of moving a story (the admin, an action, a script) is covered.
"""

from django.db.models.signals import post_save

from articles.choices import TransitionAction


def transition_recorded(sender, instance, created, **kwargs):
    if not created:
        return
    from . import services

    story = instance.story
    if instance.action in (TransitionAction.PUBLISHED, TransitionAction.SCHEDULED):
        if story.releases.filter(sent_at__isnull=True).exists():
            services.schedule_release_check(story)
    elif instance.action == TransitionAction.WITHDRAWN:
        services.story_withdrawn(story=story)


def correction_added(sender, instance, created, **kwargs):
    if created:
        from . import services

        services.story_corrected(correction=instance)


def connect():
    from articles.models import Correction, StoryTransition

    post_save.connect(transition_recorded, sender=StoryTransition, dispatch_uid="outreach-moves")
    post_save.connect(correction_added, sender=Correction, dispatch_uid="outreach-corrections")
