from django import forms
from django.utils.translation import gettext_lazy as _

from articles.choices import Language

from .models import Reader


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        help_text=_("The edition you read: stories in this language, and the emails too."),
    )
    delivery = forms.ChoiceField(
        label=_("How often"),
        choices=Reader.Delivery.choices,
        initial=Reader.Delivery.IMMEDIATE,
        widget=forms.RadioSelect,
    )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Reader
        fields = ["language", "delivery"]
        widgets = {"delivery": forms.RadioSelect}
