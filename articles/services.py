"""Publishing transitions for stories.

Each function is one transaction that saves the story and records who moved it, when, from which
status and to which, in the story's admin history. Roles, review and withdrawal build on these.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from .choices import StoryStatus


@transaction.atomic
def publish_story(*, story, user, at=None):
    """Publish ``story`` at ``at``, else at its own publication time, else now.

    A publication time in the future schedules the story: it goes public by itself then. Every
    field of ``story`` is saved, so the admin can publish the edits it has just validated.
    """
    previous_status = _stored_status(story)
    story.status = StoryStatus.PUBLISHED
    if at is not None:
        story.published_at = at
    elif story.published_at is None:
        story.published_at = timezone.now()
    story.updated_by = user
    story.save()
    _record_transition(story=story, user=user, from_status=previous_status)
    return story


@transaction.atomic
def unpublish_story(*, story, user):
    """Move ``story`` back to draft, whether it was public or scheduled.

    Its publication times are kept: publishing it again restores it at its original time, and
    an address that has once been public stays locked.
    """
    previous_status = _stored_status(story)
    story.status = StoryStatus.DRAFT
    story.updated_by = user
    story.save()
    _record_transition(story=story, user=user, from_status=previous_status)
    return story


def _stored_status(story):
    if story.pk is None:
        return None
    # The caller may have changed the instance already; the history must say where it came from.
    return type(story).objects.filter(pk=story.pk).values_list("status", flat=True).first()


def _record_transition(*, story, user, from_status):
    if from_status == story.status:
        # Saving a story in the status it already has is an edit, which the admin logs itself.
        return
    to_label = StoryStatus(story.status).label
    if story.is_scheduled():
        to_label = gettext("Scheduled for %(time)s") % {
            "time": date_format(timezone.localtime(story.published_at), "DATETIME_FORMAT")
        }
    if from_status is None:
        message = gettext("Status: %(to)s.") % {"to": to_label}
    else:
        message = gettext("Status: %(from)s → %(to)s.") % {
            "from": StoryStatus(from_status).label,
            "to": to_label,
        }
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[story],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
