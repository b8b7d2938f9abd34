"""Signed addresses a reader is given: confirm a subscription, manage them, unsubscribe.

Each names the reader's address as well as their number, so a link stops working if the reader
is erased, even were the number ever given to someone else.
"""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from newsroom.canonical import absolute_url

CONFIRM_SALT = "readers.confirm"
MANAGE_SALT = "readers.manage"
UNSUBSCRIBE_SALT = "readers.unsubscribe"
# A confirmation link is good for a week; manage and unsubscribe links for as long as the reader.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _url(name, reader, signed):
    with translation.override(reader.language):
        return absolute_url(reverse(name, kwargs={"signed": signed}))


def confirm_url(subscription):
    reader = subscription.reader
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"s": subscription.pk, "e": reader.email}
    )
    return _url("readers:confirm", reader, signed)


def read_confirm(signed):
    """``(subscription pk, email)``, or ``None`` if the link is forged or expired."""
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            signed, max_age=CONFIRM_MAX_AGE
        )
    except (signing.BadSignature, ValueError):
        return None
    return (data.get("s"), data.get("e")) if isinstance(data, dict) else None


def manage_url(reader):
    return _url("readers:manage", reader, _sign_reader(reader, MANAGE_SALT))


def unsubscribe_url(reader):
    return _url("readers:unsubscribe", reader, _sign_reader(reader, UNSUBSCRIBE_SALT))


def read_manage(signed):
    return _read_reader(signed, MANAGE_SALT)


def read_unsubscribe(signed):
    return _read_reader(signed, UNSUBSCRIBE_SALT)


def _sign_reader(reader, salt):
    return signing.Signer(salt=salt).sign_object({"r": reader.pk, "e": reader.email})


def _read_reader(signed, salt):
    """The reader a manage or unsubscribe link was made for, or ``None``."""
    from .models import Reader

    try:
        data = signing.Signer(salt=salt).unsign_object(signed)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return Reader.objects.filter(pk=data.get("r"), email=data.get("e")).first()
