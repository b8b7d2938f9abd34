"""Passkeys in a real browser: Chromium's virtual authenticator (through the DevTools protocol)
stands in for a laptop's fingerprint reader, so the page, django-otp-webauthn's scripts and the
server run the whole WebAuthn ceremony, signatures and all.

An Editor, whose role requires a second factor, adds a passkey at their first sign-in instead of
an authenticator app; a Writer working in Spanish adds one from the two-step page. Both then sign
in with it. The pages are photographed in each language, into a temporary folder (or the one
NEWSROOM_SCREENSHOTS names).
"""

import pytest
from django.urls import reverse

from accounts import passkeys, second_factor
from accounts.models import Profile
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD
from tests.browser.test_photo_library import open_page
from tests.factories import EditorFactory, WriterFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

DESK = reverse("admin:index")
SECURITY = reverse("accounts:security")


@pytest.fixture
def site(live_server, settings):
    """The live server as the site's own address, so that passkeys are bound to its host
    (localhost, which browsers treat as secure), with the second-factor rule on."""
    settings.NEWSROOM_BASE_URL = live_server.url
    settings.NEWSROOM_SECOND_FACTOR = True
    return live_server.url


def page_with_authenticator(browser, policy_violations, language):
    """A page whose browser has a passkey-capable authenticator that says yes at once."""
    page = open_page(browser, policy_violations, language)
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return page


def type_password(page, base_url, username, password=PASSWORD):
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def sign_in_with_the_passkey(page, base_url, username, folder, picture):
    page.context.clear_cookies()
    type_password(page, base_url, username)
    page.wait_for_url(f"{base_url}{reverse('accounts:verify')}**")
    page.wait_for_selector("#passkey-verification-button")
    page.screenshot(path=folder / picture, full_page=True)
    page.click("#passkey-verification-button")
    page.wait_for_url(base_url + DESK)


def name_the_new_passkey(page, name, folder, picture):
    page.wait_for_url("**/two-step/passkeys/*/?next=**")
    page.fill("#id_name", name)
    page.screenshot(path=folder / picture, full_page=True)
    page.click("input[type=submit]")


def test_an_editor_adds_a_passkey_at_first_sign_in_and_signs_in_with_it(
    browser, site, policy_violations, folder
):
    editor = EditorFactory(username="luis", password=PASSWORD)
    page = page_with_authenticator(browser, policy_violations, "en")

    # The role requires a second factor: the set-up page offers a passkey beside the app.
    type_password(page, site, "luis")
    page.wait_for_url(f"{site}{reverse('accounts:enrol')}**")
    page.wait_for_selector("#passkey-register-button")
    page.screenshot(path=folder / "passkey-enrol-en.png", full_page=True)
    page.click("#passkey-register-button")
    name_the_new_passkey(page, "Work laptop", folder, "passkey-name-en.png")

    # The first factor comes with recovery codes, then the desk.
    page.wait_for_selector(".accounts-codes")
    assert second_factor.recovery_codes_left(editor) == second_factor.RECOVERY_CODE_COUNT
    page.click("text=I have saved them: continue")
    page.wait_for_url(site + DESK)

    page.goto(site + SECURITY)
    assert "Work laptop" in page.inner_text(".accounts-passkeys")
    page.screenshot(path=folder / "passkey-list-en.png", full_page=True)

    sign_in_with_the_passkey(page, site, "luis", folder, "passkey-confirm-en.png")
    (passkey,) = passkeys.passkeys_of(editor)
    assert passkey.name == "Work laptop"
    assert passkey.last_used_at is not None
    assert policy_violations == []


def test_a_writer_adds_a_passkey_from_the_two_step_page_in_spanish(
    browser, site, policy_violations, folder
):
    writer = WriterFactory(username="marta", password=PASSWORD)
    Profile.objects.create(user=writer, language="es")
    page = page_with_authenticator(browser, policy_violations, "es")

    type_password(page, site, "marta")
    page.wait_for_url(site + DESK)
    page.goto(site + SECURITY)
    page.click("#passkey-register-button")
    name_the_new_passkey(page, "Laptop del trabajo", folder, "passkey-name-es.png")
    page.click("text=Ya los guardé: continuar")
    page.wait_for_url(site + SECURITY)
    assert "Laptop del trabajo" in page.inner_text(".accounts-passkeys")
    assert "Todavía no" in page.inner_text(".accounts-passkeys")
    page.screenshot(path=folder / "passkey-list-es.png", full_page=True)

    sign_in_with_the_passkey(page, site, "marta", folder, "passkey-confirm-es.png")
    page.goto(site + SECURITY)
    assert "Todavía no" not in page.inner_text(".accounts-passkeys")
    assert policy_violations == []
