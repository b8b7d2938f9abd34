"""The generation of the public content, and how long anything made from it may be kept."""

import json
import logging
import os
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # Only deployments with REDIS_URL need the redis package.
    RedisError = OSError

# A shared cache that stops answering must slow the site down, never take it down.
CACHE_ERRORS = (OSError, RedisError)


def key(*parts):
    """A cache key in the public cache's namespace; a new release starts a namespace of its own,
    so pages rendered by old templates are never served by new code."""
    return ":".join(("public", settings.NEWSROOM_RELEASE or "-", *parts))


def _new_generation():
    # The time it started, for ``settled()``, and a random part so that two changes within
    # the same clock tick (or under a frozen test clock) still differ.
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


# A process that listens for new generations checks its subscription this often, and stops
# trusting what it heard after this long without an answer (seconds).
HEARTBEAT_SECONDS = 1
SILENCE_LIMIT_SECONDS = 3


def can_announce():
    """Whether the cache can publish a new generation to every process (Redis can; a cache
    local to one process has nobody to tell)."""
    return hasattr(cache, "set_and_publish")


class HeardGeneration:
    """The generation as this process last heard it announced, where the cache can announce it.

    With Redis, every new generation is stored and published in one transaction
    (``RedisCache.set_and_publish``), and each process keeps what a thread of its own hears on
    that channel: a page served from the cache then costs no round trip at all. A process
    trusts what it heard only while its subscription answers; starting, reconnecting, or
    waiting to hear a generation it made itself, it asks Redis as before.
    """

    def __init__(self):
        self.value = None
        self.heard_at = 0.0
        self.awaited = None
        self.awaited_since = 0.0
        self.listener = None
        self.lock = threading.Lock()
        # The versions of dependency keys (newsroom.caching.versions) heard or read since the
        # subscription was last confirmed; emptied whenever it may have missed a message.
        self.versions = {}
        self.epoch = 0
        self.confirmed_at = None

    def get(self):
        """What this process heard, or None when it cannot be sure of it."""
        if not can_announce():
            return None
        listener = (os.getpid(), cache.make_key(key("generation-changes")))
        if self.listener != listener:
            self.listen_in_the_background(listener)
            return None
        if not self.trusted():
            return None
        return self.value

    def trusted(self):
        return self.awaited is None and time.monotonic() - self.heard_at <= SILENCE_LIMIT_SECONDS

    def known_versions(self):
        """The versions this process knows for sure, with the epoch they belong to; (None,
        None) when it cannot be sure of any."""
        if self.get() is None:
            return None, None
        return self.versions, self.epoch

    def learn(self, versions, epoch, asked_at):
        """Keep versions read from the cache, if the subscription was confirmed before they
        were asked for (so that any later change is heard) and has not been renewed since.
        A version heard meanwhile is newer than one read, and is kept."""
        if epoch != self.epoch or self.confirmed_at is None or asked_at < self.confirmed_at:
            return
        for name, version in versions.items():
            self.versions.setdefault(name, version)

    def announce_versions(self, versions, token):
        """Store and publish new versions of dependency keys, all ``token``."""
        self.awaited, self.awaited_since = token, time.monotonic()
        cache.set_many_and_publish(
            versions, key("generation-changes"), json.dumps({"versions": versions})
        )

    def announce(self, generation):
        """Store and publish a new generation. Until this process hears it back, it asks Redis:
        another process's newer generation may already be on its way here."""
        self.awaited, self.awaited_since = generation, time.monotonic()
        cache.set_and_publish(key("generation"), generation, key("generation-changes"))

    def listen_in_the_background(self, listener):
        with self.lock:
            if self.listener == listener:
                return
            # After a fork (gunicorn's workers) or a change of cache, the old thread, if any,
            # serves someone else; it stops when it sees it is no longer the listener.
            self.listener, self.value, self.awaited = listener, None, None
            threading.Thread(
                target=self.listen, args=(listener,), name="public-cache-generation", daemon=True
            ).start()

    def listen(self, listener):
        pause = HEARTBEAT_SECONDS
        while self.listener == listener:
            started = time.monotonic()
            try:
                self.follow(listener)
            except CACHE_ERRORS:
                logger.warning("Lost the public cache's generation channel; reconnecting.")
            except Exception:  # noqa: BLE001 -- a dead listener would leave nobody listening
                logger.exception("The public cache's generation listener failed; restarting.")
            # A thread that is no longer the listener leaves what its successor heard alone.
            if self.listener == listener:
                self.value = None
            # Heard something this time: try again soon. Otherwise wait longer each time, up to
            # half a minute, so that a Redis that is down is not asked every second by every
            # process (the pages meanwhile ask it, or render without it, as they would anyway).
            pause = HEARTBEAT_SECONDS if self.heard_at > started else min(pause * 2, 30)
            time.sleep(pause)

    def follow(self, listener):
        with self.lock:
            if self.listener != listener:
                return
            # Whatever was heard before may have missed a message; start again from nothing.
            self.epoch += 1
            self.versions, self.confirmed_at = {}, None
        pubsub = cache.subscribe(key("generation-changes"))
        try:
            subscribed_at = last_ping = time.monotonic()
            while self.listener == listener:
                message = pubsub.get_message(timeout=HEARTBEAT_SECONDS)
                now = time.monotonic()
                # The wait for a message can outlast this thread's turn as the listener.
                if self.listener != listener:
                    return
                if message is not None:
                    self.hear(message, now)
                if self.awaited is not None and now - self.awaited_since > SILENCE_LIMIT_SECONDS:
                    return  # Its own announcement never came back: subscribe again.
                if now - last_ping >= HEARTBEAT_SECONDS:
                    pubsub.ping()
                    last_ping = now
                if now - max(self.heard_at, subscribed_at) > SILENCE_LIMIT_SECONDS:
                    return
        finally:
            pubsub.close()

    def hear(self, message, now):
        if message["type"] == "subscribe":
            # Subscribed first, read second: a generation published in between is both read
            # here and heard next.
            self.confirmed_at = time.monotonic()
            self.value, self.awaited = read_generation(), None
        elif message["type"] == "message":
            data = message["data"].decode()
            if data.startswith("{"):
                versions = json.loads(data)["versions"]
                self.versions.update(versions)
                heard_token = next(iter(versions.values()), None)
            else:
                self.value = heard_token = data
            if heard_token == self.awaited:
                self.awaited = None
        elif message["type"] != "pong":
            return
        self.heard_at = now


