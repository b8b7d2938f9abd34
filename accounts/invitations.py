"""Inviting a colleague: an email, in their language, with a link to set their own password.

The link carries a token from Django's password-reset machinery, under a salt of its own so that
an invitation and a password reset never stand in for each other. It expires after
``PASSWORD_RESET_TIMEOUT`` (three days unless set) and works once: the token is made from the
account's password, which setting one changes.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import ngettext

from newsroom.canonical import absolute_url
from outbox import registry
from outbox.services import Recipient, send_email

from . import preferences, roles

KIND = "accounts.invitation"
HOUR, DAY = 3600, 86400


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.invitations.InvitationTokenGenerator"


tokens = InvitationTokenGenerator()


def set_password_url(user):
    """The absolute address where ``user`` sets their password, valid from now."""
    path = reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": tokens.make_token(user),
        },
    )
    return absolute_url(path)


def invite(user, *, invited_by):
    """Queue the invitation to ``user``, in the language of their preferences.

    Sent whatever their notification setting: without it they cannot sign in at all. The
    person's password, if any, is replaced by none: that ends any earlier invitation's link (and
    signs them out), so that only the newest link works.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    language = preferences.preferences_of(user).language
    recipient = Recipient(
        key=f"auth.user:{user.pk}",
        email=user.email,
        name=user.get_full_name(),
        language=language,
        context={"set_password_url": set_password_url(user), "username": user.get_username()},
    )
    return send_email(
        kind=KIND,
        template="accounts/email/invitation",
        recipients=[recipient],
        context={
            "role": roles.role_of(user) or "",
            "invited_by": invited_by.get_full_name() or invited_by.get_username(),
        },
        created_by=invited_by,
    )


def invitation_context(message_context, language):
    """The role's name and what it may do, in the recipient's language (active here)."""
    role = message_context.get("role", "")
    name, description = roles.ROLES.get(role, ("", ""))
    return {
        "role_name": str(name),
        "role_description": str(description),
        "sign_in_url": absolute_url(reverse("admin:login")),
        "valid_for": valid_for(),
    }


def valid_for():
    """How long an invitation link works, in words: "3 days", "12 hours"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds >= DAY:
        days = seconds // DAY
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours = max(1, seconds // HOUR)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def register():
    registry.register(KIND, context=invitation_context)
