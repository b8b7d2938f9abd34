"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn.

The library does the WebAuthn ceremonies (its views check every signature, its scripts call the
browser); this module ties it to the site: the relying party is the host of
``NEWSROOM_BASE_URL`` and the one origin allowed is that address's, read when each ceremony runs,
so a production site is right by default and a test that changes the base URL changes them too.
A passkey never replaces the password: passwordless sign-in is off in the settings.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.utils import get_credential_model

Passkey = get_credential_model()

# The name a person gives a passkey, as the model stores it (django-otp's device name).
NAME_MAX_LENGTH = Passkey._meta.get_field("name").max_length


def relying_party_id(request=None):
    """The site's host, which the browser binds each passkey to (``news.example.org``)."""
    return urlsplit(settings.NEWSROOM_BASE_URL).hostname


def relying_party_name(request=None):
    """What the browser shows when it asks to make or use a passkey."""
    return settings.NEWSROOM_SITE_NAME


def allowed_origins():
    """The one address pages asking for a passkey may be served from."""
    parts = urlsplit(settings.NEWSROOM_BASE_URL)
    return [f"{parts.scheme}://{parts.netloc}"]


def available():
    """Whether browsers can make passkeys for this site: WebAuthn needs a domain name (an IP
    address such as 127.0.0.1 cannot be a relying party) served over HTTPS, or localhost."""
    host = relying_party_id()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        secure = urlsplit(settings.NEWSROOM_BASE_URL).scheme == "https" or host == "localhost"
        return bool(host) and secure
    return False


class PasskeyHelper(WebAuthnHelper):
    """The library's ceremonies with the origin from ``NEWSROOM_BASE_URL`` and a first name for
    each new passkey, which its owner changes on the next page."""

    def get_allowed_origins(self):
        return allowed_origins()

    def create_credential(self, user, *args, **kwargs):
        passkey = super().create_credential(user, *args, **kwargs)
        number = Passkey.objects.filter(user=user).count() + 1
        passkey.name = _("Passkey %(number)d") % {"number": number}
        return passkey


def passkeys_of(user):
    """The person's passkeys, oldest first, with when each was added and last used."""
    return Passkey.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def has_passkey(user):
    return passkeys_of(user).exists()


@transaction.atomic
def rename(passkey, name):
    passkey.name = name
    passkey.save(update_fields=["name"])
