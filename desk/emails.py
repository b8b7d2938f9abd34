"""Desk notifications by email: each one a staff member sees on the desk also reaches their
inbox, in their language and time zone, unless they turned notification emails off.

The words are fixed when the move is recorded, under the recipient's language and time zone
(a scheduled time reads "10:00" in Mexico City and "16:00" in UTC for the same move), and sent
through the email layer. One email message per move, with one delivery per person: the outbox
refuses a second delivery of a message to the same person, so a move told twice is emailed once.
"""

import dataclasses

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.preferences import accepting_emails, activated_for
from newsroom.canonical import absolute_url
from outbox import registry
from outbox.models import Message
from outbox.services import add_recipients, send_email

from .notifications import describe

KIND = "desk.notification"


def register():
    registry.register(KIND, still_wanted=still_wanted)


def topic_of(transition):
    return f"articles.storytransition:{transition.pk}"


def email_move(transition, users):
    """Queue the email of ``transition`` to those of ``users`` who accept emails."""
    recipients = [_recipient(transition, user) for user in accepting_emails(users).order_by("pk")]
    if not recipients:
        return None
    message = Message.objects.filter(kind=KIND, topic=topic_of(transition)).first()
    if message is None:
        return send_email(
            kind=KIND,
            template="outbox/email/notice",
            recipients=recipients,
            topic=topic_of(transition),
        )
    add_recipients(message, recipients)
    return message


def _recipient(transition, user):
    from outbox.people import person_recipient

    recipient = person_recipient(user)
    with activated_for(user):
        lines = [describe(transition)]
        if transition.note:
            lines.append(_("Note: %(note)s") % {"note": transition.note})
        context = {
            "subject": describe(transition),
            "lines": [str(line) for line in lines],
            "link_url": _story_url(transition),
            "link_text": str(_("Open the story")),
        }
    return dataclasses.replace(recipient, context=context)


def _story_url(transition):
    if transition.story_id is None:
        return absolute_url(reverse("admin:index"))
    return absolute_url(reverse("admin:articles_story_change", args=[transition.story_id]))


def still_wanted(delivery):
    """Someone who turned emails off, or was deactivated, after the move gets nothing."""
    kind, _sep, pk = delivery.recipient_key.partition(":")
    if kind != "auth.user" or not pk.isdigit():
        return False
    return accepting_emails(get_user_model().objects.filter(pk=pk)).exists()
