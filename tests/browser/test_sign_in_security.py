"""Signing in as staff meet it, in Chromium, with the second-factor rule on.

An Editor, whose role requires a second factor, sets up an authenticator app at their first
sign-in (the test plays the phone: it reads the key off the page and works out the codes from
it), keeps their recovery codes, then signs in with the app and once with a recovery code, which
does not work twice. The pages speak the person's own language, whatever the browser's.

A Writer who types a wrong password until the account locks is told so in their language, for
how long and who can lift the lock; an Administrator lifts it in the admin, and the Writer signs
in. The pages are photographed into a temporary folder (or the one NEWSROOM_SCREENSHOTS names).
"""

import base64
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from accounts import second_factor
from accounts.models import Profile
from tests.accounts.signing_in import current_code, enrolled
from tests.browser.conftest import CHROMIUM
from tests.browser.test_passkeys import type_password
from tests.browser.test_photo_library import open_page
from tests.factories import AdministratorFactory, EditorFactory, WriterFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

DESK = reverse("admin:index")
ENROL = reverse("accounts:enrol")
VERIFY = reverse("accounts:verify")

# What each page must say, in each language.
WORDS = {
    "en": {
        "required": "Your role requires two-step sign-in",
        "scan": "Scan this code with it",
        "confirm": "Confirm",
        "keep": "Keep these codes somewhere safe",
        "saved": "I have saved them: continue",
        "verify": "Type the code your authenticator app shows for this site",
        "verify title": "Confirm it is you",
        "code used": "You signed in with a recovery code; 9 are left",
        "code refused": "it was already used, or it is mistyped",
    },
    "es": {
        "required": "Su rol exige el inicio de sesión en dos pasos",
        "scan": "Escanee este código con ella",
        "confirm": "Confirmar",
        "keep": "Guarde estos códigos en un lugar seguro",
        "saved": "Ya los guardé: continuar",
        "verify": "Escriba el código que su aplicación de autenticación muestra",
        "verify title": "Confirme que es usted",
        "code used": "Inició sesión con un código de recuperación; le quedan 9",
        "code refused": "ya se usó o está mal escrito",
    },
}
# Words that give away an English leftover on a Spanish page.
ENGLISH = re.compile(r"\b(the|your|you|code|codes|sign|confirm|app|log|recovery)\b", re.I)


class AuthenticatorApp:
    """The person's phone: it keeps the key typed from the set-up page and shows the code of the
    moment, as any authenticator app does (RFC 6238, 30-second steps, six digits)."""

    def __init__(self, typed_key):
        self.key = base64.b32decode(typed_key.replace(" ", ""))

    def code(self):
        return f"{TOTP(self.key).token():06d}"


@pytest.fixture
def site(live_server, settings, time_machine):
    """The live server with the second-factor rule on, as in production, and a clock the test
    may move on (an app's code works once: the next sign-in needs the next one)."""
    settings.NEWSROOM_BASE_URL = live_server.url
    settings.NEWSROOM_SECOND_FACTOR = True
    time_machine.move_to(timezone.now(), tick=True)
    return live_server.url


def english_left_on(page, *shown_codes):
    """English words on a page meant to be in Spanish, leaving out the codes it shows."""
    text = page.inner_text("#container")
    for code in shown_codes:
        text = text.replace(code, "")
    return ENGLISH.findall(text)


def confirm_with(page, code, words):
    page.fill("#id_code", code)
    page.click(f"input[type=submit][value='{words['confirm']}']")


