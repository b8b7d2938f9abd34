"""Signed addresses the press list hands out: personal story links, unsubscribe and confirm."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from newsroom.canonical import absolute_url

ACCESS_SALT = "outreach.press-access"
UNSUBSCRIBE_SALT = "outreach.unsubscribe"
CONFIRM_SALT = "outreach.confirm-join"
# A confirmation link is good for a week; an unsubscribe link for ever.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def sign(token):
    return signing.Signer(salt=ACCESS_SALT).sign(token)


def unsign(signed):
    """The token inside a personal link, or ``None`` if the link was not made by this site."""
    try:
        return signing.Signer(salt=ACCESS_SALT).unsign(signed)
    except signing.BadSignature:
        return None


def access_url(access):
    return absolute_url(access.get_absolute_url())


def unsubscribe_url(journalist):
    signed = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(journalist.pk))
    with translation.override(journalist.language):
        return absolute_url(reverse("outreach:unsubscribe", kwargs={"signed": signed}))


def read_unsubscribe(signed):
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(signed))
    except (signing.BadSignature, ValueError):
        return None


def confirm_url(journalist):
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"j": journalist.pk, "e": journalist.email}
    )
    with translation.override(journalist.language):
        return absolute_url(reverse("outreach:confirm", kwargs={"signed": signed}))


def read_confirm(signed):
    """``(journalist pk, email)`` from a confirmation link; ``None`` if forged or expired."""
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            signed, max_age=CONFIRM_MAX_AGE
        )
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return data.get("j"), data.get("e")
