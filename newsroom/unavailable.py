"""Answers while a service the site needs is down: 503 with Retry-After, never a 500.

Django calls ``server_error`` (``handler500``) for any exception nothing else handled, in a
view, a template or a middleware. When the exception says PostgreSQL does not answer, readers
get the site's own "back soon" page with ``Retry-After`` (the page cache serves its stored copy
instead, where it has one), and staff who were saving get what they typed back, with a button to
send it again. The log gets one line per kind of failure per interval, not a traceback per
request.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

# What the database driver raises when the server is down, restarting or out of connections.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# How long clients are asked to wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 10
# At most one log line per kind of failure in this many seconds.
LOG_INTERVAL_SECONDS = 60


class FailureLog:
    """Logs the first failure of each kind, then one line per interval counting the others."""

    def __init__(self, interval):
        self.interval = interval
        self.lock = threading.Lock()
        self.kinds = {}

    def failed(self, kind, exception):
        now = time.monotonic()
        with self.lock:
            logged_at, unlogged = self.kinds.get(kind, (None, 0))
            if logged_at is not None and now - logged_at < self.interval:
                self.kinds[kind] = (logged_at, unlogged + 1)
                return
            self.kinds[kind] = (now, 0)
        since = f"; {unlogged} more since the last line" if unlogged else ""
        logger.error("%s: %s (answering 503%s)", kind, str(exception).strip(), since)


failures = FailureLog(LOG_INTERVAL_SECONDS)


def server_error(request, template_name="500.html"):
    """``handler500``: 503 for a database that does not answer, Django's 500 otherwise."""
    import sys

    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return service_unavailable(request, exception)
    return defaults.server_error(request, template_name)


def service_unavailable(request, exception):
    failures.failed("The database does not answer", exception)
    context = {"retry_after": RETRY_AFTER_SECONDS}
    if request.method == "POST":
        try:
            context["submitted"] = [
                (name, value) for name, values in request.POST.lists() for value in values
            ]
            context["files_lost"] = list(request.FILES)
        except Exception:  # noqa: BLE001 -- a body that cannot be read is simply not shown
            context["submitted"] = []
        context["action"] = request.get_full_path()
    # No request: context processors and the session would ask the database again.
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # Logged above, once per interval; Django would log a traceback for every request.
    response._has_been_logged = True
    return response
