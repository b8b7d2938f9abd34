"""Conditional GET: ETag and Last-Modified computed once per request, with one small query.

Django's ``condition`` decorator asks for the ETag and the Last-Modified date separately; both
come from the same freshness stamp here, so a 304 costs one query, not two. The stamp counts
public changes only (``Story.public_changed_at``): saving a draft never moves it. For a reader
the anonymous page cache serves, the cache gives the validators instead, from the versions of
what the page depends on, and a 304 costs no query at all.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition


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
            request._newsroom_freshness = freshness_func(request, *args, **kwargs)
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
            if getattr(request, "newsroom_page_cache", False):
                # The page cache gives the page its validators from what it depends on, and
                # answers 304 itself: no freshness query for a page it renders.
                response = view(request, *args, **kwargs)
            else:
                response = conditional_view(request, *args, **kwargs)
            if public and response.status_code in (200, 304):
                # Shared caches (a CDN) may keep it briefly; news must not go stale for long.
                patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE)
            return response

        return wrapped

    return decorator
