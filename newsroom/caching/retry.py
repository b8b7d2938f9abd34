"""Invalidations the shared cache (or the CDN) refused, tried again until they are taken.

A Redis that refuses writes (out of memory, a read-only replica after a failover) must not
leave readers with the old page until it expires. A change it refused is tried again every
``RETRY_SECONDS`` in the background, for as long as a cached page could still show the old
content; the person who saved is told meanwhile (``tell_staff``). Media addresses the CDN did
not purge are tried again for as long as the process lives: a photo's files are cached for a
year, so no shorter wait makes a withdrawn photo go away.
"""

import contextvars
import logging
import math
import os
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from .generation import CACHE_ERRORS

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0

# The request being served, when it may be told of a failure (see StaffNoticeMiddleware).
current_request = contextvars.ContextVar("newsroom_current_request", default=None)


class Retrier:
    def __init__(self):
        self.lock = threading.Lock()
        self.pending = []
        self.worker = None

    def later(self, keys, hard, urls=()):
        if urls:
            deadline = math.inf
        else:
            deadline = time.monotonic() + settings.NEWSROOM_ANONYMOUS_CACHE_SECONDS
        with self.lock:
            self.pending.append((frozenset(keys), hard, deadline, frozenset(urls)))
            if self.worker != os.getpid():
                # After a fork the thread that was retrying belongs to the parent.
                self.worker = os.getpid()
                threading.Thread(target=self.run, name="public-cache-retry", daemon=True).start()

    def run(self):
        while True:
            time.sleep(RETRY_SECONDS)
            if not self.retry():
                return

    def retry(self):
        """One attempt at everything pending; whether anything is left to try."""
        from .receivers import deliver

        with self.lock:
            batch, self.pending = self.pending, []
            if not batch:
                self.worker = None
                return False
        now = time.monotonic()
        batch = [item for item in batch if item[2] > now]
        if not batch:
            return True
        keys = frozenset().union(*(item[0] for item in batch))
        urls = frozenset().union(*(item[3] for item in batch))
        # Media addresses are always purged hard; only the keys' own changes say how.
        hard = any(item[1] for item in batch if item[0])
        try:
            deliver(keys, hard=hard, urls=urls)
        except CACHE_ERRORS:
            with self.lock:
                self.pending.extend(batch)
            return True
        logger.warning(
            "The public cache took a change it had refused: %d keys, %d addresses.",
            len(keys),
            len(urls),
        )
        return True


retrier = Retrier()


def tell_staff():
    request = current_request.get()
    if request is None or not hasattr(request, "_messages"):
        return
    # One save may be refused twice (its pages' keys, then its photo's files): say it once.
    if getattr(request, "_newsroom_told_of_refusal", False):
        return
    request._newsroom_told_of_refusal = True
    minutes = max(1, settings.NEWSROOM_ANONYMOUS_CACHE_SECONDS // 60)
    messages.warning(
        request,
        _(
            "Saved. The public cache refused to take the change, so readers may see the "
            "previous version for up to %(minutes)d minutes; it is being tried again."
        )
        % {"minutes": minutes},
    )


class StaffNoticeMiddleware:
    """Lets a save's invalidation tell the person who saved when the cache refused it. After
    the message middleware, so that what is said is shown on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
