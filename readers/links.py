"""Signed addresses a reader is given: confirm a subscription, manage them, unsubscribe.

Each names the reader's address as well as their number, so a link stops working if the reader
is erased, even were the number ever given to someone else.
"""

from django.core import signing

from outbox.links import ConfirmationLinks, signed_url

CONFIRM_SALT = "readers.confirm"
MANAGE_SALT = "readers.manage"
UNSUBSCRIBE_SALT = "readers.unsubscribe"
# A confirmation link is good for a week (outbox.links); manage and unsubscribe links for as
# long as the reader.
CONFIRMATIONS = ConfirmationLinks(url_name="readers:confirm", salt=CONFIRM_SALT, key="s")


def confirm_url(subscription):
    reader = subscription.reader
    return CONFIRMATIONS.url(pk=subscription.pk, email=reader.email, language=reader.language)


def read_confirm(signed):
    """``(subscription pk, email)``, or ``None`` if the link is forged or expired."""
    return CONFIRMATIONS.read(signed)


def manage_url(reader):
    return signed_url("readers:manage", reader.language, _sign_reader(reader, MANAGE_SALT))


def unsubscribe_url(reader):
    return signed_url(
        "readers:unsubscribe", reader.language, _sign_reader(reader, UNSUBSCRIBE_SALT)
    )


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
