"""Sign-in throttling: failed sign-ins are counted by account and by address (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import SignInLockout
from tests.accounts.signing_in import PASSWORD, sign_in
from tests.factories import AdministratorFactory, EditorFactory, WriterFactory

pytestmark = pytest.mark.django_db

LOCKOUTS = reverse("admin:accounts_signinlockout_changelist")


@pytest.fixture(autouse=True)
def limit_of_three(settings):
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, username, times, address="127.0.0.1"):
    for _ in range(times):
        response = sign_in(client, username, password="wrong password", address=address)
        assert response.status_code in {200, 429}
    return response


def test_wrong_passwords_below_the_limit_get_the_usual_form_error(client):
    editor = EditorFactory()
    response = fail(client, editor.username, 2)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_account_is_locked_after_the_limit_even_with_the_right_password(client):
    editor = EditorFactory()
    fail(client, editor.username, 3)
    response = sign_in(client, editor.username)
    assert response.status_code == 429
    assert "This account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_and_who_can_unlock(client):
    editor = EditorFactory()
    response = fail(client, editor.username, 3)
    text = response.content.decode()
    assert "15 minutes after the last try" in text
    assert "An Administrator can lift the lock at once, under Sign-in lockouts" in text


def test_a_locked_account_is_told_that_its_account_is_locked(client):
    editor = EditorFactory()
    response = fail(client, editor.username, 3)
    assert "This account is locked" in response.content.decode()


def test_an_account_signing_in_from_a_locked_network_is_told_the_network_is_locked(client):
    for username in ["someone", "someone-else", "a-third"]:
        fail(client, username, 1, address="192.0.2.10")
    response = sign_in(client, WriterFactory().username, address="192.0.2.10")
    text = response.content.decode()
    assert "Signing in from this network is locked" in text
    assert "This account is locked" not in text


def test_each_try_during_the_lockout_starts_the_wait_again(client, time_machine):
    # As the lockout page says: django-axes counts a try while locked as another failure.
    time_machine.move_to(timezone.now(), tick=False)
    editor = EditorFactory()
    fail(client, editor.username, 3)
    time_machine.shift(datetime.timedelta(minutes=10))
    assert sign_in(client, editor.username).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=10))
    assert sign_in(client, editor.username).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=16))
    assert sign_in(client, editor.username).status_code == 302


def test_the_lockout_page_speaks_the_language_of_the_browser(client):
    editor = EditorFactory()
    fail(client, editor.username, 2)
    response = client.post(
        reverse("admin:login"),
        {"username": editor.username, "password": "wrong password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 429
    assert "Esta cuenta está bloqueada" in response.content.decode()


def test_a_locked_account_stays_locked_from_another_address(client):
    editor = EditorFactory()
    fail(client, editor.username, 3, address="192.0.2.10")
    response = sign_in(client, editor.username, address="198.51.100.20")
    assert response.status_code == 429


def test_an_address_trying_many_accounts_is_locked_for_every_account(client):
    fail(client, "someone", 1, address="192.0.2.10")
    fail(client, "someone-else", 1, address="192.0.2.10")
    fail(client, "a-third", 1, address="192.0.2.10")
    writer = WriterFactory()
    assert sign_in(client, writer.username, address="192.0.2.10").status_code == 429


def test_other_accounts_from_other_addresses_still_sign_in(client):
    fail(client, EditorFactory().username, 3, address="192.0.2.10")
    writer = WriterFactory()
    response = sign_in(client, writer.username, address="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(writer.pk)


def test_a_successful_sign_in_clears_the_accounts_count(client):
    editor = EditorFactory()
    fail(client, editor.username, 2)
    assert sign_in(client, editor.username).status_code == 302
    client.logout()
    fail(client, editor.username, 2)
    assert sign_in(client, editor.username).status_code == 302


def test_every_failed_sign_in_is_recorded_with_its_account_address_and_lockout(client):
    editor = EditorFactory()
    fail(client, editor.username, 3, address="192.0.2.10")
    entries = list(
        AccessFailureLog.objects.order_by("attempt_time").values_list(
            "username", "ip_address", "locked_out"
        )
    )
    assert entries == [
        (editor.username, "192.0.2.10", False),
        (editor.username, "192.0.2.10", False),
        (editor.username, "192.0.2.10", True),
    ]


def test_the_address_comes_from_the_trusted_proxy_only_when_told_to_trust_it(client, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    client.post(
        reverse("admin:login"),
        {"username": "someone", "password": "wrong password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_the_proxy_header_is_ignored_unless_trusted(client):
    client.post(
        reverse("admin:login"),
        {"username": "someone", "password": "wrong password"},
        REMOTE_ADDR="192.0.2.44",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert AccessAttempt.objects.get().ip_address == "192.0.2.44"


def test_an_administrator_sees_who_is_locked_out(client):
    editor = EditorFactory()
    fail(client, editor.username, 3, address="192.0.2.10")
    client.force_login(AdministratorFactory())
    response = client.get(LOCKOUTS)
    assert response.status_code == 200
    assert editor.username in response.content.decode()
    assert "192.0.2.10" in response.content.decode()


def test_the_lockout_list_says_until_when_an_account_is_locked(client, settings):
    settings.TIME_ZONE = "America/Mexico_City"
    locked, trying = EditorFactory(), EditorFactory()
    fail(client, locked.username, settings.AXES_FAILURE_LIMIT, address="192.0.2.10")
    fail(client, trying.username, 1, address="192.0.2.11")
    client.force_login(AdministratorFactory())
    page = client.get(LOCKOUTS).content.decode()
    attempt = AccessAttempt.objects.get(username=locked.username)
    until = timezone.localtime(attempt.attempt_time + settings.AXES_COOLOFF_TIME)
    assert f"Locked until {date_format(until, 'TIME_FORMAT')}" in page
    assert "Not locked" in page


def test_an_administrator_unlocks_an_account_and_the_unlock_is_recorded(client):
    editor = EditorFactory()
    fail(client, editor.username, 3, address="192.0.2.10")
    administrator = AdministratorFactory()
    client.force_login(administrator)
    attempts = list(SignInLockout.objects.values_list("pk", flat=True))
    response = client.post(LOCKOUTS, {"action": "unlock", "_selected_action": attempts})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    entry = LogEntry.objects.get(object_id=str(editor.pk))
    assert entry.user == administrator
    assert entry.get_change_message() == "Sign-in unlocked."
    client.logout()
    assert sign_in(client, editor.username, address="192.0.2.10").status_code == 302


def test_editors_and_writers_cannot_see_or_clear_lockouts(client):
    client.force_login(EditorFactory())
    assert client.get(LOCKOUTS).status_code == 403


def test_the_test_clients_login_still_works_without_a_request(client):
    editor = EditorFactory()
    assert client.login(username=editor.username, password=PASSWORD)
