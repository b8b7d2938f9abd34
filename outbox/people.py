"""Staff as recipients: the address, name and language email to a colleague uses."""

from accounts.preferences import preferences_of

from .services import Recipient


def person_recipient(user, *, language=None):
    """``user`` as a ``Recipient``, or ``None`` when no email should reach them: no address,
    an inactive account, or email notifications turned off in their preferences (the rule of
    ``accounts.preferences.accepting_emails()``, for one user already read)."""
    if not user.email or not user.is_active:
        return None
    preferences = preferences_of(user)
    if not preferences.email_notifications:
        return None
    return Recipient(
        key=f"auth.user:{user.pk}",
        email=user.email,
        name=user.get_full_name() or user.get_username(),
        language=language or preferences.language,
    )
