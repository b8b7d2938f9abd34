from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import invitations, passkeys, preferences, second_factor
from .forms import CodeForm, PasskeyNameForm, PreferencesForm, VerifyForm


def admin_page(request, template, title, **context):
    """A page of the admin: its header, user links and breadcrumbs, under ``title``."""
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


def next_url(request):
    """Where to go once this step is done: the page the person asked for, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@staff_member_required
def preferences_view(request):
    profile = preferences.profile_of(request.user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        preferences.remember_in_session(request.session, request.user)
        # The message is read on the next page, in the language just chosen.
        translation.activate(form.instance.language)
        timezone.activate(preferences.preferences_of(request.user).time_zone)
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")
    return admin_page(request, "accounts/preferences.html", _("Your preferences"), form=form)


def confirm_first(request, then):
    """Send someone who has not confirmed this sign-in to do so, then on to ``then``."""
    return redirect(f"{reverse('accounts:verify')}?next={then}")


@staff_member_required
def security_view(request):
    user = request.user
    return admin_page(
        request,
        "accounts/security.html",
        _("Two-step sign-in"),
        has_authenticator=second_factor.has_authenticator(user),
        passkeys=list(passkeys.passkeys_of(user)),
        passkeys_available=passkeys.available(),
        role_requires=second_factor.role_requires(user),
        recovery_codes_left=second_factor.recovery_codes_left(user),
    )


@staff_member_required
def enrol_view(request):
    """Set up an authenticator app: scan the code, type what the app shows."""
    user = request.user
    if second_factor.has_second_factor(user) and not request.user.is_verified():
        # Replacing an authenticator or adding one is for someone who has confirmed this sign-in.
        return confirm_first(request, request.path)
    device = second_factor.pending_enrolment(user)
    if device is None or request.method == "GET":
        device = second_factor.start_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.confirm_enrolment(device, form.cleaned_data["code"]):
            otp_login(request, device)
            codes = second_factor.new_recovery_codes(user)
            return admin_page(
                request,
                "accounts/recovery_codes.html",
                _("Your recovery codes"),
                codes=codes,
                next=next_url(request),
            )
        form.add_error(
            "code",
            _("That code is not the one the app shows now. Check the app and type the new code."),
        )
    return admin_page(
        request,
        "accounts/enrol.html",
        _("Set up your authenticator app"),
        form=form,
        qr_code=second_factor.qr_code_svg(device),
        secret=second_factor.secret_of(device),
        required=second_factor.role_requires(user),
        passkeys_available=passkeys.available(),
        next=next_url(request),
    )


def refusal(user, code):
    """Why a code typed to confirm a sign-in was refused, for the kind of code it is."""
    if second_factor.is_app_code(code) and second_factor.has_authenticator(user):
        return _(
            "That code is not the one your app shows now. Type the new code the app shows. "
            "After several wrong codes you must wait a little before trying again."
        )
    return _(
        "That recovery code does not work: it was already used, or it is mistyped. Each "
        "recovery code works only once; type one you have not used. After several wrong codes "
        "you must wait a little before trying again."
    )


@staff_member_required
def verify_view(request):
    """Confirm this sign-in with a code from the app or a recovery code."""
    if request.user.is_verified():
        return redirect(next_url(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if device.name == second_factor.RECOVERY_NAME:
                left = second_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)d are left. Make new ones "
                        "under Two-step sign-in if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(next_url(request))
        form.add_error("code", refusal(request.user, form.cleaned_data["code"]))
    return admin_page(
        request,
        "accounts/verify.html",
        _("Confirm it is you"),
        form=form,
        has_authenticator=second_factor.has_authenticator(request.user),
        has_passkey=passkeys.available() and passkeys.has_passkey(request.user),
        next=next_url(request),
    )


@staff_member_required
@require_POST
def recovery_codes_view(request):
    if not request.user.is_verified():
        return confirm_first(request, reverse("accounts:security"))
    codes = second_factor.new_recovery_codes(request.user)
    return admin_page(
        request,
        "accounts/recovery_codes.html",
        _("Your recovery codes"),
        codes=codes,
        next=reverse("accounts:security"),
    )


@staff_member_required
@require_POST
def remove_view(request):
    if second_factor.role_requires(request.user):
        messages.error(request, _("Your role requires two-step sign-in: it cannot be removed."))
    elif second_factor.has_second_factor(request.user) and not request.user.is_verified():
        return confirm_first(request, reverse("accounts:security"))
    else:
        second_factor.remove(request.user)
        messages.success(request, _("Two-step sign-in is off for your account."))
    return redirect("accounts:security")


def remove_one_factor(request, device, removed_message):
    """Remove one authenticator app or passkey of the signed-in person, unless it is the last
    factor and their role requires one."""
    try:
        second_factor.remove_factor(device)
    except second_factor.LastFactorRequired:
        messages.error(
            request,
            _(
                "Your role requires two-step sign-in, and this is your last way to confirm it. "
                "Add a passkey or an authenticator app first, then remove this one."
            ),
        )
    else:
        messages.success(request, removed_message)
    return redirect("accounts:security")


@staff_member_required
@require_POST
def remove_authenticator_view(request):
    if not request.user.is_verified():
        return confirm_first(request, reverse("accounts:security"))
    device = get_object_or_404(second_factor.TOTPDevice, user=request.user, confirmed=True)
    return remove_one_factor(request, device, _("Your authenticator app was removed."))


@staff_member_required
@require_POST
def remove_passkey_view(request, pk):
    if not request.user.is_verified():
        return confirm_first(request, reverse("accounts:security"))
    passkey = get_object_or_404(passkeys.passkeys_of(request.user), pk=pk)
    return remove_one_factor(
        request,
        passkey,
        _("The passkey “%(name)s” was removed.") % {"name": passkey.name},
    )


@staff_member_required
def passkey_name_view(request, pk):
    """Name a passkey: right after adding it, or later. Adding the first factor hands out
    recovery codes, as setting up an authenticator app does."""
    if not request.user.is_verified():
        return confirm_first(request, request.path)
    passkey = get_object_or_404(passkeys.passkeys_of(request.user), pk=pk)
    form = PasskeyNameForm(request.POST or None, initial={"name": passkey.name})
    if request.method == "POST" and form.is_valid():
        passkeys.rename(passkey, form.cleaned_data["name"])
        if not second_factor.has_recovery_codes(request.user):
            return admin_page(
                request,
                "accounts/recovery_codes.html",
                _("Your recovery codes"),
                codes=second_factor.new_recovery_codes(request.user),
                next=next_url(request),
            )
        messages.success(request, _("Your passkey is called “%(name)s”.") % {"name": passkey.name})
        return redirect(next_url(request))
    return admin_page(
        request,
        "accounts/passkey_name.html",
        _("Name your passkey"),
        form=form,
        passkey=passkey,
        next=next_url(request),
    )


class InvitationView(PasswordResetConfirmView):
    """Where an invited colleague sets their password, in their own language.

    Django's password-reset page, with the invitation's tokens: the token moves from the address
    into the session before the form is shown, so it never leaks in a ``Referer``. A link that
    no longer works says whether it was used (the person has a password: sign in) or expired.
    """

    token_generator = invitations.tokens
    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("admin:login")
    title = gettext_lazy("Choose your password")

    def dispatch(self, request, *args, **kwargs):
        invited = self.get_user(kwargs.get("uidb64", ""))
        language = preferences.preferences_of(invited).language if invited else None
        with translation.override(language or translation.get_language()):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A colleague deactivated since the invitation went out is not let in by it.
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        context = {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}
        if not self.validlink:
            used = self.user is not None and self.user.has_usable_password()
            context["title"] = (
                _("This invitation was already used") if used else _("This invitation has expired")
            )
            context["used"] = used
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password is set. Sign in with your email address, %(username)s.")
            % {"username": form.user.get_username()},
        )
        return response
