import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import passkeys, roles
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
        label=_("Time zone"),
        required=False,
        choices=time_zone_choices,
        # The model's help speaks of an empty field; here the site's zone is the first choice.
        help_text=_("Dates in the admin are shown and entered in this zone."),
    )

    class Meta:
        model = Profile
        fields = ["language", "time_zone", "email_notifications"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        help_text=_("The six digits the app shows for this site now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.help_text = _(
            "The six digits your authenticator app shows, or one of your recovery codes."
        )
        # Recovery codes have letters.
        del code.widget.attrs["inputmode"]


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=passkeys.NAME_MAX_LENGTH,
        help_text=_(
            "Where this passkey lives, so that you can tell your passkeys apart: for example "
            "“Work laptop” or “Phone”."
        ),
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


def role_choices():
    return [
        (role, format_html("<strong>{}</strong> — {}", name, description))
        for role, (name, description) in roles.ROLES.items()
    ]


class RoleField(forms.ChoiceField):
    """The role, as a choice of three, each with what it may do."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(choices=role_choices, label=_("Role"), **kwargs)


def unused_email(email, *, exclude=None):
    """``email`` normalised, if no other account has it as its email or username."""
    email = get_user_model().objects.normalize_email(email).lower()
    taken = get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise forms.ValidationError(
            _("Someone already has an account with this email: %(email)s."),
            code="email_taken",
            params={"email": email},
        )
    return email


class ColleagueForm(forms.ModelForm):
    """Add a colleague: their name, email, language and role. They set their own password,
    from the invitation this sends them."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("The invitation, the admin and their emails come in this language."),
    )
    role = RoleField()

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        help_texts = {
            "email": _("The invitation goes here; it is also what they sign in with."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["first_name", "last_name", "email"]:
            self.fields[name].required = True

    def clean_email(self):
        return unused_email(self.cleaned_data["email"])

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email
        user.is_staff = True
        user.set_unusable_password()
        if commit:
            user.save()
            self._save_m2m()
        return user

    def _save_m2m(self):
        # Run once the account is saved, by save() or by the admin's save_related().
        super()._save_m2m()
        roles.assign_role(self.instance, self.cleaned_data["role"])
        Profile.objects.update_or_create(
            user=self.instance, defaults={"language": self.cleaned_data["language"]}
        )


class ColleagueChangeForm(forms.ModelForm):
    """A colleague's name, email, role and whether they may sign in. Their username, password
    and raw permissions are in the Administrators' advanced view."""

    role = RoleField(required=False)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email", "is_active"]
        help_texts = {
            "is_active": _(
                "Untick to stop them signing in; every browser they are signed in on is signed "
                "out at once. Their stories and records stay."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = roles.role_of(self.instance)
        self.fields["email"].required = True

    def clean_email(self):
        return unused_email(self.cleaned_data["email"], exclude=self.instance)

    def save(self, commit=True):
        # A colleague signs in with their email address: a new one is their new username,
        # unless an Administrator gave them another username in the advanced view.
        if self.initial.get("email") == self.instance.username or not self.instance.username:
            self.instance.username = self.cleaned_data["email"]
        return super().save(commit)

    def _save_m2m(self):
        super()._save_m2m()
        role = self.cleaned_data.get("role")
        if role and role != roles.role_of(self.instance):
            roles.assign_role(self.instance, role)
