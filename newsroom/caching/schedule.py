"""The moments scheduled stories go public, which end cache entries without a job running.

A story scheduled for later changes nothing public when it is saved: only the ``schedule``
dependency key moves, and each process reads the moments again (one query). An entry stored
before such a moment is not served after it; an entry stored now lives no longer than the next.
"""

import bisect
import threading
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

DATABASE_ERRORS = (OperationalError, InterfaceError)

_kept = {}
_lock = threading.Lock()


def moments(schedule_version):
    """The moments, in seconds since the epoch, for the schedule as ``schedule_version`` has it:
    those still to come, and those of the last lifetime of an entry (an entry made before one
    of them must end at it)."""
    kept = _kept.get(schedule_version)
    if kept is None:
        from articles.models import Story

        since = timezone.now() - timedelta(seconds=settings.NEWSROOM_ANONYMOUS_CACHE_SECONDS)
        try:
            kept = tuple(
                moment.timestamp() for moment in Story.objects.went_public_by_the_clock(since)
            )
        except DATABASE_ERRORS:
            # The database is down: what is cached is served as it is, and asked again later.
            return ()
        with _lock:
            _kept.clear()
            _kept[schedule_version] = kept
    return kept


def passed_since(stored_at, now, schedule):
    """Whether a story went public by the clock after ``stored_at`` and by ``now``."""
    index = bisect.bisect_right(schedule, stored_at)
    return index < len(schedule) and schedule[index] <= now


def next_after(now, schedule):
    """The next moment after ``now``, or None."""
    index = bisect.bisect_right(schedule, now)
    return schedule[index] if index < len(schedule) else None
