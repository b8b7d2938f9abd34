"""Signed addresses the press list hands out: personal story links, unsubscribe and confirm."""

from urllib.parse import unquote, urlsplit

from django.core import signing

from newsroom.canonical import absolute_url
from outbox.links import ConfirmationLinks, signed_url

ACCESS_SALT = "outreach.press-access"
UNSUBSCRIBE_SALT = "outreach.unsubscribe"
CONFIRM_SALT = "outreach.confirm-join"
# A confirmation link is good for a week (outbox.links); an unsubscribe link for ever.
CONFIRMATIONS = ConfirmationLinks(url_name="outreach:confirm", salt=CONFIRM_SALT, key="j")


def sign(token):
    return signing.Signer(salt=ACCESS_SALT).sign(token)


def unsign(signed):
    """The token inside a personal link, or ``None`` if the link was not made by this site."""
    try:
        return signing.Signer(salt=ACCESS_SALT).unsign(signed)
    except signing.BadSignature:
        return None


def token_in(pasted):
    """The token of the personal link in ``pasted``: its address whole (with or without the
    site, or the press kit's beside it) or only its signed part; ``None`` if ``pasted`` holds
    no link this site made."""
    text = pasted.strip()
    if "/" not in text:
        # The signed part alone: "token:signature" is no address (urlsplit would call the
        # token a scheme).
        return unsign(unquote(text)) if text else None
    try:
        path = unquote(urlsplit(text).path)
    except ValueError:  # not an address at all, e.g. "http://[": then no link either
        return None
    for part in reversed(path.split("/")):
        if part and (token := unsign(part)):
            return token
    return None


def access_url(access):
    return absolute_url(access.get_absolute_url())


def unsubscribe_url(journalist):
    signed = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(journalist.pk))
    return signed_url("outreach:unsubscribe", journalist.language, signed)


def read_unsubscribe(signed):
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(signed))
    except (signing.BadSignature, ValueError):
        return None


def confirm_url(journalist):
    return CONFIRMATIONS.url(pk=journalist.pk, email=journalist.email, language=journalist.language)


def read_confirm(signed):
    """``(journalist pk, email)`` from a confirmation link; ``None`` if forged or expired."""
    return CONFIRMATIONS.read(signed)
