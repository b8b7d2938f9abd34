"""A colleague is invited and signs in with a password they set themselves, in a real browser:
the Administrator fills one screen, the invitation arrives by email, the colleague opens its link,
chooses a password and signs in to the desk.

The people list and the add screen are photographed: into a temporary folder on every run, and
into docs/screenshots/ when NEWSROOM_SCREENSHOTS names that folder.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD, open_page, sign_in
from tests.factories import AdministratorFactory, EditorFactory, WriterFactory
from tests.tasks import run_queued_tasks

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

CHOSEN_PASSWORD = "a long walk to Pátzcuaro"


def test_an_administrator_invites_a_colleague_who_sets_a_password_and_signs_in(
    browser, live_server, policy_violations, folder
):
    AdministratorFactory(username="rosa", first_name="Rosa", last_name="Méndez", password=PASSWORD)
    EditorFactory(first_name="Luis", last_name="Pérez", email="luis.perez@example.org")
    WriterFactory(first_name="Marta", last_name="Gil", email="marta.gil@example.org")
    admin_page = open_page(browser, policy_violations)
    sign_in(admin_page, live_server.url, "rosa")

    admin_page.goto(live_server.url + reverse("admin:auth_user_changelist"))
    admin_page.screenshot(path=folder / "people-list.png", full_page=True)
    admin_page.goto(live_server.url + reverse("admin:auth_user_add"))
    admin_page.fill("#id_first_name", "Ana")
    admin_page.fill("#id_last_name", "Ruiz")
    admin_page.fill("#id_email", "ana.ruiz@example.org")
    admin_page.check(f"input[name=role][value={roles.WRITER}]")
    admin_page.screenshot(path=folder / "add-colleague.png", full_page=True)
    admin_page.click("input[name=_save]")
    admin_page.wait_for_selector(".messagelist")
    assert "Ana Ruiz is invited" in admin_page.inner_text(".messagelist")

    # The worker sends the invitation.
    run_queued_tasks()
    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+/admin/account/invitation/\S+/", invitation.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    colleague = open_page(browser, policy_violations)
    colleague.goto(live_server.url + path)
    assert "Choose your password" in colleague.inner_text("#content")
    colleague.fill("#id_new_password1", CHOSEN_PASSWORD)
    colleague.fill("#id_new_password2", CHOSEN_PASSWORD)
    colleague.click("input[type=submit]")
    colleague.wait_for_url(live_server.url + reverse("admin:login") + "*")
    assert "Your password is set" in colleague.inner_text(".messagelist")
    colleague.fill("#id_username", "ana.ruiz@example.org")
    colleague.fill("#id_password", CHOSEN_PASSWORD)
    colleague.click("input[type=submit]")
    colleague.wait_for_url(live_server.url + reverse("admin:index"))
    assert "ANA" in colleague.inner_text("#user-tools").upper()
    assert policy_violations == []
