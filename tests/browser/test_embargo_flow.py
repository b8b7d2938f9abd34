"""An Editor releases a story under embargo in a real browser (headless Chromium): the
journalist's link shows the embargo banner while nothing is public, and at the embargo time the
story is public, the link leads to it and the WebSub hub was pinged. Photographs the release
screen: into a temporary folder on every run, and into docs/screenshots/ when
NEWSROOM_SCREENSHOTS names that folder."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Story
from newsroom.canonical import absolute_url
from outreach.models import PressAccess
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD, open_page
from tests.factories import EditorFactory, JournalistFactory, PressListFactory, StoryFactory
from tests.hub import Hub
from tests.tasks import run_queued_tasks

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def hub(settings):
    with Hub() as running:
        settings.NEWSROOM_WEBSUB_HUBS = [running.url]
        yield running


def test_an_editor_releases_a_story_under_embargo(
    hub,
    live_server,
    browser,
    policy_violations,
    time_machine,
    folder,
):
    time_machine.move_to(timezone.now(), tick=True)
    editor = EditorFactory()
    story = StoryFactory(draft=True, headline="Officers recognised in Morelia", slug="morelia")
    PressListFactory(name="Mexico national media", members=[JournalistFactory(name="Ana Ruiz")])
    embargo = (timezone.localtime() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    page = open_page(browser, policy_violations)
    # A busy machine needs longer.
    page.set_default_timeout(60_000)
    base_url = live_server.url

    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(base_url + reverse("admin:outreach_release_new", kwargs={"story_id": story.pk}))
    page.get_by_label("Mexico national media").check()
    page.get_by_label("Under embargo").check()
    page.fill("#id_embargo_until_0", embargo.strftime("%Y-%m-%d"))
    page.fill("#id_embargo_until_1", embargo.strftime("%H:%M"))
    page.screenshot(path=folder / "release-screen.png", full_page=True)
    page.click("input[type=submit][value=Release]")
    page.wait_for_load_state()
    assert "Sending under embargo to 1 journalist." in page.inner_text(".messagelist")
    # The worker makes the personal links and sends the emails; then the page lists them.
    run_queued_tasks()
    page.reload()
    assert "Ana Ruiz" in page.inner_text("#content")
    page.screenshot(path=folder / "release-recipients.png", full_page=True)

    access = PressAccess.objects.get()
    link = base_url + access.get_absolute_url()
    page.goto(link)
    assert page.get_by_text("EMBARGOED until").is_visible()
    assert page.get_by_role("heading", name="Officers recognised in Morelia").is_visible()
    public = base_url + Story.objects.get(pk=story.pk).get_absolute_url()
    assert page.goto(public).status == 404
    page.goto(base_url + reverse("home"))
    assert "Officers recognised in Morelia" not in page.content()

    assert hub.pings == []

    time_machine.move_to(embargo + datetime.timedelta(seconds=5), tick=True)
    run_queued_tasks()
    assert absolute_url(reverse("articles:feed-rss")) in hub.pings
    assert page.goto(public).status == 200
    page.goto(link)
    assert page.url == public
    access.refresh_from_db()
    assert access.open_count == 2
    assert policy_violations == []
