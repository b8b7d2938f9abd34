"""Staff sessions: an idle timeout, an absolute lifetime, and ending every session of a person."""

import time
from importlib import import_module

from django.conf import settings

from .models import SignedInSession

SIGNED_IN_AT = "accounts.signed_in_at"
SEEN_AT = "accounts.seen_at"
REGISTERED_KEY = "accounts.registered_key"
# The last-seen time is written at most this often, so that browsing costs no session write.
SEEN_RESOLUTION_SECONDS = 60


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def start(request, user):
    """At sign-in: stamp the session and register it under the person."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    register(request, user)


def register(request, user):
    key = request.session.session_key
    if key and request.session.get(REGISTERED_KEY) != key:
        SignedInSession.objects.get_or_create(session_key=key, defaults={"user": user})
        request.session[REGISTERED_KEY] = key


def expiry_reason(session, now):
    """Why this session must end now ("idle" or "lifetime"), or ``None``."""
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None:
        # Signed in before these rules existed, or by a way that never stamped it: end it.
        return "lifetime"
    if now - signed_in_at > settings.NEWSROOM_STAFF_SESSION_LIFETIME:
        return "lifetime"
    if now - seen_at > settings.NEWSROOM_STAFF_IDLE_TIMEOUT:
        return "idle"
    return None


def touch(session, now):
    if now - session[SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now


def end_sessions_of(user):
    """Delete every session ``user`` signed in with: each browser is signed out at its next
    request."""
    store = session_store()
    registered = SignedInSession.objects.filter(user=user)
    for key in registered.values_list("session_key", flat=True):
        store(session_key=key).delete()
    registered.delete()
