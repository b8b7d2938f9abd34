"""The second factor: an authenticator app (TOTP) and recovery codes, required per role."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import checks, second_factor
from accounts.models import RoleSecurity
from tests.accounts.signing_in import current_code, enrolled, sign_in, verified_login
from tests.factories import AdministratorFactory, EditorFactory, StaffUserFactory, WriterFactory

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("admin:index")
ENROL = reverse("accounts:enrol")
VERIFY = reverse("accounts:verify")
STORIES = reverse("admin:articles_story_changelist")


def signed_in_again_after_confirming_with(client, user, code):
    """``client`` after ``user`` confirmed a sign-in with ``code`` and signed out, signed in
    again with the password and at the second step."""
    sign_in(client, user.username)
    client.post(VERIFY, {"code": code})
    client.logout()
    sign_in(client, user.username)
    return client


def test_editors_and_administrators_require_a_second_factor_and_writers_do_not():
    assert second_factor.role_requires(EditorFactory())
    assert second_factor.role_requires(AdministratorFactory())
    assert second_factor.role_requires(StaffUserFactory())  # a superuser
    assert not second_factor.role_requires(WriterFactory())


def test_an_editor_without_an_authenticator_is_sent_to_set_one_up(client, second_factor_required):
    client.force_login(EditorFactory())
    response = client.get(STORIES)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


def test_an_enrolled_editor_must_confirm_before_any_admin_page(client, second_factor_required):
    editor = EditorFactory()
    enrolled(editor)
    sign_in(client, editor.username)
    response = client.get(STORIES)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_a_writer_signs_in_with_a_password_alone(client, second_factor_required):
    writer = WriterFactory()
    sign_in(client, writer.username)
    assert client.get(STORIES).status_code == 200


def test_a_writer_who_set_up_an_authenticator_must_use_it(client, second_factor_required):
    writer = WriterFactory()
    enrolled(writer)
    sign_in(client, writer.username)
    assert client.get(STORIES)["Location"].startswith(VERIFY)


def test_the_rule_follows_what_administrators_set_for_a_role(client, second_factor_required):
    RoleSecurity.objects.filter(group__name="Writer").update(second_factor_required=True)
    client.force_login(WriterFactory())
    assert client.get(STORIES)["Location"].startswith(ENROL)


def test_an_administrator_changes_a_roles_rule_in_the_admin(client):
    rule = RoleSecurity.objects.get(group__name="Writer")
    client.force_login(AdministratorFactory())
    response = client.post(
        reverse("admin:accounts_rolesecurity_change", args=[rule.pk]),
        {"second_factor_required": "on"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.second_factor_required


def test_enrolment_shows_a_qr_code_and_the_key(client, second_factor_required):
    client.force_login(EditorFactory())
    response = client.get(ENROL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    text = response.content.decode()
    assert "<svg" in text
    assert second_factor.secret_of(device) in text


def test_enrolment_confirms_with_the_apps_code_and_hands_out_recovery_codes(
    client, second_factor_required
):
    editor = EditorFactory()
    client.force_login(editor)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(ENROL, {"code": current_code(device), "next": STORIES})
    assert response.status_code == 200
    assert len(response.context["codes"]) == second_factor.RECOVERY_CODE_COUNT
    device.refresh_from_db()
    assert device.confirmed
    # The sign-in is confirmed by the enrolment itself.
    assert client.get(STORIES).status_code == 200


def test_enrolment_refuses_a_wrong_code_and_keeps_the_same_key(client, second_factor_required):
    editor = EditorFactory()
    client.force_login(editor)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert TOTPDevice.objects.get(user=editor).pk == device.pk
    assert not TOTPDevice.objects.get(user=editor).confirmed


def test_the_code_from_the_app_confirms_the_sign_in(client, second_factor_required):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    sign_in(client, editor.username)
    response = client.post(VERIFY, {"code": current_code(device), "next": STORIES})
    assert response["Location"] == STORIES
    assert client.get(STORIES).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, second_factor_required):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    sign_in(client, editor.username)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not the one your app shows now" in response.content.decode()
    assert client.get(STORIES).status_code == 302


def test_after_a_wrong_code_the_next_attempt_must_wait(client, second_factor_required):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    sign_in(client, editor.username)
    client.post(VERIFY, {"code": "000000"})
    # django-otp's throttling: even the right code is refused for a moment after a wrong one.
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 200
    assert client.get(STORIES).status_code == 302


def test_a_recovery_code_confirms_the_sign_in_once(client, second_factor_required):
    editor = EditorFactory()
    _, codes = enrolled(editor)
    sign_in(client, editor.username)
    response = client.post(VERIFY, {"code": codes[0], "next": STORIES}, follow=True)
    assert response.redirect_chain[-1][0] == STORIES
    assert "9 are left" in response.content.decode()
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.logout()
    sign_in(client, editor.username)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert client.get(STORIES).status_code == 302


def test_a_used_recovery_code_is_refused_with_a_message_saying_each_works_once(
    client, second_factor_required
):
    editor = EditorFactory()
    _, codes = enrolled(editor)
    signed_in_again_after_confirming_with(client, editor, codes[0])
    response = client.post(VERIFY, {"code": codes[0]})
    assert "it was already used, or it is mistyped" in response.content.decode()
    assert "Each recovery code works only once" in response.content.decode()


def test_a_recovery_code_typed_with_capitals_and_spaces_is_accepted(client, second_factor_required):
    editor = EditorFactory()
    _, codes = enrolled(editor)
    sign_in(client, editor.username)
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"
    assert client.post(VERIFY, {"code": typed, "next": STORIES})["Location"] == STORIES


def test_a_mistyped_app_code_does_not_hold_back_the_recovery_codes(
    client, second_factor_required, time_machine
):
    # The clock stands still, so the recovery code comes within django-otp's wait after a failure.
    time_machine.move_to(timezone.now(), tick=False)
    editor = EditorFactory()
    device, codes = enrolled(editor)
    sign_in(client, editor.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"code": wrong})
    # Each wrong app code used to count against the recovery codes too, and only a recovery code
    # cleared that count: months of typos could hold them back for days when the phone was lost.
    assert client.post(VERIFY, {"code": codes[0], "next": STORIES})["Location"] == STORIES


def test_signing_in_with_a_recovery_code_does_not_hold_back_the_app(
    client, second_factor_required, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    editor = EditorFactory()
    device, codes = enrolled(editor)
    signed_in_again_after_confirming_with(client, editor, codes[0])
    response = client.post(VERIFY, {"code": current_code(device), "next": STORIES})
    assert response["Location"] == STORIES


def test_new_recovery_codes_replace_the_old_ones(client, second_factor_required):
    editor = EditorFactory()
    _, old_codes = enrolled(editor)
    verified_login(client, editor)
    response = client.post(reverse("accounts:recovery-codes"))
    new_codes = response.context["codes"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)
    assert not set(old_codes) & set(new_codes)


def test_a_role_that_requires_it_cannot_turn_it_off(client, second_factor_required):
    editor = EditorFactory()
    enrolled(editor)
    verified_login(client, editor)
    client.post(reverse("accounts:remove"))
    assert second_factor.has_authenticator(editor)


def test_a_writer_may_turn_it_off_after_confirming(client, second_factor_required):
    writer = WriterFactory()
    enrolled(writer)
    verified_login(client, writer)
    client.post(reverse("accounts:remove"))
    assert not second_factor.has_authenticator(writer)


def test_replacing_the_authenticator_needs_a_confirmed_sign_in(client, second_factor_required):
    writer = WriterFactory()
    enrolled(writer)
    sign_in(client, writer.username)
    assert client.get(ENROL)["Location"].startswith(VERIFY)


def test_signing_out_stays_possible_before_confirming(client, second_factor_required):
    editor = EditorFactory()
    enrolled(editor)
    sign_in(client, editor.username)
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


def test_a_verified_session_reaches_the_admin(client, second_factor_required):
    assert verified_login(client, EditorFactory()).get(STORIES).status_code == 200


def test_the_next_address_never_leads_off_the_site(client, second_factor_required):
    editor = EditorFactory()
    device, _ = enrolled(editor)
    sign_in(client, editor.username)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == ADMIN_HOME


def test_the_two_step_page_says_whether_it_is_on_and_how_many_codes_are_left(client):
    editor = EditorFactory()
    enrolled(editor)
    client.force_login(editor)
    text = client.get(reverse("accounts:security")).content.decode()
    assert "Two-step sign-in is on" in text
    assert "10 unused recovery codes" in text
    assert "Your role requires two-step sign-in." in text


def test_every_admin_page_links_to_preferences_and_two_step_sign_in(client):
    client.force_login(WriterFactory())
    text = client.get(STORIES).content.decode()
    assert reverse("accounts:preferences") in text
    assert reverse("accounts:security") in text


# Turned off for a deployment


def test_the_deploy_check_warns_when_the_second_factor_is_off_without_debug(settings):
    settings.NEWSROOM_SECOND_FACTOR, settings.DEBUG = False, False
    (warning,) = checks.second_factor_required(None)
    assert warning.id == "accounts.W001"
    assert "password alone" in warning.msg


@pytest.mark.parametrize(("second_factor", "debug"), [(True, False), (True, True), (False, True)])
def test_the_deploy_check_is_quiet_when_the_second_factor_is_on_or_in_development(
    settings, second_factor, debug
):
    settings.NEWSROOM_SECOND_FACTOR, settings.DEBUG = second_factor, debug
    assert checks.second_factor_required(None) == []
