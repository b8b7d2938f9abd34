from django.urls import reverse
from django.utils import timezone, translation

from . import preferences


def is_admin_path(request):
    return request.path_info.startswith(reverse("admin:index"))


class StaffPreferencesMiddleware:
    """Admin pages in the signed-in person's language and time zone.

    After the authentication middleware. Public pages keep their language from their address
    and are never touched here, so they cost nothing more.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_path(request) and request.user.is_authenticated:
            language, zone = preferences.from_session(request.session)
            if language is None or zone is None:
                # A session from before preferences existed: remember them now, once.
                preferences.remember_in_session(request.session, request.user)
                language, zone = preferences.from_session(request.session)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
