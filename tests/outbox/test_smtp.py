"""Messages sent through a real SMTP server and read back as a mail client would."""

import pytest

from outbox.services import Recipient, send_email
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def send_greeting(language="es"):
    send_email(
        kind="tests.greeting",
        template="tests/email/greeting",
        recipients=[
            Recipient(
                key="journalist:1",
                email="ana@example.org",
                name="Ana Ruiz Núñez",
                language=language,
                unsubscribe_url="https://news.example.org/press/unsubscribe/tok-ana/",
                context={"personal_link": "https://news.example.org/press/s/tok-ana/"},
            )
        ],
        context={"headline": "Policías reconocidos en Morelia"},
    )
    run_queued_tasks()


def test_the_message_arrives_with_both_parts(smtp_server):
    send_greeting()

    (message,) = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Policías reconocidos en Morelia" in text
    assert "Policías reconocidos en Morelia" in html


def test_the_message_is_in_the_recipients_language(smtp_server):
    send_greeting(language="es")

    (message,) = smtp_server.messages
    assert message["Content-Language"] == "es"
    assert "Cancelar la suscripción" in message.get_body(("plain",)).get_content()


def test_the_message_carries_one_click_unsubscribe_headers(smtp_server):
    send_greeting()

    (message,) = smtp_server.messages
    assert message["List-Unsubscribe"] == "<https://news.example.org/press/unsubscribe/tok-ana/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_message_carries_the_personal_link_and_a_stable_message_id(smtp_server):
    send_greeting()

    (message,) = smtp_server.messages
    assert "https://news.example.org/press/s/tok-ana/" in message.get_body(("html",)).get_content()
    assert message["Message-ID"].endswith("@news.example.org>")
    assert message["To"].addresses[0].display_name == "Ana Ruiz Núñez"
    assert message["From"].addresses[0].domain == "news.example.org"
