import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Profile


def time_zone_choices():
    # Canonical "Area/City" zones only: the list people expect, without legacy aliases.
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("", _("The site's time zone")), *((zone, zone.replace("_", " ")) for zone in zones)]


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        required=False,
        choices=time_zone_choices,
        help_text=Profile._meta.get_field("time_zone").help_text,
    )

    class Meta:
        model = Profile
        fields = ["language", "time_zone", "email_notifications"]
