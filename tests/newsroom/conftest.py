import uuid

import pytest
from django.core.cache import cache

from newsroom.caching import backends, middleware
from tests.newsroom.redis_helpers import REDIS_URL, delete_keys_with_prefix, redis_answers


@pytest.fixture
def real_redis_cache(settings):
    """The page cache on the Redis on 127.0.0.1:6379, in a namespace of this test's own (and
    of this test worker's), whose keys alone are deleted afterwards."""
    if not redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    settings.NEWSROOM_CACHE_SETTLE_SECONDS = 0
    middleware.near_cache.clear()
    yield
    delete_keys_with_prefix(cache, prefix)
    middleware.near_cache.clear()


@pytest.fixture(autouse=True)
def closed_circuit_breakers():
    """Each test starts with every cache reachable: a Redis call that timed out in an earlier
    test (a busy machine, the hanging-Redis test) must not leave the cache skipped for this one."""
    backends._breakers.clear()
    yield
    backends._breakers.clear()
