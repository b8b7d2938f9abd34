"""What a locked-out person is told, and which address a sign-in comes from."""

import logging

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse

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


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    logger.warning(
        "Sign-in locked out: account %r from %s",
        get_client_username(request, credentials),
        getattr(request, "axes_ip_address", None),
    )
    return TemplateResponse(
        request,
        "accounts/locked_out.html",
        {**admin.site.each_context(request), "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
