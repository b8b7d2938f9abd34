import zoneinfo

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value):
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone. Choose one from the list, e.g. America/Mexico_City."),
            code="unknown_time_zone",
            params={"zone": value},
        )


class Profile(models.Model):
    """What a staff member chose for themselves: the admin's language, their time zone and
    whether they receive notification emails. Read it through ``accounts.preferences``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the admin and of the emails you receive."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Dates in the admin are shown and entered in this zone, e.g. America/Mexico_City. "
            "Leave empty for the site's time zone."
        ),
    )
    email_notifications = models.BooleanField(
        _("email notifications"),
        default=True,
        help_text=_("Untick to stop notification emails; you still see them in the admin."),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return str(_("Preferences of %(user)s") % {"user": self.user})


class RoleSecurity(models.Model):
    """Whether the people in a role must confirm their sign-in with a second factor.

    Administrators change it; the roles migration sets it for Editors and Administrators.
    """

    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("role"),
        on_delete=models.CASCADE,
        related_name="security",
    )
    second_factor_required = models.BooleanField(
        _("second factor required"),
        default=False,
        help_text=_(
            "People in this role confirm each sign-in with an authenticator app or a recovery "
            "code, and must set one up before they can work."
        ),
    )

    class Meta:
        verbose_name = _("sign-in rule of a role")
        verbose_name_plural = _("sign-in rules of roles")
        ordering = ["group__name"]

    def __str__(self):
        return str(self.group)


class SignedInSession(models.Model):
    """A session someone signed in with, so that it can be ended when their account is
    deactivated or their password changes, wherever that browser is."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True, editable=False)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} ({self.signed_in_at:%Y-%m-%d %H:%M})"


class SignInLockout(AccessAttempt):
    """Failed sign-ins counted towards a lockout, as Administrators see and clear them."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")


class FailedSignIn(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
