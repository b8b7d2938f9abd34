from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.choices import Language

from .models import PressList


class JoinForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    outlet = forms.CharField(
        label=_("Outlet"),
        max_length=200,
        help_text=_("The newspaper, agency or programme you work for."),
    )
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(label=_("Language of the emails"), choices=Language.choices)


class ReleaseForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Press lists"),
        queryset=PressList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one press list.")},
    )
    embargo = forms.BooleanField(
        label=_("Under embargo"),
        required=False,
        help_text=_(
            "Send now, before the story is public; it is published when the embargo lifts. "
            "Without an embargo it is sent when the story is published."
        ),
    )
    embargo_until = forms.SplitDateTimeField(
        label=_("Embargo until (publication time)"),
        required=False,
        widget=forms.SplitDateTimeWidget(date_attrs={"type": "date"}, time_attrs={"type": "time"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("embargo"):
            until = cleaned.get("embargo_until")
            if until is None:
                self.add_error("embargo_until", _("Give the time the embargo lifts."))
            elif until <= timezone.now():
                self.add_error("embargo_until", _("An embargo must end in the future."))
        return cleaned
