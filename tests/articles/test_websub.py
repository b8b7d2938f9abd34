"""WebSub: feeds name their hubs and themselves, and publishing, a scheduled publication (at its
time), a correction or a withdrawal pings the hub for every feed that carries the story."""

import datetime
import json

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.websub import feeds_of
from tests.factories import CorrectionFactory, EditorFactory, StoryFactory
from tests.hub import Hub
from tests.tasks import queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"


@pytest.fixture
def hub(settings):
    with Hub() as running:
        settings.NEWSROOM_WEBSUB_HUBS = [running.url]
        yield running


def test_feeds_declare_no_hub_by_default(client):
    response = client.get(reverse("articles:feed-atom"))

    assert 'rel="hub"' not in response.content.decode()
    assert "Link" not in response


@pytest.mark.parametrize("name", ["articles:feed-rss", "articles:feed-atom"])
def test_every_feed_declares_its_hub_and_itself(client, hub, name):
    response = client.get(reverse(name))

    links = feedparser.parse(response.content).feed.links
    assert {"hub", "self"} <= {link["rel"] for link in links}
    assert hub.url in [link["href"] for link in links if link["rel"] == "hub"]
    assert f"{BASE}{reverse(name)}" in [link["href"] for link in links if link["rel"] == "self"]
    assert response["Link"] == f'<{hub.url}>; rel="hub", <{BASE}{reverse(name)}>; rel="self"'


def test_the_json_feed_names_its_hub(client, hub):
    document = json.loads(client.get(reverse("articles:feed-json")).content)

    assert document["hubs"] == [{"type": "WebSub", "url": hub.url}]


def test_publishing_pings_the_hub_for_every_feed_carrying_the_story(hub):
    story = StoryFactory(draft=True, tags=["michoacan"])

    services.publish_story(story=story, user=EditorFactory())
    run_queued_tasks()

    assert f"{BASE}/feeds/stories.atom" in hub.pings
    assert f"{BASE}/es/feeds/stories.rss" in hub.pings
    assert f"{BASE}/tags/michoacan/feed.rss" in hub.pings
    assert sorted(hub.pings) == sorted(feeds_of(story))


def test_a_scheduled_publication_pings_at_its_time_not_when_saved(hub, time_machine):
    story = StoryFactory(draft=True)
    at = timezone.now() + datetime.timedelta(hours=2)

    services.publish_story(story=story, user=EditorFactory(), at=at)
    run_queued_tasks()
    assert hub.pings == []

    time_machine.move_to(at + datetime.timedelta(seconds=1), tick=False)
    run_queued_tasks()
    assert f"{BASE}/feeds/stories.rss" in hub.pings


def test_a_correction_pings_the_hub(hub):
    story = StoryFactory()

    CorrectionFactory(story=story)
    run_queued_tasks()

    assert f"{BASE}/feeds/stories.rss" in hub.pings


def test_a_withdrawal_pings_the_hub(hub):
    story = StoryFactory()

    services.withdraw_story(story=story, user=EditorFactory(), reason="Wrong award")
    run_queued_tasks()

    assert f"{BASE}/feeds/stories.rss" in hub.pings


def test_a_hub_that_does_not_answer_is_asked_again_later(settings):
    settings.NEWSROOM_WEBSUB_HUBS = ["http://127.0.0.1:9/"]  # the discard port: nothing listens
    story = StoryFactory(draft=True)

    services.publish_story(story=story, user=EditorFactory())
    run_queued_tasks()

    (retry,) = queued_tasks("ping_hub")
    assert retry.task_result.args[2] == 2
    assert retry.run_after > timezone.now()


def test_without_hubs_nothing_is_queued():
    services.publish_story(story=StoryFactory(draft=True), user=EditorFactory())

    assert queued_tasks("ping_story_feeds") == []
