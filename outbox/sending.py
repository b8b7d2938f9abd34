"""The worker's side: claim deliveries, send them over one SMTP connection, record each one.

Exactly once, as far as SMTP allows: a delivery is claimed (``status='sending'``, the worker's
id and the time) by an UPDATE that only succeeds on an unclaimed row, so two workers never hold
the same delivery. Before each message the worker renews its claim, and fails to if another
worker has taken the delivery over; straight after the SMTP server accepts it, the row is marked
sent. A worker that dies leaves its claims, which another worker takes over once they are older
than ``NEWSROOM_EMAIL_CLAIM_SECONDS``: what the dead worker had not handed to the SMTP server is
sent then, what it had is marked and skipped. The one gap SMTP leaves, a worker dying between the
server's acceptance and the UPDATE that follows it, is a few microseconds wide, and a message
sent again from it carries the same Message-ID, by which mail systems recognise a repeat.
"""

import logging
import smtplib
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Min
from django.utils import timezone

from . import registry
from .models import Delivery
from .rendering import build_email, shared_context

logger = logging.getLogger(__name__)


class Throttle:
    """At most ``rate`` messages a second from this worker (0: no limit)."""

    def __init__(self, rate):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_at = 0.0

    def wait(self):
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def send_pending(message_id, *, worker_id=None):
    """Send every delivery of the message that is due; returns how many were sent.

    Deliveries that failed for a passing reason wait (``next_attempt_at``); the caller queues
    the task again for the earliest of them (``next_retry_at``).
    """
    worker_id = worker_id or uuid.uuid4().hex
    throttle = Throttle(settings.NEWSROOM_EMAIL_RATE)
    sent = 0
    contexts = {}
    connection = None
    try:
        while batch := claim_batch(message_id, worker_id=worker_id):
            for delivery in batch:
                if connection is None:
                    connection = get_connection()
                    connection.open()
                throttle.wait()
                outcome = send_one(
                    delivery, worker_id=worker_id, contexts=contexts, connection=connection
                )
                if outcome == "sent":
                    sent += 1
                elif outcome == "broken":
                    connection.close()
                    connection = None
    finally:
        if connection is not None:
            connection.close()
    return sent


def claim_batch(message_id, *, worker_id):
    now = timezone.now()
    candidates = Delivery.objects.filter(message_id=message_id).claimable(now)
    ids = list(
        candidates.order_by("pk").values_list("pk", flat=True)[: settings.NEWSROOM_EMAIL_BATCH_SIZE]
    )
    if not ids:
        return []
    # The condition again in the UPDATE: of two workers that picked the same rows, the database
    # lets one claim each row.
    Delivery.objects.filter(pk__in=ids).claimable(now).update(
        status=Delivery.Status.SENDING, claimed_by=worker_id, claimed_at=now
    )
    return list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker_id, claimed_at=now)
        .select_related("message")
        .order_by("pk")
    )


def send_one(delivery, *, worker_id, contexts, connection):
    """Send one claimed delivery: "sent", "skipped", "retry", "failed" or "broken" (the SMTP
    connection is unusable and must be opened again)."""
    mine = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=worker_id
    )
    still_wanted = registry.get(delivery.message.kind).still_wanted
    if still_wanted is not None and not still_wanted(delivery):
        mine.update(status=Delivery.Status.CANCELLED, claimed_by="")
        return "skipped"
    # Renewing the claim is the check that it is still ours: a worker that took longer than the
    # claim lasts must not send what another worker has taken over.
    if not mine.update(claimed_at=timezone.now(), attempts=delivery.attempts + 1):
        return "skipped"
    key = (delivery.message_id, delivery.language)
    if key not in contexts:
        contexts[key] = shared_context(delivery.message, delivery.language)
    try:
        email = build_email(delivery, shared=contexts[key], connection=connection)
        email.send()
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        _failed(mine, delivery, error, permanent=permanent)
        return "failed" if permanent else "retry"
    except smtplib.SMTPRecipientsRefused as error:
        _failed(mine, delivery, error, permanent=True)
        return "failed"
    except (smtplib.SMTPException, OSError) as error:
        _failed(mine, delivery, error, permanent=False)
        return "broken"
    mine.update(status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_by="", last_error="")
    return "sent"


def _failed(mine, delivery, error, *, permanent):
    attempts = delivery.attempts + 1
    detail = f"{type(error).__name__}: {error}"[:1000]
    if permanent or attempts >= settings.NEWSROOM_EMAIL_MAX_ATTEMPTS:
        logger.warning("Giving up on delivery %s: %s", delivery.pk, detail)
        mine.update(status=Delivery.Status.FAILED, claimed_by="", last_error=detail)
        return
    delay = settings.NEWSROOM_EMAIL_RETRY_SECONDS * 2 ** (attempts - 1)
    mine.update(
        status=Delivery.Status.PENDING,
        claimed_by="",
        last_error=detail,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )


def next_retry_at(message_id):
    """When the message's earliest waiting delivery is due, if it has one."""
    return Delivery.objects.filter(message_id=message_id, status=Delivery.Status.PENDING).aggregate(
        at=Min("next_attempt_at")
    )["at"]
