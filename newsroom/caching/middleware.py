"""The anonymous page cache, and the headers that let browsers and CDNs keep public pages.

A reader without a session gets the page from the shared cache while it is current, and a 304
when their copy matches; a miss renders the page, collecting the dependency keys of what it
shows (``dependencies``), and stores it with their versions (``versions``). An entry is current
while none of its keys has moved and no scheduled story has gone public since it was made
(``schedule``). A request carrying a session cookie (staff signed in to the admin, or a message
waiting for them) is never answered from the cache, and its response is neither stored nor
marked public: staff always see the site as it is now.
"""

import hashlib
import math
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_path

from newsroom.unavailable import LOG_INTERVAL_SECONDS, FailureLog

from . import dependencies, schedule, versions
from . import generation as generations
from .backends import CacheUnavailable

# While Redis is down or hangs, every request meets the failure: one line per interval, not a
# traceback per request.
cache_failures = FailureLog(LOG_INTERVAL_SECONDS)


def cache_failed(error, outcome):
    # While the circuit breaker is open, every call fails at once without asking Redis; the
    # breaker logged the failure that opened it.
    if not isinstance(error, CacheUnavailable):
        cache_failures.failed("The public cache does not answer", error, outcome)


# Every public page carries it besides its own keys: purging it empties a CDN of the whole site.
SURROGATE_KEY = "newsroom"
# Tells operators, and make bench, whether a page came from the cache ("HIT"), was served stale
# while it is rendered again or cannot be rendered ("STALE"), or was rendered for it ("MISS").
CACHE_STATUS_HEADER = "X-Cache"
# How much of the shared cache each process keeps at hand, in bytes of pages.
NEAR_CACHE_BYTES = 32 * 1024 * 1024
# How often, at most, storing a page also drops the near cache's expired entries (seconds): a
# sweep reads every entry, and pages are stored on misses, which can come in bursts.
SWEEP_SECONDS = 1.0
# Campaign and tracking parameters: no page reads them, so they never reach the key.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "yclid"}
)
TRACKING_PREFIXES = ("utm_",)


def is_personal(request):
    """Whether the request may get a page made for one person: it carries a session (staff are
    signed in) or messages waiting to be shown. Only cookie names are looked at, so asking
    never loads, let alone creates, a session."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def language_of(request):
    """The language a page is served in, read from its address as ``LocaleMiddleware`` reads it
    with ``i18n_patterns(prefix_default_language=False)``: a prefix, or the default language.
    The cache answers before ``LocaleMiddleware`` has run."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def cacheable_query(request):
    """The query string the page's key keeps: the parameters pages read
    (``NEWSROOM_CACHE_QUERY_PARAMETERS``), sorted, without blanks; tracking parameters
    dropped. None when the address carries any other parameter: such a page is rendered but
    never stored, so made-up parameters cannot fill the cache."""
    known = settings.NEWSROOM_CACHE_QUERY_PARAMETERS
    kept = []
    for name, values in request.GET.lists():
        if is_tracking(name):
            continue
        if name not in known:
            return None
        kept.extend((name, value) for value in values if value != "")
    return urlencode(sorted(kept))


def page_key(generation, request, query=""):
    # The language is part of the key, in case one address ever serves more than one.
    address = f"{request.path}?{query}" if query else request.path
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return generations.key(generation, "page", language_of(request), digest)


def is_storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return "*" not in response.get("Vary", "")


def kept_stale_seconds():
    """How long past its expiry an entry may still be served, stale."""
    return max(
        settings.NEWSROOM_CACHE_STALE_SECONDS, settings.NEWSROOM_CACHE_STALE_IF_ERROR_SECONDS
    )


def lifetime_headers(response, expires_at, keys=()):
    """Browsers and CDNs may keep the page as long as this server would, within their own caps:
    never past the next scheduled publication. A CDN may serve it stale for a bounded time while
    it asks again, or while this server fails; it is purged by the page's keys."""
    remaining = max(0, math.floor(expires_at - time.time()))
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.NEWSROOM_PUBLIC_MAX_AGE, remaining),
        stale_while_revalidate=settings.NEWSROOM_CACHE_STALE_SECONDS,
        stale_if_error=settings.NEWSROOM_CACHE_STALE_IF_ERROR_SECONDS,
    )
    response["Surrogate-Control"] = f"max-age={min(settings.NEWSROOM_CDN_MAX_AGE, remaining)}"
    response["Surrogate-Key"] = " ".join((SURROGATE_KEY, *sorted(keys)))


# Changes whenever what an Entry holds changes.
ENTRY_FORMAT = 2


