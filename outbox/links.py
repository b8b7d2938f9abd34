"""Signed addresses in emails: a link to a page of the site, in the recipient's language, that
names who it was made for without a database lookup of its own.

``ConfirmationLinks`` makes and reads the links that confirm an address (a reader's
subscription, a journalist's request to join the press list): each names its record and the
address it was sent to, so that it stops working if the address changes, and it expires after a
week.
"""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from newsroom.canonical import absolute_url

# A confirmation link is good for a week.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def signed_url(name, language, signed):
    """The absolute address of the page ``name``, which takes ``signed``, in ``language``."""
    with translation.override(language):
        return absolute_url(reverse(name, kwargs={"signed": signed}))


class ConfirmationLinks:
    """Links to the page ``url_name`` that confirm an address, signed with ``salt``; ``key``
    names the record in the link (links already sent keep working while it stays the same)."""

    def __init__(self, *, url_name, salt, key):
        self.url_name = url_name
        self.salt = salt
        self.key = key

    def url(self, *, pk, email, language):
        signed = signing.TimestampSigner(salt=self.salt).sign_object({self.key: pk, "e": email})
        return signed_url(self.url_name, language, signed)

    def read(self, signed):
        """``(pk, email)`` the link was made for, or ``None`` if it is forged or expired."""
        try:
            data = signing.TimestampSigner(salt=self.salt).unsign_object(
                signed, max_age=CONFIRM_MAX_AGE
            )
        except (signing.BadSignature, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        return data.get(self.key), data.get("e")
