from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import invitations, preferences, second_factor
from .forms import CodeForm, PreferencesForm, VerifyForm


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


@staff_member_required
def security_view(request):
    user = request.user
    return admin_page(
        request,
        "accounts/security.html",
        _("Two-step sign-in"),
        has_authenticator=second_factor.has_authenticator(user),
        role_requires=second_factor.role_requires(user),
        recovery_codes_left=second_factor.recovery_codes_left(user),
    )


@staff_member_required
def enrol_view(request):
    """Set up an authenticator app: scan the code, type what the app shows."""
    user = request.user
    if second_factor.has_authenticator(user) and not request.user.is_verified():
        # Replacing an authenticator is for someone who has confirmed this sign-in.
        return redirect(f"{reverse('accounts:verify')}?next={request.path}")
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
        next=next_url(request),
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
        form.add_error(
            "code",
            _(
                "That code was not accepted. Type the code the app shows now, or an unused "
                "recovery code. After several wrong codes you must wait a little before trying "
                "again."
            ),
        )
    return admin_page(
        request,
        "accounts/verify.html",
        _("Confirm it is you"),
        form=form,
        next=next_url(request),
    )


@staff_member_required
@require_POST
def recovery_codes_view(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?next={reverse('accounts:security')}")
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
    elif second_factor.has_authenticator(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?next={reverse('accounts:security')}")
    else:
        second_factor.remove(request.user)
        messages.success(request, _("Two-step sign-in is off for your account."))
    return redirect("accounts:security")


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
