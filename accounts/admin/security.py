from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp_webauthn.admin import WebAuthnCredentialAdmin

from ..models import FailedSignIn, RoleSecurity, SignInLockout
from ..passkeys import Passkey

# Passkeys, so that an Administrator can delete a colleague's lost one (as the TOTP devices that
# django-otp registers); django-otp-webauthn gives the admin class and leaves registering it to us.
admin.site.register(Passkey, WebAuthnCredentialAdmin)


@admin.register(RoleSecurity)
class RoleSecurityAdmin(admin.ModelAdmin):
    list_display = ["group", "second_factor_required"]
    list_editable = ["second_factor_required"]
    list_select_related = ["group"]
    fields = ["group", "second_factor_required"]
    readonly_fields = ["group"]

    def has_add_permission(self, request):
        # One rule per role, made with the roles.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SignInLockout)
class SignInLockoutAdmin(ReadOnlyAdmin):
    list_display = ["account", "address", "failures", "lock_state", "last_attempt"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock"]

    @admin.display(description=_("account"), ordering="username")
    def account(self, attempt):
        return attempt.username

    @admin.display(description=_("address"), ordering="ip_address")
    def address(self, attempt):
        return attempt.ip_address

    @admin.display(description=_("failed sign-ins"), ordering="failures_since_start")
    def failures(self, attempt):
        return attempt.failures_since_start

    @admin.display(description=_("state"))
    def lock_state(self, attempt):
        # A tick would read as "all is well"; say what the lock means for the person.
        if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
            return _("Not locked")
        until = timezone.localtime(attempt.attempt_time + settings.AXES_COOLOFF_TIME)
        if until <= timezone.localtime():
            return _("Lock over")
        return _("Locked until %(time)s") % {"time": date_format(until, "TIME_FORMAT")}

    @admin.display(description=_("last attempt"), ordering="attempt_time")
    def last_attempt(self, attempt):
        return attempt.attempt_time

    @admin.action(
        description=_("Unlock the selected accounts and addresses"), permissions=["delete"]
    )
    def unlock(self, request, queryset):
        pairs = list(queryset.values_list("username", "ip_address"))
        accounts = {username for username, _ in pairs if username}
        for username, address in pairs:
            AxesProxyHandler.reset_attempts(
                username=username, ip_address=address, ip_or_username=True
            )
        # The unlock is recorded in each account's history, with who did it.
        for user in get_user_model().objects.filter(username__in=accounts):
            self.log_change(request, user, str(_("Sign-in unlocked.")))
        messages.success(
            request,
            ngettext(
                "Unlocked %(count)d sign-in: the person can sign in again now.",
                "Unlocked %(count)d sign-ins: those people can sign in again now.",
                len(pairs),
            )
            % {"count": len(pairs)},
        )


@admin.register(FailedSignIn)
class FailedSignInAdmin(ReadOnlyAdmin):
    """The audit of failed sign-ins: who was tried, from where, and whether it was locked out."""

    list_display = ["attempt_time", "username", "ip_address", "locked_out"]
    list_filter = ["locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    ordering = ["-attempt_time"]

    def has_delete_permission(self, request, obj=None):
        return False
