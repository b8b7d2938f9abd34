"""The email API: what queuing a message records, and what it leaves alone."""

import pytest

from outbox.models import Delivery, Message
from outbox.people import person_recipient
from outbox.services import (
    Recipient,
    add_recipients,
    cancel_deliveries,
    erase_recipient,
    send_email,
    send_to_person,
)
from tests.factories import UserFactory
from tests.tasks import queued_tasks

pytestmark = pytest.mark.django_db


def greeting(recipients, **kwargs):
    return send_email(
        kind="tests.greeting",
        template="tests/email/greeting",
        recipients=recipients,
        context={"headline": "Officers recognised"},
        **kwargs,
    )


def test_a_message_has_one_delivery_per_recipient_key():
    message = greeting(
        [
            Recipient(key="person:1", email="ana@example.org"),
            Recipient(key="person:1", email="ana@example.org"),
            Recipient(key="person:2", email="luis@example.org"),
        ]
    )

    assert sorted(message.deliveries.values_list("recipient_key", flat=True)) == [
        "person:1",
        "person:2",
    ]


def test_adding_recipients_again_never_duplicates_a_delivery():
    message = greeting([Recipient(key="person:1", email="ana@example.org")])

    added = add_recipients(
        message,
        [
            Recipient(key="person:1", email="ana@example.org"),
            Recipient(key="person:3", email="eva@example.org"),
        ],
    )

    assert added == 1
    assert message.deliveries.count() == 2


def test_recipients_without_an_address_are_skipped():
    message = greeting([Recipient(key="person:1", email="")])

    assert message.deliveries.count() == 0


def test_queuing_a_message_queues_its_sending_task_in_the_same_transaction():
    greeting([Recipient(key="person:1", email="ana@example.org")])

    assert len(queued_tasks("send_message")) == 1


def test_a_message_for_later_is_queued_to_run_then(time_machine):
    import datetime

    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(hours=3)
    message = greeting([Recipient(key="person:1", email="ana@example.org")], send_after=later)

    (task,) = queued_tasks("send_message")
    assert task.run_after == later
    assert message.deliveries.get().next_attempt_at == later


def test_cancelling_stops_what_has_not_gone_yet():
    message = greeting([Recipient(key="person:1", email="ana@example.org")])

    assert cancel_deliveries(recipient_key="person:1") == 1
    assert message.deliveries.get().status == Delivery.Status.CANCELLED


def test_erasing_a_recipient_leaves_no_address_and_keeps_the_count():
    message = greeting(
        [
            Recipient(key="person:1", email="ana@example.org", name="Ana"),
            Recipient(key="person:2", email="luis@example.org"),
        ]
    )

    erase_recipient(recipient_key="person:1")

    assert not Delivery.objects.filter(email="ana@example.org").exists()
    counted = Message.objects.with_counts().get(pk=message.pk)
    assert (counted.total_count, counted.erased_deliveries) == (1, 1)


def test_a_colleague_gets_email_in_their_language():
    user = UserFactory(first_name="Ana", last_name="Ruiz")

    recipient = person_recipient(user, language="es")

    assert (recipient.key, recipient.email, recipient.name, recipient.language) == (
        f"auth.user:{user.pk}",
        user.email,
        "Ana Ruiz",
        "es",
    )


def test_no_email_reaches_an_inactive_colleague():
    user = UserFactory(is_active=False)

    assert send_to_person(user, kind="tests.greeting", template="tests/email/greeting") is None


def test_no_email_reaches_a_colleague_who_turned_emails_off():
    from accounts.models import Profile

    user = UserFactory()
    Profile.objects.create(user=user, email_notifications=False)

    assert person_recipient(user) is None


def test_a_colleague_gets_email_in_the_language_of_their_preferences():
    from accounts.models import Profile

    user = UserFactory()
    Profile.objects.create(user=user, language="es")

    assert person_recipient(user).language == "es"


def test_send_to_person_queues_one_delivery():
    user = UserFactory()

    message = send_to_person(
        user, kind="tests.greeting", template="tests/email/greeting", context={"headline": "x"}
    )

    assert message.deliveries.get().email == user.email
