"""The editorial workflow: every move of a story from one status to another.

    submit_for_review   draft       → in review
    return_to_draft     in review   → draft
    publish_story       draft or in review → published, now or scheduled (and updates a public one)
    unpublish_story     published   → draft
    withdraw_story      published   → withdrawn, with a reason
    restore_story       withdrawn   → draft

Each function takes keyword arguments only, checks that the move exists from where the story
stands and that the user may make it (``permissions``), then in one transaction saves the story,
keeps a revision of it, and records a ``StoryTransition`` (who, when, from, to, why) and an
admin log entry. A refused move raises ``PermissionDenied`` or ``ValidationError`` with a
message for staff, before anything is written.

Side effects such as cache purges listen to Django's ``post_save`` signal, which every save here
sends; they run them once the transaction commits (see ``newsroom/caching``).
"""

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from photos import takedown

from . import permissions, presskit, revisions, signals
from .choices import StoryStatus, TransitionAction
from .models import Correction, StoryTransition


@transaction.atomic
def submit_for_review(*, story, user, note=""):
    """Hand a draft to the editors. Its writer can no longer edit it until it comes back."""
    from_status = _require_status(
        story, {StoryStatus.DRAFT}, _("Only a draft can be submitted for review.")
    )
    _require(permissions.can_submit(user, story), _("You may not submit this story for review."))
    return _move(
        story,
        user=user,
        from_status=from_status,
        to=StoryStatus.IN_REVIEW,
        action=TransitionAction.SUBMITTED,
        note=note,
    )


@transaction.atomic
def return_to_draft(*, story, user, note=""):
    """Take a story out of review, e.g. with a note for its writer on what to change."""
    from_status = _require_status(
        story, {StoryStatus.IN_REVIEW}, _("Only a story in review can be returned to draft.")
    )
    _require(
        permissions.can_return_to_draft(user, story),
        _("You may not return this story to draft."),
    )
    return _move(
        story,
        user=user,
        from_status=from_status,
        to=StoryStatus.DRAFT,
        action=TransitionAction.RETURNED,
        note=note,
    )


@transaction.atomic
def publish_story(*, story, user, at=None, note=""):
    """Publish ``story`` at ``at``, else at its own publication time, else now.

    A publication time in the future schedules the story: it goes public by itself then. Every
    field of ``story`` is saved, so the admin can publish the edits it has just validated.
    Refused while the story cannot go public as it stands (a lead photo without alt text).
    """
    from_status = _require_status(
        story,
        {StoryStatus.DRAFT, StoryStatus.IN_REVIEW, StoryStatus.PUBLISHED},
        _("A withdrawn story cannot be published; restore it to draft first."),
    )
    _require(
        permissions.can_publish(user) and permissions.can_edit(user, story),
        _("You may not publish this story."),
    )
    stored_time = _stored_publication_time(story)
    if at is not None:
        story.published_at = at
    elif story.published_at is None:
        story.published_at = timezone.now()
    story.validate_publishable()
    scheduled = story.published_at > timezone.now()
    action = TransitionAction.SCHEDULED if scheduled else TransitionAction.PUBLISHED
    # Updating a public or scheduled story at the same time is an edit, not a move; a new
    # publication time (e.g. a public story rescheduled for later) is a move the log must show.
    edit_only = from_status == StoryStatus.PUBLISHED and _same_second(
        stored_time, story.published_at
    )
    return _move(
        story,
        user=user,
        from_status=from_status,
        to=StoryStatus.PUBLISHED,
        action=action,
        note=note,
        record=not edit_only,
    )


@transaction.atomic
def unpublish_story(*, story, user, note=""):
    """Move ``story`` back to draft, whether it was public or scheduled.

    Its publication times are kept: publishing it again restores it at its original time, and
    an address that has once been public stays locked.
    """
    from_status = _require_status(
        story, {StoryStatus.PUBLISHED}, _("Only a published or scheduled story can be unpublished.")
    )
    _require(permissions.can_publish(user), _("You may not unpublish stories."))
    _delete_press_kits_on_commit(story)
    return _move(
        story,
        user=user,
        from_status=from_status,
        to=StoryStatus.DRAFT,
        action=TransitionAction.UNPUBLISHED,
        note=note,
    )


