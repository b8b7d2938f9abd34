"""Django's Redis cache backend, with one Redis client per server kept for the process, and
publish/subscribe for values every process must hear of at once.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` on every cache call
(the connections are pooled, the client object is not). redis-py's client constructor fills
its table of reply parsers each time: on a page served from the cache, that cost about as much
as the round trip itself. A ``redis.Redis`` is safe to share between threads, and its pool
notices a fork, so one per server is enough.
"""

import threading

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._clients_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._clients_lock:
                client = self._clients.get(index)
                if client is None:
                    client = self._client(connection_pool=self._get_connection_pool(index))
                    self._clients[index] = client
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``RedisCacheClient`` above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    # Announcing a value to every process that listens: the public cache's generation
    # (newsroom.caching.generation) is kept in each process this way rather than asked for on
    # every request.

    def set_and_publish(self, key, value, channel):
        """Store ``value`` under ``key`` (without expiry) and publish it on ``channel``, in one
        transaction: a listener can never miss a value that was stored."""
        client = self._cache.get_client(write=True)
        with client.pipeline(transaction=True) as pipeline:
            pipeline.set(self.make_and_validate_key(key), self._cache._serializer.dumps(value))
            pipeline.publish(self.make_key(channel), value)
            pipeline.execute()

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

    def subscribe(self, channel):
        """A redis-py ``PubSub`` subscribed to ``channel``; its first message confirms it."""
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.make_key(channel))
        return pubsub
