"""Staff as recipients: the address, name and language email to a colleague uses."""

from django.conf import settings

from .services import Recipient


def person_recipient(user, *, language=None):
    """``user`` as a ``Recipient``, or ``None`` when no email should reach them: no address,
    an inactive account, or email notifications turned off in their profile."""
    if not user.email or not user.is_active:
        return None
    profile = getattr(user, "profile", None)
    if profile is not None and getattr(profile, "emails_off", False):
        return None
    return Recipient(
        key=f"auth.user:{user.pk}",
        email=user.email,
        name=user.get_full_name() or user.get_username(),
        language=language or getattr(profile, "language", "") or settings.LANGUAGE_CODE,
    )
