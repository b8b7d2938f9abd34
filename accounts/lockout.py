"""What a locked-out person is told, and which address a sign-in comes from."""

import logging

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("accounts.signin")


def client_address(request):
    """The address a request came from. Behind a proxy the operator trusts
    (``TRUST_X_FORWARDED_FOR``), the last address in ``X-Forwarded-For``, the one the proxy
    itself saw and appended; anything before it was written by the client and may be forged."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


def account_is_locked(username, cool_off):
    """Whether the account ``username`` had too many failed sign-ins within ``cool_off``, rather
    than only the address it is being signed in from (which the same limit locks for every
    account), counted as django-axes counts them."""
    if not username:
        return False
    attempts = AccessAttempt.objects.filter(username=username)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return failures >= settings.AXES_FAILURE_LIMIT


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out person sees, in the sign-in page's language: whether their
    account or their network is locked, for how long, and who can unlock it sooner."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    username = get_client_username(request, credentials)
    logger.warning(
        "Sign-in locked out: account %r from %s",
        username,
        getattr(request, "axes_ip_address", None),
    )
    return TemplateResponse(
        request,
        "accounts/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Signing in is locked"),
            "account_locked": account_is_locked(username, cool_off),
            "minutes": minutes,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
