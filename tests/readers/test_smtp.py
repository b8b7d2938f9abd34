"""Readers' emails sent through a real SMTP server and read back as a mail client would."""

import pytest

from readers import links
from tests.factories import MediaContactFactory, ReaderFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_reader():
    reader = ReaderFactory(email="lucia@example.com", language="es")
    SubscriptionFactory(reader=reader)
    return reader


@pytest.fixture
def received(smtp_server, spanish_reader, publish):
    contact = MediaContactFactory(name="María López", email="prensa@example.gob.mx")
    story = publish(
        headline="Policías reconocidos en Morelia",
        language="es",
        body="<p>Las policías fueron reconocidas por su <strong>trabajo</strong>.</p>",
        media_contacts=[contact],
    )
    (message,) = smtp_server.mailbox.to("lucia@example.com")
    return story, message


def test_the_story_arrives_with_a_text_and_an_html_part(received):
    story, message = received

    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Policías reconocidos en Morelia" in part
        assert story.standfirst in part
        assert story.get_absolute_url() in part
    assert "Las policías fueron reconocidas por su trabajo." in text
    assert "<strong>trabajo</strong>" in html


def test_the_story_is_in_the_readers_language(received):
    _story, message = received

    assert message["Subject"] == "Policías reconocidos en Morelia"
    assert message["Content-Language"] == "es"
    text = message.get_body(("plain",)).get_content()
    assert "Léala en el sitio:" in text
    assert "Administrar sus suscripciones:" in text


def test_the_story_carries_one_click_unsubscribe(received, spanish_reader):
    _story, message = received

    # A long header is folded after its name; mail programs unfold it.
    assert message["List-Unsubscribe"].strip() == f"<{links.unsubscribe_url(spanish_reader)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/es/subscribe/unsubscribe/" in message["List-Unsubscribe"]


def test_the_story_names_its_media_contacts_in_both_parts(received):
    _story, message = received

    for part in ("plain", "html"):
        content = message.get_body((part,)).get_content()
        assert "Para más información, contacte con:" in content
        assert "María López" in content
        assert "prensa@example.gob.mx" in content


def test_the_html_is_readable_without_images(received):
    _story, message = received

    assert "<img" not in message.get_body(("html",)).get_content()
