"""Each staff member's preferences, as the rest of the project reads them.

``preferences_of(user)`` gives a person's language, time zone and whether they want notification
emails, with the site's defaults for anyone who never chose; ``accepting_emails(users)`` narrows a
queryset of users to those who did not turn emails off; ``activated_for(user)`` renders something
(an email, a page) in that person's language and time zone.
"""

import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from .models import Profile

# Where a signed-in person's language and time zone are kept in their session, so that admin
# pages apply them without a query of their own.
SESSION_LANGUAGE = "accounts.language"
SESSION_TIME_ZONE = "accounts.time_zone"


@dataclass(frozen=True)
class Preferences:
    language: str
    time_zone: zoneinfo.ZoneInfo
    email_notifications: bool


def site_time_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def profile_of(user):
    """The person's saved profile, or an unsaved one holding the defaults. Reads
    ``user.profile`` once; ``select_related("profile")`` on a list of users avoids the query."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def preferences_of(user):
    profile = profile_of(user)
    zone = zoneinfo.ZoneInfo(profile.time_zone) if profile.time_zone else site_time_zone()
    return Preferences(
        language=profile.language,
        time_zone=zone,
        email_notifications=profile.email_notifications,
    )


def accepting_emails(users):
    """The users who receive notification emails: active, with an address, not turned off."""
    return (
        users.filter(is_active=True)
        .exclude(email="")
        .exclude(profile__email_notifications=False)
        .select_related("profile")
    )


@contextmanager
def activated_for(user):
    """Translations and dates in ``user``'s language and time zone for the duration."""
    preferences = preferences_of(user)
    with translation.override(preferences.language), timezone.override(preferences.time_zone):
        yield preferences


def remember_in_session(session, user):
    """Copy the person's language and time zone into their session (at sign-in and on change)."""
    preferences = preferences_of(user)
    session[SESSION_LANGUAGE] = preferences.language
    session[SESSION_TIME_ZONE] = preferences.time_zone.key


def from_session(session):
    """``(language, time zone)`` remembered in the session, or ``None`` for each not there."""
    language = session.get(SESSION_LANGUAGE)
    zone_name = session.get(SESSION_TIME_ZONE)
    if language not in dict(settings.LANGUAGES):
        language = None
    try:
        zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = None
    return language, zone
