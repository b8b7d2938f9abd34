"""Django's Redis cache backend, with one Redis client per server kept for the process, and
publish/subscribe for values every process must hear of at once.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` on every cache call
(the connections are pooled, the client object is not). redis-py's client constructor fills
its table of reply parsers each time: on a page served from the cache, that cost about as much
as the round trip itself. A ``redis.Redis`` is safe to share between threads, and its pool
notices a fork, so one per server is enough.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends import redis as django_redis

logger = logging.getLogger(__name__)

# After a call times out or cannot connect, the cache is skipped for this long (seconds): pages
# render as they do without Redis, instead of each waiting out its own timeout.
BREAKER_SECONDS = 5.0


class CacheUnavailable(ConnectionError):
    """The circuit breaker is open: the cache is not asked at all for now."""


class CircuitBreaker:
    """Opens after a call fails to reach Redis; while open, calls fail at once. When it has
    been open for ``BREAKER_SECONDS``, the next call tries again (and opens it again if that
    one fails too)."""

    def __init__(self, seconds=BREAKER_SECONDS):
        self.seconds = seconds
        self.open_until = 0.0

    def check(self):
        if time.monotonic() < self.open_until:
            raise CacheUnavailable("The shared cache is skipped after a failure.")

    def trip(self, error):
        if time.monotonic() >= self.open_until:
            logger.error(
                "The shared cache does not answer (%s); skipping it for %s s.", error, self.seconds
            )
        self.open_until = time.monotonic() + self.seconds

    def close(self):
        self.open_until = 0.0


# One per server and process: Django builds a cache backend per thread.
_breakers = {}


def breaker_for(servers):
    return _breakers.setdefault(tuple(servers), CircuitBreaker())


def _unreachable_errors():
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


def guarded(method):
    """``method`` behind the client's circuit breaker."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        self.breaker.check()
        try:
            return method(self, *args, **kwargs)
        except CacheUnavailable:
            raise
        except _unreachable_errors() as error:
            self.breaker.trip(error)
            raise

    return call


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, *args, **kwargs):
        super().__init__(servers, *args, **kwargs)
        self._clients = {}
        self._clients_lock = threading.Lock()
        self.breaker = breaker_for(servers)

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._clients_lock:
                client = self._clients.get(index)
                if client is None:
                    from redis.backoff import NoBackoff
                    from redis.retry import Retry

                    # redis-py retries a timed-out call three times with a backoff of up to
                    # seconds; a cache that does not answer at once is skipped instead.
                    client = self._client(
                        connection_pool=self._get_connection_pool(index),
                        retry=Retry(NoBackoff(), 0),
                    )
                    self._clients[index] = client
        return client


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(RedisCacheClient, _name, guarded(getattr(django_redis.RedisCacheClient, _name)))


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``RedisCacheClient`` above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    # Announcing a value to every process that listens: the public cache's generation
    # (newsroom.caching.generation) is kept in each process this way rather than asked for on
    # every request.

    @property
    def breaker(self):
        return self._cache.breaker

    @guarded
    def set_and_publish(self, key, value, channel):
        """Store ``value`` under ``key`` (without expiry) and publish it on ``channel``, in one
        transaction: a listener can never miss a value that was stored."""
        client = self._cache.get_client(write=True)
        with client.pipeline(transaction=True) as pipeline:
            pipeline.set(self.make_and_validate_key(key), self._cache._serializer.dumps(value))
            pipeline.publish(self.make_key(channel), value)
            pipeline.execute()

    @guarded
    def set_many_and_publish(self, mapping, channel, message):
        """Store every value of ``mapping`` (without expiry) and publish ``message`` on
        ``channel``, in one transaction."""
        client = self._cache.get_client(write=True)
        dumps = self._cache._serializer.dumps
        with client.pipeline(transaction=True) as pipeline:
            for key, value in mapping.items():
                pipeline.set(self.make_and_validate_key(key), dumps(value))
            pipeline.publish(self.make_key(channel), message)
            pipeline.execute()

    @guarded
    def subscribe(self, channel):
        """A redis-py ``PubSub`` subscribed to ``channel``; its first message confirms it."""
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.make_key(channel))
        return pubsub
