"""Answers while a service the site needs is down: 503 with Retry-After, never a 500.

Django calls ``server_error`` (``handler500``) for any exception nothing else handled, in a
view, a template or a middleware. When the exception says PostgreSQL does not answer, readers
get the site's own "back soon" page with ``Retry-After`` (the page cache serves its stored copy
instead, where it has one), and staff who were saving get what they typed back, with a button to
send it again. The log gets one line per kind of failure per interval, not a traceback per
request.
"""

import logging
import re
import threading
import time

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import gettext as _
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

    def failed(self, kind, exception, outcome="answering 503"):
        now = time.monotonic()
        with self.lock:
            logged_at, unlogged = self.kinds.get(kind, (None, 0))
            if logged_at is not None and now - logged_at < self.interval:
                self.kinds[kind] = (logged_at, unlogged + 1)
                return
            self.kinds[kind] = (now, 0)
        since = f"; {unlogged} more since the last line" if unlogged else ""
        logger.error("%s: %s (%s%s)", kind, str(exception).strip(), outcome, since)


failures = FailureLog(LOG_INTERVAL_SECONDS)


def server_error(request, template_name="500.html"):
    """``handler500``: 503 for a database that does not answer, Django's 500 otherwise."""
    import sys

    exception = sys.exc_info()[1]
    with translation.override(page_language(request)):
        if isinstance(exception, DATABASE_ERRORS):
            return service_unavailable(request, exception)
        return defaults.server_error(request, template_name)


def page_language(request):
    """The language of the page that failed, found without the database: the failure may have
    come before any middleware chose it, and an admin page's language is the signed-in person's,
    which lives in their session.

    A public page's comes from its address (``/es/…``). The admin's comes from the language
    cookie that ``accounts.middleware.StaffPreferencesMiddleware`` keeps in step with the person's
    preferences, else from what the browser asks for. Any other address is English's, as
    ``LocaleMiddleware`` makes it.
    """
    from_address = translation.get_language_from_path(request.path_info)
    if from_address:
        return from_address
    if request.path_info.startswith(reverse("admin:index")):
        return translation.get_language_from_request(request)
    return settings.LANGUAGE_CODE


def service_unavailable(request, exception):
    failures.failed("The database does not answer", exception)
    context = {"retry_after": RETRY_AFTER_SECONDS}
    if request.method == "POST":
        try:
            posted = [(name, value) for name, values in request.POST.lists() for value in values]
            context["files_lost"] = list(request.FILES)
        except Exception:  # noqa: BLE001 -- a body that cannot be read is simply not shown
            posted = []
        context["submitted"] = [
            (name, value) for name, value in posted if not is_secret(request, name)
        ]
        context["secrets_withheld"] = len(context["submitted"]) < len(posted)
        context["action"] = request.get_full_path()
        context["typed"] = typed_fields(request, context["submitted"])
    # No request: context processors and the session would ask the database again.
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # Logged above, once per interval; Django would log a traceback for every request.
    response._has_been_logged = True
    return response


# Fields whose values never appear on a page, not even to the person who typed them: passwords,
# sign-in codes, tokens. The page is cached by browsers' history and seen over shoulders.
SECRET_FIELD = re.compile(r"pass|secret|token|otp|^code$|recovery", re.IGNORECASE)


def is_secret(request, name):
    """Whether the posted field ``name`` is withheld from the page: it looks like a secret, or the
    view marked it sensitive (``sensitive_post_parameters``), as Django's error reports do."""
    if name == "csrfmiddlewaretoken":
        return False  # needed to send the form again, and bound to this browser anyway
    sensitive = getattr(request, "sensitive_post_parameters", ())
    return sensitive == "__ALL__" or name in sensitive or bool(SECRET_FIELD.search(name))


# An inline form's field ("quotes-0-text"), a formset's bookkeeping ("quotes-TOTAL_FORMS"), and
# the parts of a split field ("published_at_0", "published_at_1").
INLINE_FIELD = re.compile(r"^(?P<prefix>[\w-]+?)-(?P<index>\d+)-(?P<field>\w+)$")
FORMSET_BOOKKEEPING = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
SPLIT_FIELD = re.compile(r"^(?P<field>\w+)_\d$")


def typed_fields(request, submitted):
    """What the person typed, each under the label their form showed, so that they recognise it:
    ``[(label, value)]``, without the token, the buttons, hidden fields and formset bookkeeping.

    Labels come from the admin's classes alone (the database does not answer); a field they do
    not name keeps its posted name."""
    model_admin = posted_to_admin(request)
    typed = []
    for name, value in submitted:
        if not value or name == "csrfmiddlewaretoken" or name.startswith("_"):
            continue
        if FORMSET_BOOKKEEPING.search(name):
            continue
        label = field_label(model_admin, name) if model_admin is not None else name
        if label is not None:
            typed.append((label, value))
    return typed


def posted_to_admin(request):
    """The model admin whose page received the post. The failure often comes from a middleware,
    before Django resolved the address, so it is resolved here (which needs no database)."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    return getattr(view, "model_admin", None)


def field_label(model_admin, name):
    """The label of the posted field ``name`` on ``model_admin``'s form, ``None`` for a hidden
    field, or ``name`` itself when the form does not say."""
    inline = INLINE_FIELD.match(name)
    if inline is not None:
        related = {
            relation.get_accessor_name(): relation.related_model
            for relation in model_admin.model._meta.related_objects
        }.get(inline["prefix"])
        if related is None:
            return name
        if inline["field"] in {"id", "DELETE", related._meta.pk.name}:
            return None
        try:
            if related._meta.get_field(inline["field"]).related_model is model_admin.model:
                return None  # the hidden link to the story being saved
        except FieldDoesNotExist:
            pass
        return _("%(part)s %(number)d: %(field)s") % {
            "part": capfirst(related._meta.verbose_name),
            "number": int(inline["index"]) + 1,
            "field": model_label(related, inline["field"]) or inline["field"],
        }
    split = SPLIT_FIELD.match(name)
    for candidate in (name, split and split["field"]):
        form_field = model_admin.form.base_fields.get(candidate) if candidate else None
        if form_field is not None:
            if form_field.widget.is_hidden:
                return None
            return capfirst(form_field.label or model_label(model_admin.model, candidate) or name)
        label = candidate and model_label(model_admin.model, candidate)
        if label:
            return label
    return name


def model_label(model, name):
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return None
