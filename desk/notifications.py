"""Telling staff about the moves that concern them.

Editors are told when a story is submitted for review; a story's writer is told when an editor
publishes it, schedules it or sends it back to draft (returned from review or unpublished), with
the note. Nobody is told about their own move. Each person is told once per move: the
notification is written in the move's transaction, and the database refuses a second one. The
same words go by email to those who accept notification emails (``desk.emails``).
"""

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from articles.choices import TransitionAction

from .models import Notification

# Who hears of a move: the editors, or the story's writer.
FOR_EDITORS = {TransitionAction.SUBMITTED}
FOR_WRITER = {
    TransitionAction.PUBLISHED,
    TransitionAction.SCHEDULED,
    TransitionAction.RETURNED,
    TransitionAction.UNPUBLISHED,
}


def recipients(transition):
    """The active staff to tell about ``transition``, never the person who made it."""
    people = get_user_model().objects
    if transition.action in FOR_EDITORS:
        # Active accounts only, superusers included. Permissions live in the model backend; the
        # other backend only throttles sign-ins.
        users = people.with_perm(
            "articles.publish_story", backend="django.contrib.auth.backends.ModelBackend"
        )
    elif transition.action in FOR_WRITER and transition.story is not None:
        users = people.filter(pk=transition.story.created_by_id, is_active=True)
    else:
        return people.none()
    users = users.filter(is_staff=True)
    if transition.user_id is not None:
        users = users.exclude(pk=transition.user_id)
    return users


def notify_move(*, transition, **kwargs):
    """Write the notifications for one move, and queue their emails (a receiver of
    ``articles.signals.story_moved``)."""
    from .emails import email_move

    users = recipients(transition)
    Notification.objects.bulk_create(
        [Notification(recipient=user, transition=transition) for user in users],
        # A move is told once: a second call for the same move adds nothing.
        ignore_conflicts=True,
    )
    email_move(transition, users)


def describe(transition):
    """What happened, in the active language: "Ana Ruiz submitted “…” for review."."""
    values = {
        "user": _person(transition.user),
        "headline": transition.story_headline,
    }
    if transition.action == TransitionAction.SUBMITTED:
        return _("%(user)s submitted “%(headline)s” for review.") % values
    if transition.action == TransitionAction.PUBLISHED:
        return _("%(user)s published “%(headline)s”.") % values
    if transition.action == TransitionAction.SCHEDULED:
        values["time"] = date_format(localtime(transition.publication_time), "DATETIME_FORMAT")
        # No closing full stop: English times end in "a.m." or "p.m." already.
        return _("%(user)s scheduled “%(headline)s” to go out on %(time)s") % values
    if transition.action == TransitionAction.RETURNED:
        return _("%(user)s returned “%(headline)s” to draft.") % values
    if transition.action == TransitionAction.UNPUBLISHED:
        return _("%(user)s unpublished “%(headline)s”: it is a draft again.") % values
    return f"{transition.get_action_display()}: {transition.story_headline}"


def _person(user):
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.get_username()
