"""Background tasks of the email layer, run by ``manage.py run_worker``."""

from django.utils import timezone
from django_tasks import task

from . import sending
from .models import Message


@task()
def send_message(message_id):
    """Send what is due of one message, then queue itself for the earliest retry."""
    sent = sending.send_pending(message_id)
    retry_at = sending.next_retry_at(message_id)
    if retry_at is not None:
        from .services import schedule

        schedule(send_message, message_id, run_after=max(retry_at, timezone.now()))
    # A worker that died mid-batch left claims behind; whichever worker is busy next takes
    # them over, so a message is never stuck waiting for a restart.
    requeue_unfinished(Message.objects.abandoned().exclude(pk=message_id))
    return sent


def requeue_unfinished(messages=None):
    """Queue a send for each of ``messages`` (by default every message with deliveries a worker
    could take now: a worker died holding claims, or the queue lost its task). Claims make a
    duplicate task harmless. Returns the ids queued."""
    from .services import schedule

    if messages is None:
        messages = Message.objects.unfinished()
    ids = list(messages.values_list("pk", flat=True))
    for message_id in ids:
        schedule(send_message, message_id)
    return ids
