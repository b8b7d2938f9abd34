"""The shared cache failing: a Redis that hangs is skipped, one that refuses writes is retried."""

import logging
import socket
import threading
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from redis.exceptions import ReadOnlyError

from newsroom.caching import backends, middleware, retry
from newsroom.unavailable import FailureLog
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import StoryFactory
from tests.pages import page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hanging_redis():
    """A server that accepts connections and never answers, as a stopped (SIGSTOP) Redis."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def hanging_cache(settings, hanging_redis):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{hanging_redis}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    yield
    retry.retrier.pending.clear()


def test_a_hanging_redis_costs_one_timeout_then_is_skipped(hanging_cache, monkeypatch):
    story = StoryFactory(headline="Served all the same")
    started = time.monotonic()
    first = Client().get(story.get_absolute_url())
    assert time.monotonic() - started < 3
    assert cache.breaker.open_until > time.monotonic()

    def asked(*args, **kwargs):
        raise AssertionError("the cache was asked while its breaker is open")

    # While the breaker is open, pages render as without Redis, asking it nothing.
    monkeypatch.setattr(redis.ConnectionPool, "get_connection", asked)
    second = Client().get(story.get_absolute_url())
    assert first.status_code == second.status_code == 200
    assert "Served all the same" in second.content.decode()


def test_while_redis_hangs_the_log_gets_a_line_not_a_traceback_per_request(
    hanging_cache, monkeypatch, caplog
):
    monkeypatch.setattr(middleware, "cache_failures", FailureLog(60))
    story = StoryFactory()
    # Saving the story met the hanging Redis first: start from a closed breaker and a clean log.
    cache.breaker.close()
    caplog.clear()
    for _ in range(5):
        assert Client().get(story.get_absolute_url()).status_code == 200
    lines = [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING and record.name.startswith("newsroom")
    ]
    # The breaker says it opened; the page cache says once what it did without Redis.
    assert 1 <= len(lines) <= 2
    assert not any(record.exc_info for record in lines)


def test_the_breaker_lets_a_call_through_again_after_its_time():
    breaker = backends.CircuitBreaker(seconds=0.05)
    breaker.trip(TimeoutError("timed out"))
    with pytest.raises(backends.CacheUnavailable):
        breaker.check()
    time.sleep(0.06)
    breaker.check()


@pytest.fixture
def redis_cache(real_redis_cache, settings):
    settings.NEWSROOM_CACHE_STALE_SECONDS = 0
    return real_redis_cache


@pytest.fixture
def refusing_writes(monkeypatch):
    """Redis answers reads and refuses every write, as a replica after a failover does."""

    def refuse(*args, **kwargs):
        raise ReadOnlyError("You can't write against a read only replica.")

    monkeypatch.setattr(backends.RedisCache, "set_many_and_publish", refuse)
    return monkeypatch


def test_staff_are_told_when_the_cache_refuses_their_change(
    redis_cache, refusing_writes, staff_client
):
    story = StoryFactory(headline="Before")
    Client().get(story.get_absolute_url())
    response = staff_client.post(
        change_url(story), change_form_data(story, headline="After"), follow=True
    )
    assert response.status_code == 200
    assert any("refused" in text for text in page(response).texts("li"))
    retry.retrier.pending.clear()


def test_a_refused_change_reaches_readers_when_the_cache_takes_it_again(
    redis_cache, refusing_writes
):
    story = StoryFactory(headline="Before")
    Client().get(story.get_absolute_url())
    story.headline = "After"
    story.save()
    assert "Before" in Client().get(story.get_absolute_url()).content.decode()
    refusing_writes.undo()
    retry.retrier.retry()
    assert "After" in Client().get(story.get_absolute_url()).content.decode()
