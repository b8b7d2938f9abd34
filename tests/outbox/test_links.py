"""Confirmation links, as readers and journalists get them: signed, naming their record and
address, in the recipient's language, good for a week."""

import datetime

import time_machine
from django.utils import timezone

from outbox.links import CONFIRM_MAX_AGE, ConfirmationLinks

LINKS = ConfirmationLinks(url_name="readers:confirm", salt="tests.confirm", key="s")


def signed_part(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_a_link_gives_back_the_record_and_address_it_was_made_for():
    url = LINKS.url(pk=7, email="lucia@example.org", language="en")
    assert LINKS.read(signed_part(url)) == (7, "lucia@example.org")


def test_a_link_is_in_the_recipients_language():
    assert "/es/" in LINKS.url(pk=7, email="lucia@example.org", language="es")
    assert "/es/" not in LINKS.url(pk=7, email="lucia@example.org", language="en")


def test_a_link_made_with_another_salt_is_refused():
    other = ConfirmationLinks(url_name="readers:confirm", salt="tests.other", key="s")
    url = other.url(pk=7, email="lucia@example.org", language="en")
    assert LINKS.read(signed_part(url)) is None


def test_a_tampered_link_is_refused():
    signed = signed_part(LINKS.url(pk=7, email="lucia@example.org", language="en"))
    assert LINKS.read(signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None
    assert LINKS.read("not-a-link") is None


def test_a_link_expires_after_a_week():
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        signed = signed_part(LINKS.url(pk=7, email="lucia@example.org", language="en"))
    with time_machine.travel(now + datetime.timedelta(seconds=CONFIRM_MAX_AGE - 60), tick=False):
        assert LINKS.read(signed) == (7, "lucia@example.org")
    with time_machine.travel(now + datetime.timedelta(seconds=CONFIRM_MAX_AGE + 60), tick=False):
        assert LINKS.read(signed) is None
