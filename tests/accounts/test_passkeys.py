"""Passkeys (WebAuthn) as a second factor: where they are bound, how they count, how they go.

Signing in with a real passkey, through the browser's own WebAuthn, is in
tests/browser/test_passkeys.py.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from webauthn.helpers import bytes_to_base64url

from accounts import passkeys, second_factor
from accounts.models import Profile, RoleSecurity
from tests.accounts.signing_in import enrolled, sign_in, verified_login, with_passkey
from tests.factories import AdministratorFactory, EditorFactory, WriterFactory

pytestmark = pytest.mark.django_db

SECURITY = reverse("accounts:security")
VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:enrol")
STORIES = reverse("admin:articles_story_changelist")
REGISTRATION_BEGIN = reverse("otp_webauthn:credential-registration-begin")
AUTHENTICATION_BEGIN = reverse("otp_webauthn:credential-authentication-begin")


def remove(passkey):
    return reverse("accounts:remove-passkey", args=[passkey.pk])


def name_page(passkey):
    return reverse("accounts:passkey-name", args=[passkey.pk])


# Where passkeys are bound: the site's own address.


def test_the_relying_party_is_the_host_of_the_base_url(settings):
    settings.NEWSROOM_BASE_URL = "https://prensa.example.gob.mx"
    assert passkeys.relying_party_id() == "prensa.example.gob.mx"
    assert passkeys.allowed_origins() == ["https://prensa.example.gob.mx"]


def test_the_allowed_origin_keeps_the_port_and_the_relying_party_does_not(settings):
    settings.NEWSROOM_BASE_URL = "http://localhost:8123"
    assert passkeys.relying_party_id() == "localhost"
    assert passkeys.allowed_origins() == ["http://localhost:8123"]


@pytest.mark.parametrize(
    ("base_url", "available"),
    [
        ("https://news.example.org", True),
        ("http://localhost:8000", True),
        ("http://127.0.0.1:8000", False),  # an IP address cannot be a relying party
        ("http://news.example.org", False),  # WebAuthn needs a secure page
    ],
)
def test_passkeys_are_offered_only_where_browsers_can_make_them(settings, base_url, available):
    settings.NEWSROOM_BASE_URL = base_url
    assert passkeys.available() is available


def test_the_browser_is_asked_for_a_passkey_bound_to_the_base_urls_host(client, settings):
    settings.NEWSROOM_BASE_URL = "https://prensa.example.gob.mx"
    settings.NEWSROOM_SITE_NAME = "Prensa SSP"
    writer = WriterFactory()
    client.force_login(writer)
    response = client.post(REGISTRATION_BEGIN)
    assert response.status_code == 200
    options = json.loads(response.content)
    assert options["rp"] == {"id": "prensa.example.gob.mx", "name": "Prensa SSP"}
    assert options["user"]["name"] == writer.username


def test_confirming_with_a_passkey_asks_for_one_of_the_persons_own(client, settings):
    settings.NEWSROOM_BASE_URL = "https://prensa.example.gob.mx"
    editor = EditorFactory()
    passkey = with_passkey(editor)
    with_passkey(EditorFactory())  # a colleague's, never offered
    client.force_login(editor)
    options = json.loads(client.post(AUTHENTICATION_BEGIN).content)
    assert options["rpId"] == "prensa.example.gob.mx"
    assert [entry["id"] for entry in options["allowCredentials"]] == [
        bytes_to_base64url(bytes(passkey.credential_id))
    ]


# A passkey is a second factor wherever the rule is decided.


def test_a_passkey_counts_as_a_second_factor():
    writer = WriterFactory()
    assert not second_factor.has_second_factor(writer)
    with_passkey(writer)
    assert second_factor.has_second_factor(writer)


def test_a_writer_with_a_passkey_must_confirm_with_it(client, second_factor_required):
    writer = WriterFactory()
    with_passkey(writer)
    assert second_factor.needs_verification(writer)
    sign_in(client, writer.username)
    assert client.get(STORIES)["Location"].startswith(VERIFY)


def test_an_editor_with_only_a_passkey_is_asked_to_confirm_not_to_set_up(
    client, second_factor_required
):
    editor = EditorFactory()
    with_passkey(editor)
    sign_in(client, editor.username)
    assert client.get(STORIES)["Location"].startswith(VERIFY)


def test_a_session_confirmed_with_a_passkey_reaches_the_admin(client, second_factor_required):
    editor = EditorFactory()
    verified_login(client, editor, with_passkey(editor))
    assert client.get(STORIES).status_code == 200


def test_the_confirm_page_offers_a_passkey_to_someone_who_has_one(
    client, second_factor_required, settings
):
    editor = EditorFactory()
    with_passkey(editor)
    sign_in(client, editor.username)
    text = client.get(VERIFY).content.decode()
    assert 'id="passkey-verification-button"' in text
    assert "Use a passkey" in text
    assert "Lost your passkey? Type one of your recovery codes." in text
    assert "authenticator app shows" not in text


def test_the_confirm_page_offers_no_passkey_to_someone_without_one(client, second_factor_required):
    editor = EditorFactory()
    enrolled(editor)
    sign_in(client, editor.username)
    text = client.get(VERIFY).content.decode()
    assert "passkey-verification-button" not in text
    assert "otp_webauthn_auth.js" not in text


def test_the_confirm_page_loads_its_scripts_from_the_site_and_runs_none_inline(
    client, second_factor_required
):
    editor = EditorFactory()
    with_passkey(editor)
    sign_in(client, editor.username)
    response = client.get(VERIFY)
    text = response.content.decode()
    assert "/static/django_otp_webauthn/otp_webauthn_auth.js" in text
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Every script comes from the site; the one without a src is the library's configuration,
    # data the browser never runs.
    for tag in re.findall(r"<script[^>]*>", text):
        assert " src=" in tag or 'type="application/json"' in tag, tag


def test_a_recovery_code_still_confirms_a_passkey_holders_sign_in(client, second_factor_required):
    editor = EditorFactory()
    with_passkey(editor)
    codes = second_factor.new_recovery_codes(editor)
    sign_in(client, editor.username)
    response = client.post(VERIFY, {"code": codes[0], "next": STORIES})
    assert response["Location"] == STORIES
    assert client.get(STORIES).status_code == 200


def test_someone_with_a_factor_must_confirm_before_adding_a_passkey(client, second_factor_required):
    editor = EditorFactory()
    enrolled(editor)
    sign_in(client, editor.username)
    response = client.post(REGISTRATION_BEGIN)
    assert response.status_code == 403
    assert "verify your identity first" in json.loads(response.content)["detail"]


def test_a_passkey_never_signs_anyone_in_without_a_password(client):
    response = client.post(AUTHENTICATION_BEGIN)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_someone_without_a_factor_may_add_a_passkey_before_confirming(
    client, second_factor_required
):
    # An Editor's first sign-in: the set-up page offers a passkey beside the authenticator app.
    client.force_login(EditorFactory())
    assert "passkey-register-button" in client.get(ENROL).content.decode()
    assert client.post(REGISTRATION_BEGIN).status_code == 200


# The two-step page: the list, names, removal.


def test_the_two_step_page_lists_passkeys_with_when_they_were_added_and_last_used(client):
    writer = WriterFactory()
    laptop = with_passkey(writer, "Work laptop")
    phone = with_passkey(writer, "Phone")
    phone.set_last_used_timestamp()
    verified_login(client, writer, laptop)
    response = client.get(SECURITY)
    text = response.content.decode()
    assert [passkey.name for passkey in response.context["passkeys"]] == ["Work laptop", "Phone"]
    assert "Not yet" in text  # the laptop's last use
    assert "Two-step sign-in is on" in text
    assert remove(laptop) in text and name_page(phone) in text


def test_the_two_step_page_costs_the_same_with_more_passkeys(client):
    writer = WriterFactory()
    verified_login(client, writer, with_passkey(writer))
    client.get(SECURITY)
    with CaptureQueriesContext(connection) as one:
        client.get(SECURITY)
    with_passkey(writer, "Phone")
    with_passkey(writer, "Security key")
    with CaptureQueriesContext(connection) as three:
        client.get(SECURITY)
    assert len(three) == len(one)


def test_the_two_step_page_says_where_passkeys_cannot_work(client, settings):
    settings.NEWSROOM_BASE_URL = "http://127.0.0.1:8000"
    client.force_login(WriterFactory())
    text = client.get(SECURITY).content.decode()
    assert "passkey-register-button" not in text
    assert "Passkeys work only when the site is served at a domain name" in text


def test_the_two_step_page_in_spanish(client):
    writer = WriterFactory()
    Profile.objects.create(user=writer, language="es")
    verified_login(client, writer, with_passkey(writer))
    text = client.get(SECURITY).content.decode()
    assert "Claves de acceso" in text
    assert "Añadir una clave de acceso" in text


def test_naming_a_passkey(client):
    writer = WriterFactory()
    passkey = with_passkey(writer, "Passkey 1")
    second_factor.new_recovery_codes(writer)
    verified_login(client, writer, passkey)
    response = client.post(name_page(passkey), {"name": "Office desktop", "next": SECURITY})
    assert response["Location"] == SECURITY
    passkey.refresh_from_db()
    assert passkey.name == "Office desktop"


def test_a_name_too_long_is_refused_with_a_message(client):
    writer = WriterFactory()
    passkey = with_passkey(writer, "Passkey 1")
    verified_login(client, writer, passkey)
    response = client.post(name_page(passkey), {"name": "x" * (passkeys.NAME_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    passkey.refresh_from_db()
    assert passkey.name == "Passkey 1"


def test_the_first_factor_being_a_passkey_hands_out_recovery_codes(client):
    editor = EditorFactory()
    passkey = with_passkey(editor, "Passkey 1")
    verified_login(client, editor, passkey)
    response = client.post(name_page(passkey), {"name": "Phone", "next": STORIES})
    assert len(response.context["codes"]) == second_factor.RECOVERY_CODE_COUNT
    assert response.context["next"] == STORIES
    assert second_factor.recovery_codes_left(editor) == second_factor.RECOVERY_CODE_COUNT


def test_nobody_names_or_removes_a_colleagues_passkey(client):
    theirs = with_passkey(WriterFactory())
    writer = WriterFactory()
    verified_login(client, writer, with_passkey(writer))
    assert client.get(name_page(theirs)).status_code == 404
    assert client.post(remove(theirs)).status_code == 404
    assert passkeys.Passkey.objects.filter(pk=theirs.pk).exists()


def test_removing_a_passkey_needs_a_confirmed_sign_in(client, second_factor_required):
    writer = WriterFactory()
    passkey = with_passkey(writer)
    sign_in(client, writer.username)
    assert client.post(remove(passkey))["Location"].startswith(VERIFY)
    assert passkeys.has_passkey(writer)


def test_an_editor_removes_one_of_two_passkeys(client):
    editor = EditorFactory()
    laptop, phone = with_passkey(editor, "Laptop"), with_passkey(editor, "Phone")
    verified_login(client, editor, laptop)
    response = client.post(remove(phone), follow=True)
    assert "The passkey “Phone” was removed." in response.content.decode()
    assert list(passkeys.passkeys_of(editor)) == [laptop]


def test_an_editor_removes_a_passkey_and_keeps_the_authenticator_app(client):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    passkey = with_passkey(editor)
    verified_login(client, editor, device)
    client.post(remove(passkey))
    assert not passkeys.has_passkey(editor)
    assert second_factor.has_authenticator(editor)


def test_an_editor_cannot_remove_their_last_factor(client):
    editor = EditorFactory()
    passkey = with_passkey(editor)
    second_factor.new_recovery_codes(editor)
    verified_login(client, editor, passkey)
    response = client.post(remove(passkey), follow=True)
    assert (
        "Your role requires two-step sign-in, and this is your last way to confirm it."
        in response.content.decode()
    )
    assert passkeys.has_passkey(editor)
    assert second_factor.recovery_codes_left(editor) == second_factor.RECOVERY_CODE_COUNT


def test_an_editor_removes_the_authenticator_app_once_a_passkey_stands_in(client):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    passkey = with_passkey(editor)
    verified_login(client, editor, passkey)
    response = client.post(reverse("accounts:remove-authenticator"), follow=True)
    assert "Your authenticator app was removed." in response.content.decode()
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert second_factor.recovery_codes_left(editor) == second_factor.RECOVERY_CODE_COUNT


def test_an_editor_cannot_remove_the_authenticator_app_when_it_is_the_last_factor(client):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    verified_login(client, editor, device)
    client.post(reverse("accounts:remove-authenticator"))
    assert second_factor.has_authenticator(editor)


def test_a_writer_removing_their_last_passkey_turns_two_step_sign_in_off(client):
    writer = WriterFactory()
    passkey = with_passkey(writer)
    second_factor.new_recovery_codes(writer)
    verified_login(client, writer, passkey)
    client.post(remove(passkey))
    assert not second_factor.has_second_factor(writer)
    # The recovery codes went with the last factor: they stand in for one, never alone.
    assert not StaticDevice.objects.filter(user=writer).exists()


def test_turning_two_step_sign_in_off_removes_passkeys_too(client):
    writer = WriterFactory()
    verified_login(client, writer, with_passkey(writer))
    client.post(reverse("accounts:remove"))
    assert not passkeys.has_passkey(writer)


def test_a_new_role_rule_holds_a_writer_to_their_last_passkey(client):
    RoleSecurity.objects.filter(group__name="Writer").update(second_factor_required=True)
    writer = WriterFactory()
    passkey = with_passkey(writer)
    verified_login(client, writer, passkey)
    client.post(remove(passkey))
    assert passkeys.has_passkey(writer)


def test_administrators_may_delete_a_colleagues_lost_passkey(client):
    administrators = Group.objects.get(name="Administrator")
    codenames = set(
        administrators.permissions.filter(
            content_type__app_label="django_otp_webauthn"
        ).values_list("codename", flat=True)
    )
    assert {"view_webauthncredential", "delete_webauthncredential"} <= codenames
    lost = with_passkey(EditorFactory(), "Lost phone")
    client.force_login(AdministratorFactory())
    changelist = reverse("admin:django_otp_webauthn_webauthncredential_changelist")
    assert "Lost phone" in client.get(changelist).content.decode()
    delete = reverse("admin:django_otp_webauthn_webauthncredential_delete", args=[lost.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not passkeys.Passkey.objects.filter(pk=lost.pk).exists()
