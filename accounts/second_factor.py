"""The second factor: an authenticator app (TOTP), passkeys (``accounts/passkeys.py``) and
recovery codes, through django-otp.

A staff member confirms each sign-in with a second factor when their role requires it
(``RoleSecurity``), when they are a superuser, or when they set one up themselves. The whole rule
is switched by ``NEWSROOM_SECOND_FACTOR`` (on in production; the test settings turn it off so
that tests signing people in with ``force_login`` need not enrol them, and the tests of this
rule turn it on).

A factor is a confirmed authenticator app or passkey; recovery codes only stand in for one, so
they are handed out with the first factor and go with the last.
"""

import base64
import binascii

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import passkeys
from .models import RoleSecurity

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# The length of an authenticator app's codes: django-otp's TOTP default, which enrolment keeps.
APP_CODE_DIGITS = 6


def enforced():
    return settings.NEWSROOM_SECOND_FACTOR


def role_requires(user):
    """Whether the person's role (or being a superuser) requires a second factor."""
    if user.is_superuser:
        return True
    return RoleSecurity.objects.filter(group__user=user, second_factor_required=True).exists()


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_second_factor(user):
    """Whether the person confirms sign-ins with an authenticator app or a passkey."""
    return has_authenticator(user) or passkeys.has_passkey(user)


def needs_verification(user):
    """Whether this signed-in person must confirm their sign-in before working."""
    return enforced() and (role_requires(user) or has_second_factor(user))


class LastFactorRequired(Exception):
    """Removing this factor would leave someone whose role requires one with none."""


@transaction.atomic
def remove_factor(device):
    """Remove one authenticator app or passkey. Refused (``LastFactorRequired``) when it is the
    last factor of someone whose role requires one; the recovery codes go with the last factor.
    """
    user = device.user
    # One removal at a time per person, so that two at once cannot both pass for the last two.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    apps = TOTPDevice.objects.filter(user=user, confirmed=True)
    keys = passkeys.passkeys_of(user)
    # Each kind of device has its own table, and so its own numbers.
    if isinstance(device, TOTPDevice):
        apps = apps.exclude(pk=device.pk)
    else:
        keys = keys.exclude(pk=device.pk)
    others = apps.exists() or keys.exists()
    if not others and role_requires(user):
        raise LastFactorRequired
    device.delete()
    if not others:
        StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def start_enrolment(user):
    """A new, unconfirmed authenticator for ``user``; any earlier unconfirmed one is dropped."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def pending_enrolment(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def confirm_enrolment(device, token):
    """Confirm ``device`` with a code from the app. It replaces the person's earlier
    authenticator. Returns whether the code was right."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user_id, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_recovery_codes(user):
    """Ten new single-use recovery codes for ``user``; the earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def has_recovery_codes(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalised(token):
    """A typed code without spaces, in lower case: recovery codes are shown in lower case, and a
    phone's keyboard may capitalise the first letter."""
    return "".join(token.split()).lower()


def is_app_code(token):
    """Whether ``token`` has the shape of an authenticator app's code (six digits); anything
    else can only be a recovery code, which has eight letters and digits."""
    token = normalised(token)
    return token.isdigit() and len(token) == APP_CODE_DIGITS


def verify(user, token):
    """The device that accepts ``token`` (a code from the app, or a recovery code, which is
    then used up), or ``None``. Each device counts its failures and makes the person wait
    longer after each (django-otp's throttling), so only the kind of device the code is for
    checks it: otherwise every mistyped app code would count against the recovery codes, for
    good (only a recovery code resets their count), and a lost phone could find them held back
    for days."""
    token = normalised(token)
    model = TOTPDevice if is_app_code(token) else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def remove(user):
    """Remove the person's authenticator app, passkeys and recovery codes."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def secret_of(device):
    """The key as people type it into an app that cannot scan: base32, in groups of four."""
    secret = base64.b32encode(binascii.unhexlify(device.key)).decode()
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_svg(device):
    """The device's set-up address as an inline SVG QR code (no image request, no script)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308  (segno's own markup, built from our data)