def sign_out(page):
    page.click("#logout-form button")
    page.wait_for_url("**" + reverse("admin:logout"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_editor_sets_up_an_authenticator_app_at_first_sign_in_and_signs_in_with_it(
    browser, site, time_machine, policy_violations, folder, language
):
    words = WORDS[language]
    editor = EditorFactory(username="luis", first_name="Luis", last_name="Pérez")
    Profile.objects.create(user=editor, language=language)
    # An English browser: the pages follow the person's own language from the password on.
    page = open_page(browser, policy_violations, "en")

    # The role requires a second factor: the password leads to setting one up.
    type_password(page, site, "luis")
    page.wait_for_url(f"{site}{ENROL}**")
    text = page.inner_text("#content")
    assert words["required"] in text
    assert words["scan"] in text
    key = page.inner_text(".accounts-secret")
    page.screenshot(path=folder / f"signin-enrol-{language}.png", full_page=True)
    if language == "es":
        assert english_left_on(page, key) == []

    # The person cannot scan, so types the key into the app, and the app's code confirms it.
    app = AuthenticatorApp(key)
    confirm_with(page, app.code(), words)
    page.wait_for_selector(".accounts-codes")
    assert words["keep"] in page.inner_text("#content")
    codes = page.locator(".accounts-codes code").all_inner_texts()
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    page.screenshot(path=folder / f"signin-recovery-codes-{language}.png", full_page=True)
    if language == "es":
        assert english_left_on(page, *codes) == []
    page.click(f"text={words['saved']}")
    page.wait_for_url(site + DESK)
    sign_out(page)

    # The next morning: the password, then the code the app shows now.
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=12), tick=True)
    type_password(page, site, "luis")
    page.wait_for_url(f"{site}{VERIFY}**")
    page.screenshot(path=folder / f"signin-verify-{language}.png", full_page=True)
    assert words["verify"] in page.inner_text("#content")
    assert page.inner_text("#content h1") == words["verify title"]
    if language == "es":
        assert english_left_on(page) == []
    confirm_with(page, app.code(), words)
    page.wait_for_url(site + DESK)
    sign_out(page)

    # Without the phone: a recovery code, which is then used up.
    type_password(page, site, "luis")
    page.wait_for_url(f"{site}{VERIFY}**")
    confirm_with(page, codes[0], words)
    page.wait_for_url(site + DESK)
    assert words["code used"] in page.inner_text(".messagelist")
    page.screenshot(path=folder / f"signin-recovery-code-used-{language}.png", full_page=True)
    sign_out(page)

    # The same recovery code a second time is refused, and the page says why.
    type_password(page, site, "luis")
    page.wait_for_url(f"{site}{VERIFY}**")
    confirm_with(page, codes[0], words)
    page.wait_for_selector(".errornote")
    assert words["code refused"] in page.inner_text(".errornote")
    assert page.url.startswith(site + VERIFY)
    page.screenshot(path=folder / f"signin-recovery-code-refused-{language}.png", full_page=True)
    if language == "es":
        assert english_left_on(page) == []

    # The refusal holds nothing back: a minute later the app's new code opens the desk.
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=1), tick=True)
    confirm_with(page, app.code(), words)
    page.wait_for_url(site + DESK)
    assert second_factor.recovery_codes_left(editor) == second_factor.RECOVERY_CODE_COUNT - 1
    assert policy_violations == []


def behind_the_proxy_at(page, address, language):
    """Requests from ``page`` as the site's proxy passes them on from ``address``: the writer
    and the administrator are in different places, as the lockout counts addresses too."""
    page.context.set_extra_http_headers({"Accept-Language": language, "X-Forwarded-For": address})
    return page


def test_a_locked_out_writer_is_told_why_for_how_long_and_who_lifts_the_lock(
    browser, site, settings, policy_violations, folder
):
    settings.TRUST_X_FORWARDED_FOR = True
    writer = WriterFactory(username="ana", first_name="Ana", last_name="Ruiz")
    Profile.objects.create(user=writer, language="es")
    administrator = AdministratorFactory(username="carmen")
    device, _ = enrolled(administrator)
    page = behind_the_proxy_at(open_page(browser, policy_violations, "es"), "192.0.2.10", "es")

    # Below the limit, the usual "wrong password" of the sign-in page.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        type_password(page, site, "ana", password="ana's old password")
        page.wait_for_selector(".errornote")
    assert page.locator(".errornote").count() == 1
    page.screenshot(path=folder / "signin-wrong-password-es.png", full_page=True)

    # The last wrong password locks the account; then the right one is refused too.
    type_password(page, site, "ana", password="ana's old password")
    page.wait_for_selector("text=Esta cuenta está bloqueada")
    type_password(page, site, "ana")
    text = page.inner_text("#content")
    assert "Esta cuenta está bloqueada" in text
    assert "15 minutos después del último intento" in text
    assert "Un Administrador puede quitar el bloqueo" in text
    assert "«Bloqueos de inicio de sesión»" in text
    assert page.url == site + reverse("admin:login")
    page.screenshot(path=folder / "signin-locked-out-es.png", full_page=True)
    assert english_left_on(page) == []

    # The Administrator, elsewhere, signs in with their app and lifts the lock.
    admin_page = behind_the_proxy_at(
        open_page(browser, policy_violations, "en"), "198.51.100.20", "en"
    )
    type_password(admin_page, site, "carmen")
    admin_page.wait_for_url(f"{site}{VERIFY}**")
    confirm_with(admin_page, current_code(device), WORDS["en"])
    admin_page.wait_for_url(site + DESK)
    admin_page.click(".desk-nav >> text=All records")
    admin_page.get_by_role("link", name="Sign-in lockouts").click()
    admin_page.wait_for_url("**" + reverse("admin:accounts_signinlockout_changelist"))
    admin_page.screenshot(path=folder / "signin-lockouts-en.png", full_page=True)
    row = admin_page.locator("#result_list tbody tr", has_text="ana")
    assert row.count() == 1
    row.locator("input.action-select").check()
    admin_page.select_option("select[name=action]", "unlock")
    admin_page.click("button[name=index]")
    admin_page.wait_for_selector(".messagelist")
    assert "Unlocked 1 sign-in" in admin_page.inner_text(".messagelist")
    admin_page.screenshot(path=folder / "signin-lockouts-lifted-en.png", full_page=True)

    # The Writer signs in, and finds the desk in Spanish.
    type_password(page, site, "ana")
    page.wait_for_url(site + DESK)
    assert "Escribir una nueva noticia" in page.inner_text("#content")
    assert policy_violations == []
