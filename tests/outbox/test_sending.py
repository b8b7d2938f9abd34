"""The worker's side: each delivery sent once, refused ones retried with backoff, rendered in the
recipient's language, with one-click unsubscribe headers where a subscription exists."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from outbox import registry, sending
from outbox.models import Delivery
from outbox.services import Recipient, send_email
from outbox.tasks import requeue_unfinished
from tests.tasks import queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db


def greeting(*recipients, kind="tests.greeting"):
    return send_email(
        kind=kind,
        template="tests/email/greeting",
        recipients=list(recipients),
        context={"headline": "Officers recognised"},
    )


ANA = Recipient(
    key="person:1",
    email="ana@example.org",
    name="Ana Ruiz",
    language="es",
    unsubscribe_url="https://news.example.org/unsubscribe/abc/",
    context={"personal_link": "https://news.example.org/press/token-ana/"},
)
LUIS = Recipient(key="person:2", email="luis@example.org", name="Luis")


def test_the_worker_sends_each_delivery_and_records_it(mailoutbox):
    message = greeting(ANA, LUIS)

    run_queued_tasks()

    assert sorted(m.to[0] for m in mailoutbox) == [
        "Ana Ruiz <ana@example.org>",
        "Luis <luis@example.org>",
    ]
    assert set(message.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_running_the_task_again_sends_nothing_twice(mailoutbox):
    message = greeting(ANA, LUIS)
    run_queued_tasks()

    assert sending.send_pending(message.pk) == 0
    assert len(mailoutbox) == 2


def test_a_message_has_plain_text_and_html_in_the_recipients_language(mailoutbox):
    greeting(ANA)
    run_queued_tasks()

    (email,) = mailoutbox
    html = email.alternatives[0][0]
    assert "Officers recognised" in email.body and "Officers recognised" in html
    assert "Cancelar la suscripción" in html
    assert 'lang="es"' in html
    assert email.extra_headers["Content-Language"] == "es"


def test_a_subscription_gets_one_click_unsubscribe_headers(mailoutbox):
    greeting(ANA, LUIS)
    run_queued_tasks()

    by_address = {m.to[0]: m.extra_headers for m in mailoutbox}
    assert by_address["Ana Ruiz <ana@example.org>"]["List-Unsubscribe"] == (
        "<https://news.example.org/unsubscribe/abc/>"
    )
    assert by_address["Ana Ruiz <ana@example.org>"]["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert "List-Unsubscribe" not in by_address["Luis <luis@example.org>"]


def test_a_passing_refusal_is_retried_later_with_growing_waits(monkeypatch, settings):
    settings.NEWSROOM_EMAIL_RETRY_SECONDS = 60
    message = greeting(LUIS)
    refuse_with(monkeypatch, smtplib.SMTPResponseException(451, b"Try later"))

    run_queued_tasks()

    delivery = message.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    first_wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=55) < first_wait <= datetime.timedelta(seconds=60)
    (retry,) = queued_tasks("send_message")
    assert retry.run_after == delivery.next_attempt_at


def test_the_wait_doubles_with_each_attempt(monkeypatch, settings, time_machine):
    settings.NEWSROOM_EMAIL_RETRY_SECONDS = 60
    message = greeting(LUIS)
    refuse_with(monkeypatch, smtplib.SMTPResponseException(451, b"Try later"))
    run_queued_tasks()

    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=61), tick=False)
    run_queued_tasks()

    delivery = message.deliveries.get()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - timezone.now() == datetime.timedelta(seconds=120)


def test_a_delivery_is_given_up_after_the_last_attempt(monkeypatch, settings, time_machine):
    settings.NEWSROOM_EMAIL_MAX_ATTEMPTS = 2
    message = greeting(LUIS)
    refuse_with(monkeypatch, smtplib.SMTPResponseException(451, b"Try later"))
    run_queued_tasks()
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1), tick=False)

    run_queued_tasks()

    delivery = message.deliveries.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "Try later" in delivery.last_error
    assert queued_tasks("send_message") == []


def test_a_permanent_refusal_is_not_retried(monkeypatch):
    message = greeting(LUIS)
    refuse_with(monkeypatch, smtplib.SMTPResponseException(550, b"No such user"))

    run_queued_tasks()

    assert message.deliveries.get().status == Delivery.Status.FAILED
    assert queued_tasks("send_message") == []


def test_a_delivery_no_longer_wanted_is_not_sent(mailoutbox):
    registry.register("tests.unwanted", still_wanted=lambda delivery: delivery.email != LUIS.email)
    message = greeting(ANA, LUIS, kind="tests.unwanted")

    run_queued_tasks()

    assert [m.to[0] for m in mailoutbox] == ["Ana Ruiz <ana@example.org>"]
    assert message.deliveries.get(recipient_key=LUIS.key).status == Delivery.Status.CANCELLED


def test_a_delivery_another_worker_holds_is_left_alone(mailoutbox):
    message = greeting(LUIS)
    Delivery.objects.update(status="sending", claimed_by="other", claimed_at=timezone.now())

    assert sending.send_pending(message.pk) == 0
    assert mailoutbox == []


def test_a_silent_workers_claim_is_taken_over(mailoutbox, settings):
    settings.NEWSROOM_EMAIL_CLAIM_SECONDS = 60
    message = greeting(LUIS)
    run_queued_tasks_without_sending()
    long_ago = timezone.now() - datetime.timedelta(seconds=61)
    Delivery.objects.update(status="sending", claimed_by="dead", claimed_at=long_ago)

    assert requeue_unfinished() == [message.pk]
    run_queued_tasks()

    assert len(mailoutbox) == 1


def test_the_rate_spaces_messages_out(monkeypatch):
    slept = []
    monkeypatch.setattr(sending.time, "sleep", slept.append)
    moments = iter([100.0, 100.0, 100.1])
    monkeypatch.setattr(sending.time, "monotonic", lambda: next(moments))
    throttle = sending.Throttle(rate=2)

    throttle.wait()
    throttle.wait()
    throttle.wait()

    assert slept == [pytest.approx(0.5), pytest.approx(0.9)]


def refuse_with(monkeypatch, error):
    def refuse(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse)


def run_queued_tasks_without_sending():
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
