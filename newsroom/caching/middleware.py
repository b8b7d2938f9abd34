"""The anonymous page cache, and the headers that let browsers and CDNs keep public pages.

A reader without a session gets the page from the shared cache when the current generation has
it, and a 304 when their copy matches; a miss renders the page and stores it until
``generation.expiry()``. A request carrying a session cookie (staff signed in to the admin, or a
message waiting for them) is never answered from the cache, and its response is neither stored
nor marked public: staff always see the site as it is now.
"""

import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_path

from . import generation as generations

logger = logging.getLogger(__name__)

# What a CDN can purge by (Fastly, Varnish xkey, Akamai cache tags): every public page carries
# it, and a change to any content changes them all.
SURROGATE_KEY = "newsroom"
# How much of the shared cache each process keeps at hand, in bytes of pages.
NEAR_CACHE_BYTES = 32 * 1024 * 1024
# How often, at most, storing a page also drops the near cache's expired entries (seconds): a
# sweep reads every entry, and pages are stored on misses, which can come in bursts.
SWEEP_SECONDS = 1.0
# Tells operators, and make bench, whether a page came from the cache or was rendered for it.
CACHE_STATUS_HEADER = "X-Cache"


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


def page_key(generation, request):
    # The language is part of the key, in case one address ever serves more than one.
    address = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return generations.key(generation, "page", language_of(request), address)


def is_storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return "*" not in response.get("Vary", "")


def lifetime_headers(response, expires_at):
    """Browsers and CDNs may keep the page as long as this server would, within their own caps:
    never past the next scheduled publication."""
    remaining = max(0, math.floor(expires_at - time.time()))
    patch_cache_control(
        response, public=True, max_age=min(settings.NEWSROOM_PUBLIC_MAX_AGE, remaining)
    )
    response["Surrogate-Control"] = f"max-age={min(settings.NEWSROOM_CDN_MAX_AGE, remaining)}"
    response["Surrogate-Key"] = SURROGATE_KEY


class Entry:
    """A stored page: what it takes to answer again, and until when."""

    __slots__ = ("content", "expires_at", "headers", "status")

    def __init__(self, response, expires_at):
        self.status = response.status_code
        self.headers = list(response.headers.items())
        self.content = response.content
        self.expires_at = expires_at

    def __getstate__(self):
        return (self.status, self.headers, self.content, self.expires_at)

    def __setstate__(self, state):
        self.status, self.headers, self.content, self.expires_at = state

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
            if entry.expires_at <= time.time():
                self._remove(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        """Keep ``entry`` under ``key``, in place of whatever was there."""
        now = time.time()
        if entry.expires_at <= now:
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
        for key in [key for key, entry in self.entries.items() if entry.expires_at <= now]:
            self._remove(key)


near_cache = NearCache(NEAR_CACHE_BYTES)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache, store what may be stored.

    Sits before the session, locale and common middleware: a page served from the cache needs
    none of them, and a stored page carries the headers they add. A response that sets a
    cookie (a session, a CSRF token) is never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_personal(request):
            response = self.get_response(request)
            # Whatever the view said, a page made for a signed-in person stays out of shared
            # caches: a CDN must not hand it to the next reader.
            patch_cache_control(response, private=True)
            return response
        if not settings.NEWSROOM_ANONYMOUS_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            generation = generations.current()
            key = page_key(generation, request)
            entry = near_cache.get(key)
            if entry is None:
                entry = cache.get(key)
                # The shared cache keeps an entry up to a second past its time (its expiry is
                # counted in whole seconds); such an entry is a miss like any other.
                if entry is not None and entry.expires_at <= time.time():
                    entry = None
                if entry is not None:
                    near_cache.put(key, entry)
        except generations.CACHE_ERRORS:
            logger.exception("The public cache does not answer; serving without it.")
            return self.get_response(request)
        if entry is not None:
            response = self.answer_from(request, entry)
            response[CACHE_STATUS_HEADER] = "HIT"
            return response
        response = self.get_response(request)
        if is_storable(request, response):
            self.store(key, generation, response)
        response[CACHE_STATUS_HEADER] = "MISS"
        return response

    def answer_from(self, request, entry):
        response = entry.response()
        lifetime_headers(response, entry.expires_at)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    def store(self, key, generation, response):
        try:
            expires_at = generations.expiry(generation).timestamp()
        except generations.CACHE_ERRORS:
            logger.exception("The public cache does not answer; not storing the page.")
            return
        if not response.has_header("ETag"):
            # Lets readers and CDNs revalidate a list or the home page with a 304 too.
            set_response_etag(response)
        lifetime_headers(response, expires_at)
        timeout = math.ceil(expires_at - time.time())
        if timeout < 1 or not generations.settled(generation):
            return
        entry = Entry(response, expires_at)
        near_cache.put(key, entry)
        try:
            cache.set(key, entry, timeout=timeout)
        except generations.CACHE_ERRORS:
            logger.exception("The public cache does not answer; the page was not stored.")
