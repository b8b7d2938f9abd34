"""Purging a CDN by key: Fastly's API, against a local stand-in for it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles import services
from newsroom.caching import cdn, dependencies, retry
from tests.factories import StaffUserFactory, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


class FastlyStandIn(BaseHTTPRequestHandler):
    """Answers purges as Fastly's API does: a purge id for each key."""

    def do_POST(self):
        self.server.calls.append(
            {
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
            }
        )
        if self.server.refusing:
            self.send_response(503)
            self.end_headers()
            return
        keys = self.headers.get("Surrogate-Key", "").split()
        body = json.dumps({key: f"purge-{index}" for index, key in enumerate(keys)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fastly(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FastlyStandIn)
    server.calls, server.refusing = [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSROOM_CDN = "fastly"
    settings.FASTLY_API_TOKEN = "test-token"
    settings.FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
    settings.FASTLY_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    retry.retrier.pending.clear()


def purged_keys(call):
    return set(call["headers"]["surrogate-key"].split())


def test_editing_a_public_story_soft_purges_its_keys(fastly):
    story = StoryFactory()
    fastly.calls.clear()
    story.headline = "Corrected"
    story.save()
    [call] = fastly.calls
    assert call["path"] == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
    assert call["headers"]["fastly-key"] == "test-token"
    assert call["headers"]["fastly-soft-purge"] == "1"
    assert dependencies.object_key(story) in purged_keys(call)


def test_a_withdrawal_purges_hard(fastly):
    story = StoryFactory()
    fastly.calls.clear()
    services.withdraw_story(story=story, user=StaffUserFactory(), reason="Legal request")
    [call] = fastly.calls
    assert "fastly-soft-purge" not in call["headers"]
    assert {dependencies.object_key(story), dependencies.list_of(type(story))} <= purged_keys(call)


def test_a_draft_purges_nothing(fastly):
    draft = StoryFactory(draft=True)
    fastly.calls.clear()
    draft.headline = "Still a draft"
    draft.save()
    assert fastly.calls == []


def test_many_keys_are_purged_in_calls_of_at_most_256():
    calls = []

    class Counting(cdn.Fastly):
        def purge_call(self, keys, *, soft):
            calls.append(keys)

    Counting("token", "service").purge({f"story-{n}" for n in range(600)}, soft=True)
    assert [len(keys) for keys in calls] == [256, 256, 88]


def test_a_purge_the_cdn_refuses_is_tried_again(fastly):
    story = StoryFactory()
    fastly.refusing = True
    fastly.calls.clear()
    story.headline = "Corrected"
    story.save()
    assert len(fastly.calls) == 1
    fastly.refusing = False
    retry.retrier.retry()
    assert dependencies.object_key(story) in purged_keys(fastly.calls[-1])


def test_fastly_without_its_credentials_is_a_configuration_error(settings):
    settings.NEWSROOM_CDN = "fastly"
    settings.FASTLY_API_TOKEN = ""
    with pytest.raises(ImproperlyConfigured):
        cdn.provider()
