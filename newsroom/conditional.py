"""Conditional GET: ETag and Last-Modified computed once per request, with one small query.

Django's ``condition`` decorator asks for the ETag and the Last-Modified date separately; both
come from the same freshness stamp here, so a 304 costs one query, not two. With the anonymous
cache on, the stamp itself is kept in the current cache generation, and a reader's 304 costs no
query at all until something changes.
"""

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from .caching import generation as generations
from .caching.middleware import is_personal

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Freshness:
    """What a response depends on: when it last changed, and what else tells versions apart."""

    last_modified: datetime | None
    parts: tuple = ()

    @property
    def etag(self):
        stamp = "|".join(
            str(part)
            for part in (
                self.last_modified.isoformat() if self.last_modified else "",
                *self.parts,
                get_language(),
                settings.NEWSROOM_RELEASE,
            )
        )
        return hashlib.blake2b(stamp.encode(), digest_size=12).hexdigest()


def conditional(freshness_func, *, public=True):
    """Answer 304 when the client's copy is current; otherwise tag the response.

    ``freshness_func(request, *args, **kwargs)`` returns a ``Freshness`` or ``None`` (no
    validators, e.g. for a page that does not exist, which the view then answers itself).
    """

    def freshness(request, *args, **kwargs):
        # Both validators read the same stamp; compute it once per request.
        if not hasattr(request, "_newsroom_freshness"):
            request._newsroom_freshness = kept_freshness(
                request, lambda: freshness_func(request, *args, **kwargs)
            )
        return request._newsroom_freshness

    def etag(request, *args, **kwargs):
        stamp = freshness(request, *args, **kwargs)
        return stamp.etag if stamp else None

    def last_modified(request, *args, **kwargs):
        stamp = freshness(request, *args, **kwargs)
        return stamp.last_modified if stamp else None

    def decorator(view):
        conditional_view = condition(etag_func=etag, last_modified_func=last_modified)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = conditional_view(request, *args, **kwargs)
            if public and response.status_code in (200, 304):
                # Shared caches (a CDN) may keep it briefly; news must not go stale for long.
                patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE)
            return response

        return wrapped

    return decorator


def kept_freshness(request, compute):
    """``compute()``, or what it gave earlier in this cache generation for this address."""
    if not settings.NEWSROOM_ANONYMOUS_CACHE or is_personal(request):
        return compute()
    address = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    try:
        generation = generations.current()
        key = generations.key(generation, "freshness", get_language() or "-", address)
        kept = cache.get(key)
    except generations.CACHE_ERRORS:
        return compute()
    # Kept with its own expiry: never past the next scheduled publication.
    if kept is not None and kept[1] > timezone.now():
        return kept[0]
    stamp = compute()
    try:
        expires = generations.expiry(generation)
        timeout = math.ceil((expires - timezone.now()).total_seconds())
        if timeout >= 1 and generations.settled(generation):
            cache.set(key, (stamp, expires), timeout=timeout)
    except generations.CACHE_ERRORS:
        logger.exception("The public cache does not answer; the freshness stamp was not kept.")
    return stamp
