"""The email API the other apps call. Nothing here talks to an SMTP server: it records what is
to be sent and queues the task that sends it, so a click in the admin never waits for email.

    send_email(kind=..., template=..., recipients=[Recipient(...)], context={...})
    send_to_person(user, kind=..., template=..., context={...})
    cancel_deliveries(recipient_key=...)
    erase_recipient(recipient_key=...)

See docs/architecture.md, "Email and background tasks".
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Delivery, Message


@dataclass(frozen=True)
class Recipient:
    """Someone to send a message to.

    ``key`` says who they are, stably (``"auth.user:3"``, ``"outreach.journalist:12"``): a
    message reaches each key at most once, however often it is queued. ``context`` is their own
    part of the template context (JSON), e.g. a personal link; ``unsubscribe_url`` is a one-click
    unsubscribe address (RFC 8058), given where a subscription exists.
    """

    key: str
    email: str
    name: str = ""
    language: str = field(default_factory=lambda: settings.LANGUAGE_CODE)
    unsubscribe_url: str = ""
    context: dict = field(default_factory=dict)


@transaction.atomic
def send_email(
    *, kind, template, recipients, context=None, topic="", created_by=None, send_after=None
):
    """Queue ``template`` for every recipient; returns the ``Message``.

    ``template`` is a prefix: ``<template>_subject.txt`` and ``<template>.txt`` are required,
    ``<template>.html`` is the optional HTML alternative; each is rendered in the recipient's
    language with ``context``, the registered context of ``kind`` (``outbox.registry``) and the
    recipient's own context. Recipients without an address, and repeated keys, are skipped.
    The task that sends is queued in the same transaction, so it exists exactly when the message
    does.
    """
    message = Message.objects.create(
        kind=kind,
        template=template,
        context=context or {},
        topic=topic,
        created_by=created_by,
    )
    add_recipients(message, recipients, send_after=send_after)
    return message


def add_recipients(message, recipients, *, send_after=None):
    """Add deliveries of an existing message, e.g. people who joined a list after a release.
    Keys the message already has are left alone; returns how many were added."""
    now = timezone.now()
    seen = set(message.deliveries.values_list("recipient_key", flat=True))
    deliveries = []
    for recipient in recipients:
        if not recipient.email or recipient.key in seen:
            continue
        seen.add(recipient.key)
        deliveries.append(
            Delivery(
                message=message,
                recipient_key=recipient.key,
                email=recipient.email,
                name=recipient.name,
                language=recipient.language or settings.LANGUAGE_CODE,
                context=recipient.context,
                unsubscribe_url=recipient.unsubscribe_url,
                next_attempt_at=send_after or now,
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=1000, ignore_conflicts=True)
    if deliveries:
        from .tasks import send_message

        schedule(send_message, message.pk, run_after=send_after)
    return len(deliveries)


def send_to_person(user, *, kind, template, context=None, topic="", language=None):
    """Queue a message to one member of staff, in their language; ``None`` if they have no
    address, are inactive, or turned email notifications off."""
    from .people import person_recipient

    recipient = person_recipient(user, language=language)
    if recipient is None:
        return None
    return send_email(
        kind=kind, template=template, recipients=[recipient], context=context, topic=topic
    )


def schedule(task, *args, run_after=None):
    """Queue ``task`` now, or to run at ``run_after``.

    The database queue writes the task in the caller's transaction: it is queued if and only if
    the caller's changes are committed, and survives any restart once they are.
    """
    if run_after is not None and run_after > timezone.now():
        return task.using(run_after=run_after).enqueue(*args)
    return task.enqueue(*args)


def cancel_deliveries(*, recipient_key, message=None):
    """Stop whatever has not yet gone to ``recipient_key`` (e.g. they unsubscribed)."""
    deliveries = Delivery.objects.for_recipient(recipient_key).filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]
    )
    if message is not None:
        deliveries = deliveries.filter(message=message)
    return deliveries.update(status=Delivery.Status.CANCELLED, claimed_by="")


@transaction.atomic
def erase_recipient(*, recipient_key):
    """Forget everything the delivery log holds about ``recipient_key``: its rows go, and each
    message keeps only the number of deliveries it had to them."""
    deliveries = Delivery.objects.for_recipient(recipient_key)
    for message_id in deliveries.values_list("message_id", flat=True):
        Message.objects.filter(pk=message_id).update(erased_deliveries=F("erased_deliveries") + 1)
    return deliveries.delete()[0]
