import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import preferences, second_factor, sessions


def is_admin_path(request):
    return request.path_info.startswith(reverse("admin:index"))


def signed_in_on_admin(request):
    # Public pages are never touched: they keep their language from their address and cost
    # nothing more.
    return is_admin_path(request) and request.user.is_authenticated


class StaffSessionMiddleware:
    """Ends an admin session left idle too long or signed in too long ago.

    After the authentication middleware. The last-seen time is rewritten at most once a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if signed_in_on_admin(request):
            now = int(time.time())
            reason = sessions.expiry_reason(request.session, now)
            if reason is not None:
                logout(request)
                if reason == "idle":
                    messages.info(request, _("You were signed out after a while without activity."))
                else:
                    messages.info(request, _("Your session ended. Please sign in again."))
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            sessions.touch(request.session, now)
            sessions.register(request, request.user)
        return self.get_response(request)


class StaffPreferencesMiddleware:
    """Admin pages in the signed-in person's language and time zone.

    The language is also kept in Django's language cookie, for the pages that cannot read it from
    the session: "Your changes were NOT saved" while the database does not answer
    (``newsroom.unavailable.page_language``), and the admin's pages for someone not signed in
    (signing in, "signing in is locked", signed out), which follow the cookie, else the language
    the browser asks for. Public pages ignore the cookie: their language comes from their address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None
        if signed_in_on_admin(request):
            language, zone = preferences.from_session(request.session)
            if language is None or zone is None:
                # A session from before preferences existed: remember them now, once.
                preferences.remember_in_session(request.session, request.user)
                language, zone = preferences.from_session(request.session)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            timezone.activate(zone)
        elif is_admin_path(request):
            # LocaleMiddleware gives every address outside the /es/ patterns English.
            request.LANGUAGE_CODE = translation.get_language_from_request(request)
            translation.activate(request.LANGUAGE_CODE)
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        if language is not None and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class SecondFactorMiddleware:
    """Sends a signed-in staff member who must confirm their sign-in to do so (or to set up an
    authenticator app or a passkey first) before any other admin page. After django-otp's
    ``OTPMiddleware``."""

    # The pages someone who has not confirmed yet may open, with the endpoints of passkeys: the
    # library refuses to add one for someone who has a factor and has not confirmed.
    OPEN = [
        "accounts:enrol",
        "accounts:verify",
        "admin:logout",
        "admin:jsi18n",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    ]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            second_factor.enforced()
            and signed_in_on_admin(request)
            and request.user.is_staff
            and not request.user.is_verified()
            and request.path_info not in {reverse(name) for name in self.OPEN}
            and second_factor.needs_verification(request.user)
        ):
            step = (
                "accounts:verify"
                if second_factor.has_second_factor(request.user)
                else "accounts:enrol"
            )
            return redirect_to_login(request.get_full_path(), reverse(step))
        return self.get_response(request)
