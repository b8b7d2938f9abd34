"""Signing staff in as a browser would, including the second factor, for tests."""

import secrets

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import passkeys, second_factor

PASSWORD = "correct horse battery"
LOGIN = reverse("admin:login")


def sign_in(client, username, password=PASSWORD, address="127.0.0.1"):
    """Posts the admin's sign-in form, as a person at ``address`` would."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def enrolled(user):
    """``user`` with a confirmed authenticator and recovery codes; returns (device, codes)."""
    device = TOTPDevice.objects.create(user=user, name=second_factor.AUTHENTICATOR_NAME)
    return device, second_factor.new_recovery_codes(user)


def with_passkey(user, name="Work laptop"):
    """A passkey of ``user``'s, as registering one leaves it (its key is random bytes: tests that
    sign in with a real passkey use the browser's virtual authenticator)."""
    return passkeys.Passkey.objects.create(
        user=user,
        name=name,
        credential_id=secrets.token_bytes(32),
        public_key=secrets.token_bytes(77),
        aaguid="00000000-0000-0000-0000-000000000000",
    )


def verified_login(client, user, device=None):
    """``client`` signed in as ``user`` with a confirmed second factor, as after the code step:
    with ``device``, or their authenticator app (set up now if they have none)."""
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrolled(user)[0]
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
