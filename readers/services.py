"""Readers' subscriptions and what is sent to them.

    subscribe / confirm / unsubscribe / update_preferences / end_subscription
    send_story_now(story)          a story that went public, to readers who want each story
    send_digest(day)               one email a day to readers who want a digest
    story_corrected(correction)    the correction, to exactly the readers who got the story
    export_data / erase            a reader's data, on request

Every function takes keyword arguments and raises ``ValidationError`` with a message for the
public or staff.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.services import cancel_deliveries, erase_recipient

from . import emails, topics
from .models import Reader, Receipt, Subscription

# Subscriptions


@transaction.atomic
def subscribe(*, email, language, delivery, kind=Subscription.Kind.EVERYTHING, followed=None):
    """A reader asks to follow something: they get an email to confirm (double opt-in).

    Asking again for what an address already follows sends nothing and says nothing, so the
    form tells no one who subscribes to what. A new address starts with the language and
    delivery it asked for, as does one never confirmed; a confirmed reader keeps their own (they
    change them on their manage page), so that a stranger cannot.
    """
    reader = Reader.objects.filter(email__iexact=email).first()
    if reader is None:
        reader = Reader.objects.create(email=email, language=language, delivery=delivery)
    elif reader.confirmed_at is None:
        reader.language, reader.delivery = language, delivery
        reader.save(update_fields=["language", "delivery"])
    fields = {
        "kind": kind,
        "section": followed if kind == Subscription.Kind.SECTION else None,
        "tag": followed if kind == Subscription.Kind.TAG else None,
        "officer": followed if kind == Subscription.Kind.OFFICER else None,
        "programme": followed if kind == Subscription.Kind.PROGRAMME else None,
    }
    subscription = reader.subscriptions.filter(ended_at__isnull=True, **fields).first()
    if subscription is not None and subscription.confirmed_at and not reader.unsubscribed_at:
        return subscription
    if subscription is None:
        subscription = Subscription.objects.create(reader=reader, **fields)
    emails.send_confirmation(subscription)
    return subscription


@transaction.atomic
def confirm(*, subscription, email):
    """The reader followed the confirmation link: the subscription counts from now."""
    reader = subscription.reader
    if reader.email.lower() != (email or "").lower():
        raise ValidationError(_("This link was made for another address."), code="wrong_email")
    if subscription.ended_at is not None:
        raise ValidationError(_("This subscription has ended."), code="ended")
    now = timezone.now()
    subscription.confirmed_at = subscription.confirmed_at or now
    subscription.save(update_fields=["confirmed_at"])
    reader.confirmed_at = reader.confirmed_at or now
    reader.unsubscribed_at = None
    reader.save(update_fields=["confirmed_at", "unsubscribed_at"])
    if reader.delivery == Reader.Delivery.DAILY:
        from .tasks import ensure_digest_scheduled

        ensure_digest_scheduled()
    return subscription


@transaction.atomic
def unsubscribe(*, reader):
    """Every subscription ends at once, and nothing more is sent, including what is queued."""
    now = timezone.now()
    if reader.unsubscribed_at is None:
        reader.unsubscribed_at = now
        reader.save(update_fields=["unsubscribed_at"])
    reader.subscriptions.filter(ended_at__isnull=True).update(ended_at=now)
    cancel_deliveries(recipient_key=reader.recipient_key)
    return reader


@transaction.atomic
def end_subscription(*, subscription):
    """One subscription ends; the reader keeps the others."""
    if subscription.ended_at is None:
        subscription.ended_at = timezone.now()
        subscription.save(update_fields=["ended_at"])
    return subscription


@transaction.atomic
def update_preferences(*, reader, language, delivery):
    reader.language = language
    reader.delivery = delivery
    reader.full_clean()
    reader.save(update_fields=["language", "delivery"])
    if delivery == Reader.Delivery.DAILY:
        from .tasks import ensure_digest_scheduled

        ensure_digest_scheduled()
    return reader


# Sending


def readers_for(story, language):
    """Reachable readers of ``language`` who follow something ``story`` belongs to and have not
    had it (in any edition); none unless readers of ``language`` are given this edition."""
    if not topics.in_edition(story, language):
        return Reader.objects.none()
    return (
        Reader.objects.reachable()
        .filter(
            language=language,
            pk__in=topics.matching(story).values("reader_id"),
        )
        .exclude(receipts__original_id=topics.original_id(story))
    )


@transaction.atomic
def send_story_now(*, story):
    """Email a story that is public to every reader who wants each story as it is published;
    returns how many readers it was added for. Safe to run again: a reader gets a story once."""
    from articles.models import Story

    # One run per story at a time: a second waits, then finds the receipts of the first.
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.is_published():
        return 0
    readers = []
    for language, _name in settings.LANGUAGES:
        readers += readers_for(story, language).filter(delivery=Reader.Delivery.IMMEDIATE)
    if not readers:
        return 0
    message = emails.story_message(story)
    emails.send_story(message, readers)
    _record_receipts(message, {reader: [story] for reader in readers})
    return len(readers)


def digest_window(day):
    """The moment of ``day``'s digest, and the one of the day before, in the site's zone."""
    moment = digest_time(day)
    return moment - datetime.timedelta(days=1), moment


def digest_time(day):
    zone = timezone.get_default_timezone()
    local = datetime.datetime.combine(day, datetime.time(settings.NEWSROOM_DIGEST_HOUR))
    return timezone.make_aware(local, zone)


@transaction.atomic
def send_digest(*, day):
    """``day``'s digest: to each reader who wants one, the stories that went public in the day
    before its hour and match their subscriptions, each story once, in their edition. Safe to
    run again: readers and stories already sent are left out."""
    from articles.models import Story

    since, until = digest_window(day)
    stories = list(
        Story.objects.published()
        .filter(published_at__gt=since, published_at__lte=until)
        .select_related("section")
        .order_by("published_at", "pk")
    )
    chosen = {}
    for story in stories:
        for language, _name in settings.LANGUAGES:
            for reader in readers_for(story, language).filter(delivery=Reader.Delivery.DAILY):
                picked = chosen.setdefault(reader, [])
                if all(topics.original_id(other) != topics.original_id(story) for other in picked):
                    picked.append(story)
    if not chosen:
        return 0
    # Two runs for the same day take turns: the second finds the first's receipts.
    list(Reader.objects.select_for_update().filter(pk__in=[reader.pk for reader in chosen]))
    message = emails.digest_message(day)
    already = set(message.deliveries.values_list("recipient_key", flat=True))
    chosen = {r: picked for r, picked in chosen.items() if r.recipient_key not in already}
    ids = {story.pk for picked in chosen.values() for story in picked}
    message.context["stories"] = sorted(set(message.context["stories"]) | ids)
    message.save(update_fields=["context"])
    from outbox.services import add_recipients

    add_recipients(
        message,
        [
            emails.reader_recipient(reader, story_ids=[story.pk for story in picked])
            for reader, picked in chosen.items()
        ],
    )
    _record_receipts(message, chosen)
    return len(chosen)


def _record_receipts(message, stories_by_reader):
    deliveries = dict(
        message.deliveries.filter(
            recipient_key__in=[reader.recipient_key for reader in stories_by_reader]
        ).values_list("recipient_key", "pk")
    )
    Receipt.objects.bulk_create(
        [
            Receipt(
                reader=reader,
                story=story,
                original_id=topics.original_id(story),
                delivery_id=deliveries.get(reader.recipient_key),
            )
            for reader, stories in stories_by_reader.items()
            for story in stories
        ],
        ignore_conflicts=True,
    )


def story_corrected(*, correction):
    """Send the correction to the readers the story was emailed to (sent, not only queued),
    unless they unsubscribed since."""
    from outbox.models import Delivery

    readers = list(
        Reader.objects.reachable()
        .filter(
            receipts__story_id=correction.story_id,
            receipts__delivery__status=Delivery.Status.SENT,
        )
        .distinct()
    )
    if readers:
        emails.send_correction(correction, readers)
    return len(readers)


# A reader's data


def export_data(*, reader):
    """Everything kept about a reader, as JSON-ready data."""
    from outbox.models import Delivery

    def moment(value):
        return value.isoformat() if value else None

    return {
        "email": reader.email,
        "language": reader.language,
        "delivery": reader.delivery,
        "signed_up_at": moment(reader.created_at),
        "address_confirmed_at": moment(reader.confirmed_at),
        "unsubscribed_at": moment(reader.unsubscribed_at),
        "subscriptions": [
            {
                "follows": str(subscription.topic_label),
                "asked_at": moment(subscription.created_at),
                "confirmed_at": moment(subscription.confirmed_at),
                "ended_at": moment(subscription.ended_at),
            }
            for subscription in reader.subscriptions.select_related(
                "section", "tag", "officer", "programme"
            )
        ],
        "stories_received": [
            {"story": receipt.story.headline, "sent_at": moment(receipt.created_at)}
            for receipt in reader.receipts.select_related("story").order_by("created_at")
        ],
        "emails": [
            {"sent_at": moment(sent_at), "status": status}
            for sent_at, status in Delivery.objects.for_recipient(reader.recipient_key).values_list(
                "sent_at", "status"
            )
        ],
    }


@transaction.atomic
def erase(*, reader):
    """Forget a reader: their address, subscriptions, receipts and delivery log go; emails keep
    only the number of recipients erased."""
    erase_recipient(recipient_key=reader.recipient_key)
    reader.delete()
