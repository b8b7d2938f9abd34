"""Purging a CDN by key and by address: Fastly's API, against a local stand-in for it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from articles import services
from newsroom.caching import cdn, dependencies, retry
from photos.models import Photo
from tests.factories import EditorFactory, PhotoFactory, StaffUserFactory, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


class FastlyStandIn(BaseHTTPRequestHandler):
    """Answers purges as Fastly's API does: a purge id for each key, or for the one address."""

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
        if self.path.startswith("/purge/"):
            answer = {"status": "ok", "id": f"purge-{len(self.server.calls)}"}
        else:
            keys = self.headers.get("Surrogate-Key", "").split()
            answer = {key: f"purge-{index}" for index, key in enumerate(keys)}
        body = json.dumps(answer).encode()
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


# A photo's files, when they leave their published addresses


def url_purges(fastly):
    return [call for call in fastly.calls if call["path"].startswith("/purge/")]


def published_addresses(photo):
    """Where readers and feeds fetched the photo's files: MEDIA_URL under the site's address."""
    return sorted(
        f"news.example.org{photo.image.storage.url(name)}" for name in photo.stored_file_names()
    )


def withdraw_as_editor(client, story):
    client.force_login(EditorFactory())
    url = reverse("admin:articles_story_workflow", args=[story.pk, "withdraw"])
    return client.post(url, {"note": "Court order."}, follow=True)


def test_withdrawing_a_story_hard_purges_every_address_of_its_photo(fastly, client):
    story = StoryFactory(lead_photo=PhotoFactory())
    published = published_addresses(Photo.objects.get(pk=story.lead_photo_id))
    assert len(published) > 1  # the original and its renditions
    fastly.calls.clear()
    withdraw_as_editor(client, story)
    purges = url_purges(fastly)
    assert sorted(call["path"].removeprefix("/purge/") for call in purges) == published
    assert all(call["headers"]["fastly-key"] == "test-token" for call in purges)
    assert not any("fastly-soft-purge" in call["headers"] for call in purges)


def test_photo_addresses_are_purged_only_once_the_files_have_moved(fastly, client, monkeypatch):
    story = StoryFactory(lead_photo=PhotoFactory())
    seen = []
    original = cdn.Fastly.purge_url

    def purge_url(self, url, *, soft):
        seen.append(Photo.objects.get(pk=story.lead_photo_id).image.name)
        original(self, url, soft=soft)

    monkeypatch.setattr(cdn.Fastly, "purge_url", purge_url)
    withdraw_as_editor(client, story)
    assert seen
    assert all(name.startswith("photos/withdrawn/") for name in seen)


def test_nothing_is_purged_by_address_without_a_cdn(fastly, client, settings):
    settings.NEWSROOM_CDN = ""
    story = StoryFactory(lead_photo=PhotoFactory())
    withdraw_as_editor(client, story)
    assert Photo.objects.get(pk=story.lead_photo_id).image.name.startswith("photos/withdrawn/")
    assert fastly.calls == []


def test_a_cdn_that_refuses_does_not_stop_the_withdrawal_and_is_asked_again(fastly, client):
    story = StoryFactory(lead_photo=PhotoFactory())
    published = published_addresses(Photo.objects.get(pk=story.lead_photo_id))
    fastly.refusing = True
    response = withdraw_as_editor(client, story)
    assert response.status_code == 200
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert f"“{story.headline}” is withdrawn." in told
    assert sum("it is being tried again" in message for message in told) == 1
    assert Photo.objects.get(pk=story.lead_photo_id).image.name.startswith("photos/withdrawn/")
    fastly.refusing = False
    fastly.calls.clear()
    retry.retrier.retry()
    assert sorted(call["path"].removeprefix("/purge/") for call in url_purges(fastly)) == published


def test_an_address_is_purged_by_its_host_and_path(fastly):
    cdn.purge_urls(["https://media.example.org/photos/a%20b.jpg"], hard=True)
    [call] = fastly.calls
    assert call["path"] == "/purge/media.example.org/photos/a%20b.jpg"


def test_fastly_without_its_credentials_is_a_configuration_error(settings):
    settings.NEWSROOM_CDN = "fastly"
    settings.FASTLY_API_TOKEN = ""
    with pytest.raises(ImproperlyConfigured):
        cdn.provider()
