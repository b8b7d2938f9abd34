"""Staff sessions end when idle, when too old, on deactivation and on a password change."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.models import SignedInSession
from tests.accounts.signing_in import sign_in
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

STORIES = reverse("admin:articles_story_changelist")
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def after(**delta):
    return time_machine.travel(START + datetime.timedelta(**delta), tick=False)


def test_a_staff_session_ends_after_an_hour_without_activity(client):
    with after():
        sign_in(client, EditorFactory().username)
    with after(minutes=61):
        response = client.get(STORIES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_session_alive(client):
    with after():
        sign_in(client, EditorFactory().username)
    for minutes in (50, 100, 150):
        with after(minutes=minutes):
            assert client.get(STORIES).status_code == 200


def test_a_staff_session_ends_twelve_hours_after_signing_in_however_active(client):
    with after():
        sign_in(client, EditorFactory().username)
    for minutes in range(50, 12 * 60, 50):
        with after(minutes=minutes):
            assert client.get(STORIES).status_code == 200
    with after(hours=12, minutes=1):
        assert client.get(STORIES).status_code == 302


def test_the_idle_timeout_is_a_setting(client, settings):
    settings.NEWSROOM_STAFF_IDLE_TIMEOUT = 10 * 60
    with after():
        sign_in(client, EditorFactory().username)
    with after(minutes=11):
        assert client.get(STORIES).status_code == 302


def test_the_session_cookie_ends_with_the_browser(client):
    sign_in(client, EditorFactory().username)
    cookie = client.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_browsing_writes_the_session_at_most_once_a_minute(client, django_assert_num_queries):
    with after():
        sign_in(client, EditorFactory().username)
    with after(seconds=10):
        client.get(STORIES)
    seen = Session.objects.get().get_decoded()["accounts.seen_at"]
    assert seen == int(START.timestamp())


def test_deactivating_someone_ends_every_session_they_have(client, django_user_model):
    from django.test import Client

    editor = EditorFactory()
    laptop, phone = Client(), Client()
    sign_in(laptop, editor.username)
    sign_in(phone, editor.username)
    assert SignedInSession.objects.filter(user=editor).count() == 2
    editor.is_active = False
    editor.save()
    assert not Session.objects.exists()
    assert not SignedInSession.objects.exists()
    # Reactivated, the old browsers stay signed out.
    editor.is_active = True
    editor.save()
    assert laptop.get(STORIES).status_code == 302
    assert phone.get(STORIES).status_code == 302


def test_a_password_change_ends_the_other_sessions_and_keeps_the_changers(client):
    from django.test import Client

    editor = EditorFactory()
    other = Client()
    sign_in(client, editor.username)
    sign_in(other, editor.username)
    response = client.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "violet tugboat marmalade",
            "new_password2": "violet tugboat marmalade",
        },
    )
    assert response.status_code == 302
    assert other.get(STORIES).status_code == 302
    assert client.get(STORIES).status_code == 200


def test_a_password_set_by_an_administrator_ends_the_persons_sessions(client):
    editor = EditorFactory()
    sign_in(client, editor.username)
    editor.set_password("violet tugboat marmalade")
    editor.save()
    assert client.get(STORIES).status_code == 302


def test_saving_someone_unchanged_leaves_their_sessions_alone(client):
    editor = EditorFactory()
    sign_in(client, editor.username)
    editor.first_name = "Ana"
    editor.save()
    assert client.get(STORIES).status_code == 200