class Entry:
    """A stored page: what it takes to answer again, until when, and what it depends on."""

    __slots__ = ("content", "dependencies", "expires_at", "headers", "status", "stored_at")

    def __init__(self, response, expires_at, dependencies=(), stored_at=0.0):
        self.status = response.status_code
        self.headers = list(response.headers.items())
        self.content = response.content
        self.expires_at = expires_at
        # ((key, version), ...) as they were when the page began to render.
        self.dependencies = tuple(dependencies)
        self.stored_at = stored_at

    def __getstate__(self):
        return (ENTRY_FORMAT, *(getattr(self, name) for name in self.__slots__))

    def __setstate__(self, state):
        if state[0] != ENTRY_FORMAT:
            # Stored by an older release: never served (see judge()).
            state = (ENTRY_FORMAT, b"", (), 0.0, [], None, 0.0)
        for name, value in zip(self.__slots__, state[1:], strict=True):
            setattr(self, name, value)

    def keys(self):
        return [name for name, _ in self.dependencies]

    def kept_until(self):
        """Until when it may be served at all: stale, it may still answer for a while."""
        return self.expires_at + kept_stale_seconds()

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return response


class NearCache:
    """The pages this process served last, by the same keys as the shared cache.

    A hit then costs one small round trip to the shared cache (for the generation) instead of
    two, and no page crosses the network: a feed of fifty full stories is half a megabyte.
    The keys hold the generation, so a change made anywhere reaches these entries too.

    An entry is only ever handed out before its ``expires_at``: one past its time is dropped
    when asked for, and a fresh page stored under the same key replaces it. Entries of older
    generations, which nobody asks for again, are swept out once they expire, so the capacity
    is spent on pages that can still be served.
    """

    def __init__(self, capacity):
        self.capacity = capacity
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()
        self.swept_at = 0.0

    def get(self, key):
        """The entry stored under ``key`` if it may still be served, otherwise None."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry.kept_until() <= time.time():
                self._remove(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        """Keep ``entry`` under ``key``, in place of whatever was there."""
        now = time.time()
        if entry.kept_until() <= now:
            return
        with self.lock:
            if key in self.entries:
                self._remove(key)
            self.entries[key] = entry
            self.size += len(entry.content)
            if now - self.swept_at >= SWEEP_SECONDS:
                self._sweep(now)
            while self.size > self.capacity and self.entries:
                self._remove(next(iter(self.entries)))

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0

    def __len__(self):
        return len(self.entries)

    def _remove(self, key):
        self.size -= len(self.entries.pop(key).content)

    def _sweep(self, now):
        self.swept_at = now
        for key in [key for key, entry in self.entries.items() if entry.kept_until() <= now]:
            self._remove(key)


near_cache = NearCache(NEAR_CACHE_BYTES)


# What the page cache can do with an entry it found: serve it; serve it while one worker
# renders its successor; serve it only if the page cannot be rendered (stale-if-error); never.
FRESH, STALE, OLD, GONE = "fresh", "STALE", "old", "gone"


class Lookup:
    """What the page cache found for a request, and what may be done with it; ``slot`` is the
    site's render slot this worker holds while it renders a stale page again."""

    __slots__ = ("entry", "generation", "key", "slot", "state")

    def __init__(self, generation, key, entry, state):
        self.generation, self.key, self.entry, self.state = generation, key, entry, state
        self.slot = None


def render_slot(number):
    return f"page-cache:render-slot:{number}"


