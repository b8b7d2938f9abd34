"""The page cache on a real Redis, as production runs it (REDIS_URL)."""

import socket
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from newsroom.caching import generation, middleware
from tests.factories import StoryFactory

REDIS = ("127.0.0.1", 6379)


def redis_answers():
    try:
        with socket.create_connection(REDIS, timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
]


@pytest.fixture(autouse=True)
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/15",
            # Each test (and each test worker) in a namespace of its own.
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        }
    }
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    settings.NEWSROOM_CACHE_SETTLE_SECONDS = 0
    middleware.near_cache.clear()
    yield
    cache.clear()
    middleware.near_cache.clear()


def test_the_backend_keeps_one_client_per_server():
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client


def test_values_round_trip_through_redis():
    cache.set("greeting", {"text": "hola"}, timeout=30)
    assert cache.get("greeting") == {"text": "hola"}


def test_a_page_is_served_from_redis_without_queries(django_assert_num_queries):
    story = StoryFactory()
    Client().get(story.get_absolute_url())
    # Another process has nothing at hand: only Redis has the page.
    middleware.near_cache.clear()
    with django_assert_num_queries(0):
        response = Client().get(story.get_absolute_url())
    assert response.status_code == 200
    assert story.headline in response.content.decode()


def test_a_change_reaches_readers_through_redis():
    story = StoryFactory(headline="Before the change")
    Client().get(story.get_absolute_url())
    story.headline = "After the change"
    story.save()
    response = Client().get(story.get_absolute_url())
    assert "After the change" in response.content.decode()


def wait_until(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def listening():
    """This process listening for new generations, as each application server does."""
    generation.current()
    assert wait_until(lambda: generation.heard.get() is not None)
    return generation.heard


def test_a_process_hears_of_a_generation_another_process_started(listening):
    # What another process's change does: store and publish a new generation.
    cache.set_and_publish(
        generation.key("generation"), "1-elsewhere", generation.key("generation-changes")
    )
    assert wait_until(lambda: listening.get() == "1-elsewhere")
    assert generation.current() == "1-elsewhere"


def test_a_process_that_changes_content_uses_the_new_generation_at_once(listening):
    # Whether or not it has heard its own announcement yet.
    for _ in range(20):
        before = generation.current()
        generation.bump()
        assert generation.current() != before
        assert generation.current() == cache.get(generation.key("generation"))


def test_a_process_stops_trusting_a_silent_subscription(listening):
    listening.heard_at -= generation.SILENCE_LIMIT_SECONDS + 1
    assert listening.get() is None
    assert generation.current() == cache.get(generation.key("generation"))


def test_a_page_served_while_listening_shows_a_change_at_once(listening):
    story = StoryFactory(headline="Before the change")
    Client().get(story.get_absolute_url())
    story.headline = "After the change"
    story.save()
    assert "After the change" in Client().get(story.get_absolute_url()).content.decode()


def test_pages_are_served_without_the_cache_when_redis_is_down():
    story = StoryFactory(headline="Served all the same")
    unreachable = {
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            # Nothing listens on port 1: every connection is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = Client().get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Served all the same" in response.content.decode()
