"""System checks of sign-in security, for ``manage.py check --deploy``."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs):
    """A deployment with the second factor turned off lets a stolen password open the admin."""
    if settings.NEWSROOM_SECOND_FACTOR or settings.DEBUG:
        return []
    return [
        checks.Warning(
            "NEWSROOM_SECOND_FACTOR is off: staff sign in with a password alone, whatever "
            "their role's sign-in rules say.",
            hint="Unset NEWSROOM_SECOND_FACTOR (it is on by default), or set it to 1.",
            id="accounts.W001",
        )
    ]
