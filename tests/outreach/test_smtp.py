"""A release under embargo sent through a real SMTP server and read back as each journalist's
mail program would: headline, summary, embargo line and personal link in both parts, in the
journalist's language, with one-click unsubscribe."""

from urllib.parse import urlsplit

import pytest

from outreach import links
from outreach.models import PressAccess
from tests.factories import JournalistFactory, StoryFactory
from tests.outreach.conftest import release_under_embargo

pytestmark = pytest.mark.django_db

SUMMARY = "Two officers trained in the programme receive a state award."


@pytest.fixture
def ana():
    return JournalistFactory(name="Ana Smith", email="ana@example.net", language="en")


@pytest.fixture
def luis():
    return JournalistFactory(name="Luis Pérez", email="luis@example.mx", language="es")


@pytest.fixture
def received(before_the_embargo, editor, smtp_server, ana, luis):
    story = StoryFactory(draft=True, headline="Officers recognised in Morelia", standfirst=SUMMARY)
    release_under_embargo(editor, ana, luis, story=story)
    (to_ana,) = smtp_server.mailbox.to("ana@example.net")
    (to_luis,) = smtp_server.mailbox.to("luis@example.mx")
    return {"ana": to_ana, "luis": to_luis}


def parts(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_each_journalist_gets_one_message_with_a_text_and_an_html_part(received, smtp_server):
    assert len(smtp_server.messages) == 2
    for message in received.values():
        assert message.get_content_type() == "multipart/alternative"


def test_both_parts_carry_the_headline_summary_and_embargo_line(received):
    text, html = parts(received["ana"])

    assert received["ana"]["Subject"] == (
        "EMBARGOED until 12 January 2021, 10:00 (Mexico City): Officers recognised in Morelia"
    )
    for part in (text, html):
        assert "Officers recognised in Morelia" in part
        assert SUMMARY in part
        assert "EMBARGOED until 12 January 2021, 10:00 (Mexico City)" in part


def test_a_spanish_journalist_gets_it_in_spanish(received):
    message = received["luis"]
    text, html = parts(message)

    assert message["Content-Language"] == "es"
    # A long subject with accents is folded right after "Subject:"; readers drop the space.
    assert (
        message["Subject"]
        .strip()
        .startswith("EMBARGO hasta el 12 de enero de 2021, 10:00 (Ciudad de México)")
    )
    for part in (text, html):
        assert "EMBARGO hasta el 12 de enero de 2021, 10:00 (Ciudad de México)" in part
    assert "Léala (este enlace es solo suyo; no lo comparta):" in text


def test_an_english_journalist_gets_it_in_english(received):
    message = received["ana"]
    text, _html = parts(message)

    assert message["Content-Language"] == "en"
    assert "Read it (this link is yours alone; do not pass it on):" in text


def test_each_message_carries_its_journalists_own_link_in_both_parts(received, ana, luis):
    for journalist, message in ((ana, received["ana"]), (luis, received["luis"])):
        link = links.access_url(PressAccess.objects.get(journalist=journalist))
        text, html = parts(message)
        assert link in text
        assert link in html
    assert (
        links.access_url(PressAccess.objects.get(journalist=luis)) not in parts(received["ana"])[0]
    )


def test_the_link_read_back_opens_the_embargoed_preview_for_that_journalist(received, client, luis):
    text, _html = parts(received["luis"])
    (address,) = [word for word in text.split() if "/press/s/" in word]

    response = client.get(urlsplit(address).path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Luis Pérez" in html
    assert "Ana Smith" not in html
    assert "Officers recognised in Morelia" in html
    assert PressAccess.objects.get(journalist=luis).open_count == 1


def test_each_message_carries_one_click_unsubscribe_for_its_journalist(received, ana, luis):
    for journalist, message in ((ana, received["ana"]), (luis, received["luis"])):
        # A long header is folded after its name; mail programs unfold it.
        assert message["List-Unsubscribe"].strip() == f"<{links.unsubscribe_url(journalist)}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
