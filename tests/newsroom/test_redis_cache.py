"""The page cache on a real Redis, as production runs it (REDIS_URL)."""

import time
import uuid

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from newsroom.caching import generation, middleware
from tests.factories import StoryFactory
from tests.newsroom.redis_helpers import REDIS, redis_answers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
]


@pytest.fixture(autouse=True)
def redis_cache(settings):
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/15",
            # Each test (and each test worker) in a namespace of its own.
            "KEY_PREFIX": prefix,
        },
    }
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    settings.NEWSROOM_CACHE_SETTLE_SECONDS = 0
    middleware.near_cache.clear()
    yield
    # Only this test's keys: cache.clear() would empty the database under the other workers.
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
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
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            # Nothing listens on port 1: every connection is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    with override_settings(CACHES=unreachable):
        response = Client().get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Served all the same" in response.content.decode()


# Past a page's lifetime


@pytest.fixture
def short_lifetime(settings):
    settings.NEWSROOM_ANONYMOUS_CACHE_SECONDS = 60
    return 60


def kept_in_redis(url):
    """The entry Redis holds for the anonymous page at ``url``, or None."""
    request = RequestFactory().get(url)
    return cache.get(middleware.page_key(generation.current(), request))


def test_the_first_request_after_a_page_expires_renders_it_once(short_lifetime):
    story = StoryFactory()
    url = story.get_absolute_url()
    with time_machine.travel(time.time(), tick=False) as clock:
        assert Client().get(url)[middleware.CACHE_STATUS_HEADER] == "MISS"
        clock.shift(short_lifetime + 1)
        assert Client().get(url)[middleware.CACHE_STATUS_HEADER] == "MISS"
        assert [Client().get(url)[middleware.CACHE_STATUS_HEADER] for _ in range(5)] == ["HIT"] * 5


def test_after_a_page_expires_the_fresh_page_is_served_from_the_near_cache(
    short_lifetime, django_assert_num_queries
):
    story = StoryFactory()
    url = story.get_absolute_url()
    with time_machine.travel(time.time(), tick=False) as clock:
        Client().get(url)
        clock.shift(short_lifetime + 1)
        Client().get(url)
        with django_assert_num_queries(0):
            response = Client().get(url)
    assert response[middleware.CACHE_STATUS_HEADER] == "HIT"


def test_after_a_page_expires_redis_holds_the_fresh_page(short_lifetime, django_assert_num_queries):
    story = StoryFactory()
    url = story.get_absolute_url()
    with time_machine.travel(time.time(), tick=False) as clock:
        Client().get(url)
        first_expiry = kept_in_redis(url).expires_at
        clock.shift(short_lifetime + 1)
        Client().get(url)
        assert kept_in_redis(url).expires_at == pytest.approx(first_expiry + short_lifetime + 1)
        # Another process, whose near cache has nothing: Redis answers.
        middleware.near_cache.clear()
        with django_assert_num_queries(0):
            response = Client().get(url)
    assert response[middleware.CACHE_STATUS_HEADER] == "HIT"


def test_an_entry_left_in_the_near_cache_past_its_time_is_never_served(short_lifetime):
    story = StoryFactory(headline="The page as it is now")
    url = story.get_absolute_url()
    key = middleware.page_key(generation.current(), RequestFactory().get(url))
    stale = middleware.Entry(HttpResponse("An old page"), expires_at=time.time() + 5)
    middleware.near_cache.put(key, stale)
    cache.set(key, stale, timeout=30)
    with time_machine.travel(time.time() + 10, tick=False):
        response = Client().get(url)
        assert "An old page" not in response.content.decode()
        assert "The page as it is now" in response.content.decode()
        assert middleware.near_cache.get(key) is not stale
        assert "An old page" not in Client().get(url).content.decode()
