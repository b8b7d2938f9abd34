import zoneinfo

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