heard = HeardGeneration()


def current():
    """The current generation. A cache that lost it (restart, eviction) gets a new one, which
    makes every entry made before unreachable: losing the generation can never serve stale."""
    return heard.get() or read_generation()


def read_generation():
    """The current generation as the cache holds it, made if it holds none."""
    generation_key = key("generation")
    generation = cache.get(generation_key)
    if generation is None:
        generation = _new_generation()
        # add(): processes that find it missing at the same moment agree on one value.
        if not cache.add(generation_key, generation, timeout=None):
            generation = cache.get(generation_key) or generation
    return generation


def _start_new_generation():
    try:
        if can_announce():
            heard.announce(_new_generation())
        else:
            cache.set(key("generation"), _new_generation(), timeout=None)
    except CACHE_ERRORS:
        # Entries still expire by themselves (NEWSROOM_ANONYMOUS_CACHE_SECONDS at most).
        logger.exception("Could not start a new public cache generation.")


def bump():
    """Make every public cache entry unreachable, now and again when the transaction commits.

    The first bump stops this transaction's own later reads from meeting old entries. The
    second is the one that matters to everyone else: between the two, another request can
    still read the old rows (the change is not committed yet) and store its page under the
    first new generation; the bump at commit leaves that page behind.
    """
    _start_new_generation()
    transaction.on_commit(_start_new_generation)


def started_at(generation):
    """When ``generation`` began, in seconds since the epoch."""
    return int(generation.split("-", 1)[0]) / 1e9


def settled(generation):
    """Whether a page rendered now can be trusted to show ``generation``.

    A read replica applies a change a little after the primary has committed it; a page
    rendered from the replica in that moment may show the old rows. Such pages are served
    but not stored, for ``NEWSROOM_CACHE_SETTLE_SECONDS`` after each change.
    """
    return time.time() - started_at(generation) >= settings.NEWSROOM_CACHE_SETTLE_SECONDS
