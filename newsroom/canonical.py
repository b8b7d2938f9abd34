"""Absolute URLs from the configured base URL, never from the request's Host header.

Django's syndication and sitemap views build absolute URLs from ``get_current_site(request)``,
which without the sites framework is the Host header a client sent. ``canonical_request()`` hands
those views a request whose host and scheme are the configured ``NEWSROOM_BASE_URL``.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """``path`` made absolute against ``NEWSROOM_BASE_URL``."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.NEWSROOM_BASE_URL}{path}"


def base_url_parts():
    parts = urlsplit(settings.NEWSROOM_BASE_URL)
    return parts.scheme, parts.netloc


class CanonicalRequest:
    """A read-only view of a request that reports the configured host and scheme."""

    def __init__(self, request):
        self._request = request
        self.scheme, self._host = base_url_parts()

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self):
        return self._host

    def is_secure(self):
        return self.scheme == "https"

    def build_absolute_uri(self, location=None):
        return absolute_url(location if location is not None else self._request.get_full_path())


def canonical_request(request):
    return CanonicalRequest(request)
