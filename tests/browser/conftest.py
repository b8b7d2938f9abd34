"""What every browser test needs: Debian's Chromium through Playwright, and database access
beside Playwright's event loop."""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def database_access_beside_playwrights_event_loop(monkeypatch):
    # Playwright's synchronous API runs an event loop in this thread, and Django refuses database
    # access from a thread with a running loop unless told it is deliberate. Only for these
    # tests: a variable left in os.environ would reach every process the suite starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Code running while Playwright is active sees a context of its own, and with it a
        # database connection of its own: close it, or it outlives the test database.
        connections.close_all()


@pytest.fixture
def policy_violations():
    return []


@pytest.fixture
def folder(tmp_path):
    """Where a test saves its screenshots: a temporary folder, or the one NEWSROOM_SCREENSHOTS
    names (docs/screenshots/ to refresh the README's pictures). A test run never rewrites the
    committed pictures unasked."""
    chosen = os.environ.get("NEWSROOM_SCREENSHOTS")
    path = Path(chosen) if chosen else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


def signed_in_page(
    browser, base_url, username, policy_violations, *, locale="en", timezone_id=None
):
    """A 1280-pixel-wide page signed in to the admin as ``username`` (password "correct horse
    battery"), on the desk, noting every Content-Security-Policy violation in
    ``policy_violations``; its browser keeps the clock of ``timezone_id`` if given."""
    from django.urls import reverse

    page = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=locale, timezone_id=timezone_id
    ).new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and policy_violations.append(message.text)
        ),
    )
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))
    return page