@transaction.atomic
def withdraw_story(*, story, user, reason):
    """Take a published story off every public surface at once, for a reason that is recorded.

    Its address then answers 410 Gone, so that search engines drop it; the story itself stays in
    the admin, where it can be restored to draft.
    """
    from_status = _require_status(
        story, {StoryStatus.PUBLISHED}, _("Only a published story can be withdrawn.")
    )
    _require(permissions.can_withdraw(user), _("You may not withdraw stories."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the story is withdrawn; the reason goes in the audit log.")},
            code="reason_required",
        )
    _delete_press_kits_on_commit(story)
    return _move(
        story,
        user=user,
        from_status=from_status,
        to=StoryStatus.WITHDRAWN,
        action=TransitionAction.WITHDRAWN,
        note=reason.strip(),
    )


@transaction.atomic
def restore_story(*, story, user, note=""):
    """Bring a withdrawn story back as a draft; it goes public again only when published."""
    from_status = _require_status(
        story, {StoryStatus.WITHDRAWN}, _("Only a withdrawn story can be restored.")
    )
    _require(permissions.can_withdraw(user), _("You may not restore withdrawn stories."))
    return _move(
        story,
        user=user,
        from_status=from_status,
        to=StoryStatus.DRAFT,
        action=TransitionAction.RESTORED,
        note=note,
    )


@transaction.atomic
def add_correction(*, story, user, text, kind=Correction.Kind.CORRECTION):
    """Add a dated correction or update note to a story readers have seen.

    The story's modified date moves with it, so its page (``dateModified``) and its feed entry
    (``updated``) tell readers and aggregators that it changed.
    """
    _require(
        permissions.can_add_correction(user, story),
        _("You may not add a correction to this story."),
    )
    if not text.strip():
        raise ValidationError({"text": _("Write what was corrected or updated.")}, code="required")
    correction = Correction.objects.create(
        story=story, kind=kind, text=text.strip(), created_by=user
    )
    with reversion.create_revision():
        reversion.set_user(user)
        revisions.add_comment(_("%(kind)s added.") % {"kind": correction.get_kind_display()})
        story.updated_by = user
        story.save(update_fields=["updated_at", "updated_by"])
    return correction


@transaction.atomic
def restore_revision(*, story, version, user, expected_version=None):
    """Make the story's text, photo, people, tags, quotes and links those of an earlier revision.

    Its status and publication time stay as they are: restoring never publishes or unpublishes,
    and a published story's address stays locked. The restore is itself a new revision, so it
    can be undone the same way.
    """
    _require(permissions.can_edit(user, story), _("You may not edit this story."))
    with reversion.create_revision():
        reversion.set_user(user)
        restored_from = version.revision
        revisions.apply_revision(story, version)
        story.updated_by = user
        story.full_clean()
        story.save(expected_version=expected_version)
        note = _("Restored the revision of %(time)s by %(user)s.") % {
            "time": _format_time(restored_from.date_created),
            "user": restored_from.user or _("an unknown user"),
        }
        revisions.add_comment(note)
        _record(
            story, user=user, from_status=story.status, action=TransitionAction.REVERTED, note=note
        )
    return story


def _delete_press_kits_on_commit(story):
    # A story taken off the site takes its press kit with it: the files, not only the link.
    transaction.on_commit(lambda: presskit.delete_press_kits(story))


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _require_status(story, allowed, message):
    """The status the move starts from, as stored ("" for a story not saved yet)."""
    if story.pk is None:
        stored = ""
    else:
        # The caller may have changed the instance already; the move starts from what is stored.
        stored = type(story).objects.filter(pk=story.pk).values_list("status", flat=True).get()
    if (stored or StoryStatus.DRAFT) not in allowed:
        raise ValidationError(message, code="invalid_transition")
    return stored


def _stored_publication_time(story):
    if story.pk is None:
        return None
    return type(story).objects.filter(pk=story.pk).values_list("published_at", flat=True).get()


def _same_second(first, second):
    # Forms post times to the second; a stored time with microseconds is still the same time.
    if first is None or second is None:
        return first is second
    return first.replace(microsecond=0) == second.replace(microsecond=0)


def _move(story, *, user, from_status, to, action, note, record=True):
    with reversion.create_revision():
        reversion.set_user(user)
        story.status = to
        story.updated_by = user
        if story.pk is None:
            story.created_by = story.created_by or user
        story.save()
        revisions.add_comment(TransitionAction(action).label + ".")
    if to == StoryStatus.PUBLISHED:
        # Notes added while the story was out of public view become public with it.
        Correction.objects.filter(story=story, public_from__isnull=True).update(
            public_from=max(timezone.now(), story.published_at)
        )
    # The lead photo's files leave their published addresses when nothing public shows it any
    # more, and come back when the story is public again.
    takedown.sync_files_on_commit([story.lead_photo_id])
    if record:
        _record(story, user=user, from_status=from_status, action=action, note=note)
    return story


def _record(story, *, user, from_status, action, note):
    transition = StoryTransition.objects.create(
        story=story,
        story_headline=story.headline,
        action=action,
        from_status=from_status or "",
        to_status=story.status,
        publication_time=story.published_at,
        user=user,
        note=note,
    )
    # The admin's "Recent actions" list reads the log entries.
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[story],
        action_flag=CHANGE,
        change_message=_log_message(story, from_status, action, note),
        single_object=True,
    )
    # Inside the move's transaction: whatever the move leads to (staff notifications) is written
    # with it, or not at all.
    signals.story_moved.send(sender=StoryTransition, transition=transition)


def _log_message(story, from_status, action, note):
    to_label = StoryStatus(story.status).label
    if action == TransitionAction.SCHEDULED:
        to_label = _("Scheduled for %(time)s") % {"time": _format_time(story.published_at)}
    if action == TransitionAction.REVERTED or not from_status:
        message = TransitionAction(action).label + "."
    else:
        message = _("Status: %(from)s → %(to)s.") % {
            "from": StoryStatus(from_status).label,
            "to": to_label,
        }
    return f"{message} {note}".strip() if note and action != TransitionAction.REVERTED else message


def _format_time(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