def judge(generation, entry, now):
    """What may be done with ``entry`` (FRESH, STALE, OLD or GONE).

    STALE: a change it missed is soft and at most ``NEWSROOM_CACHE_STALE_SECONDS`` old, so it
    may be served while one worker renders its successor. GONE: a withdrawal or a withdrawn
    consent happened since it was stored; it is never served again. OLD: anything else, served
    only when the page cannot be rendered.
    """
    if entry.status is None:
        return GONE
    names = [*entry.keys(), dependencies.SCHEDULE, dependencies.HARD_CHANGE]
    current = versions.read(generation, names)
    if versions.changed_at(current[dependencies.HARD_CHANGE]) > entry.stored_at:
        return GONE
    moments = schedule.moments(current[dependencies.SCHEDULE])
    stale_since = entry.expires_at if entry.expires_at <= now else None
    moment = schedule.next_after(entry.stored_at, moments)
    if moment is not None and moment <= now:
        stale_since = moment if stale_since is None else min(stale_since, moment)
    for name, version in entry.dependencies:
        if current[name] != version:
            moved_at = versions.changed_at(current[name])
            stale_since = moved_at if stale_since is None else min(stale_since, moved_at)
    if stale_since is None:
        return FRESH
    if now - stale_since > settings.NEWSROOM_CACHE_STALE_SECONDS:
        return OLD
    return STALE


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache, store what may be stored.

    Sits before the session, locale and common middleware: a page served from the cache needs
    none of them, and a stored page carries the headers they add. A response that sets a
    cookie (a session, a CSRF token) is never stored. The request's host is checked first: a
    cached page is no answer to a host the site does not serve.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Raises DisallowedHost (answered 400) before anything is looked up.
        request.get_host()
        if is_personal(request):
            response = self.get_response(request)
            # Whatever the view said, a page made for a signed-in person stays out of shared
            # caches: a CDN must not hand it to the next reader.
            patch_cache_control(response, private=True)
            return response
        if not settings.NEWSROOM_ANONYMOUS_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        query = cacheable_query(request)
        if query is None:
            # Rendered, never stored: made-up parameters cannot fill the cache.
            response = self.get_response(request)
            response[CACHE_STATUS_HEADER] = "MISS"
            return response
        try:
            lookup = self.look_up(request, query)
        except generations.CACHE_ERRORS as error:
            cache_failed(error, "serving without it")
            return self.get_response(request)
        if lookup.state == FRESH:
            return self.answer_from(request, lookup.entry, "HIT")
        if lookup.state == STALE:
            if not self.claim_render(lookup):
                # Another worker is rendering its successor: the stale copy meanwhile.
                return self.answer_from(request, lookup.entry, "STALE")
            # Whoever rendered it last may have stored it between our look and our claim.
            again = self.look_up(request, query)
            if again.state == FRESH:
                self.release_render(lookup)
                return self.answer_from(request, again.entry, "HIT")
        started = time.time()
        # Conditional views leave their validators to the cache (newsroom.conditional).
        request.newsroom_page_cache = True
        with dependencies.collecting() as shown:
            response = self.get_response(request)
        if response.status_code == 503 and lookup.state in (STALE, OLD):
            # stale-if-error: a page that cannot be rendered now is better served a little old.
            # A claim is kept until it times out, so readers do not retry the render one after
            # the other while the database is down.
            return self.answer_from(request, lookup.entry, "STALE")
        response[CACHE_STATUS_HEADER] = "MISS"
        if is_storable(request, response):
            self.store(lookup, response, shown.keys(), started)
        if lookup.state == STALE:
            self.release_render(lookup)
        if response.status_code != 200:
            return response
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    def look_up(self, request, query):
        generation = generations.current()
        key = page_key(generation, request, query)
        entry = near_cache.get(key)
        state = GONE if entry is None else judge(generation, entry, time.time())
        if state != FRESH:
            # Another process may have stored the page again since this one kept its copy.
            shared = cache.get(key)
            # The shared cache keeps an entry up to a second past its time (its expiry is
            # counted in whole seconds); such an entry is a miss like any other.
            if shared is not None and shared.kept_until() > time.time():
                shared_state = judge(generation, shared, time.time())
                if entry is None or shared_state == FRESH:
                    entry, state = shared, shared_state
                    near_cache.put(key, entry)
        return Lookup(generation, key, entry, state)

    def claim_render(self, lookup):
        """Whether this worker is the one to render a stale page again: nobody renders this
        page, and one of the site's ``NEWSROOM_CACHE_STALE_RENDERS`` slots is free. Without a
        slot the page stays stale a little longer; past the stale bound it is rendered anyway
        (judge() calls it OLD)."""
        timeout = settings.NEWSROOM_CACHE_RENDER_SECONDS
        try:
            if not cache.add(f"{lookup.key}:rendering", 1, timeout=timeout):
                return False
            for slot in range(settings.NEWSROOM_CACHE_STALE_RENDERS):
                if cache.add(render_slot(slot), lookup.key, timeout=timeout):
                    lookup.slot = slot
                    return True
            cache.delete(f"{lookup.key}:rendering")
            return False
        except generations.CACHE_ERRORS:
            return True

    def release_render(self, lookup):
        try:
            cache.delete(f"{lookup.key}:rendering")
            if lookup.slot is not None:
                cache.delete(render_slot(lookup.slot))
        except generations.CACHE_ERRORS:
            pass

    def answer_from(self, request, entry, status):
        response = entry.response()
        response[CACHE_STATUS_HEADER] = status
        lifetime_headers(response, max(entry.expires_at, time.time()), entry.keys())
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    def store(self, lookup, response, keys, started):
        generation = lookup.generation
        now = time.time()
        try:
            current = versions.read(generation, [*keys, dependencies.SCHEDULE])
            moments = schedule.moments(current.pop(dependencies.SCHEDULE))
        except generations.CACHE_ERRORS as error:
            cache_failed(error, "not storing the page")
            return
        expires_at = now + settings.NEWSROOM_ANONYMOUS_CACHE_SECONDS
        upcoming = schedule.next_after(now, moments)
        if upcoming is not None:
            expires_at = min(expires_at, upcoming)
        if not response.has_header("ETag"):
            # Lets readers and CDNs revalidate a list or the home page with a 304 too.
            set_response_etag(response)
        if not response.has_header("Last-Modified") and current:
            # The newest public change of what the page shows: drafts never move it.
            newest = max(versions.dated_at(version) for version in current.values())
            response["Last-Modified"] = http_date(newest)
        lifetime_headers(response, expires_at, keys)
        settle = settings.NEWSROOM_CACHE_SETTLE_SECONDS
        changed_meanwhile = any(
            versions.changed_at(version) > started - settle for version in current.values()
        )
        timeout = math.ceil(expires_at - now)
        if (
            timeout < 1
            or changed_meanwhile
            or not generations.settled(generation)
            or schedule.passed_since(started, now, moments)
        ):
            # What it shows may already be old: served, not kept.
            return
        entry = Entry(response, expires_at, sorted(current.items()), stored_at=started)
        near_cache.put(lookup.key, entry)
        try:
            # Kept past its expiry for as long as it may be served stale.
            cache.set(lookup.key, entry, timeout=timeout + kept_stale_seconds())
        except generations.CACHE_ERRORS as error:
            cache_failed(error, "the page was not stored")
