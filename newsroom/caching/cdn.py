"""Purging a CDN by the same dependency keys the page cache uses, and by address.

Every public page carries its keys in ``Surrogate-Key``; when a change moves keys, the CDN is
told to drop every page that carries one of them. Media files carry no keys: when a photo's
files leave their published addresses (``photos/takedown.py``), the CDN is told to drop each
address. A provider implements two methods, ``purge(keys, soft)`` and ``purge_url(url, soft)``;
``NEWSROOM_CDN`` picks the provider:

- ``""`` (the default): no CDN to tell; pages in a CDN expire by their ``max-age``.
- ``"fastly"``: Fastly's purge by surrogate key (``POST /service/{id}/purge`` with the keys in
  a ``Surrogate-Key`` header, at most 256 per call), with ``FASTLY_API_TOKEN`` and
  ``FASTLY_SERVICE_ID``. A soft change is a soft purge (``Fastly-Soft-Purge: 1``): Fastly marks
  the pages stale and may serve them while it fetches new ones, within the page's
  ``stale-while-revalidate``; a withdrawal is a hard purge, and nothing old is served. One
  address is purged with ``POST /purge/{host and path}``, which Fastly answers with
  ``{"status": "ok"}``.

Another provider (Cloudflare's purge by tag, Varnish ``xkey``) is a class with the same
``purge()`` and ``purge_url()`` and an entry in ``PROVIDERS``.
"""

import json
import logging
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# Seconds a purge may take before it counts as failed (and is tried again).
TIMEOUT_SECONDS = 3


class PurgeFailed(OSError):
    """The CDN did not confirm the purge."""


class Fastly:
    """Fastly's API: https://www.fastly.com/documentation/reference/api/purging/"""

    # Fastly takes at most this many keys in one call.
    KEYS_PER_CALL = 256

    def __init__(self, token, service_id, api_url="https://api.fastly.com"):
        if not token or not service_id:
            raise ImproperlyConfigured(
                "NEWSROOM_CDN=fastly needs FASTLY_API_TOKEN and FASTLY_SERVICE_ID."
            )
        if not api_url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("FASTLY_API_URL must start with https:// or http://.")
        self.token, self.service_id, self.api_url = token, service_id, api_url.rstrip("/")

    def purge(self, keys, *, soft):
        keys = sorted(keys)
        for start in range(0, len(keys), self.KEYS_PER_CALL):
            self.purge_call(keys[start : start + self.KEYS_PER_CALL], soft=soft)

    def purge_call(self, keys, *, soft):
        headers = {
            "Fastly-Key": self.token,
            "Surrogate-Key": " ".join(keys),
            "Accept": "application/json",
        }
        if soft:
            headers["Fastly-Soft-Purge"] = "1"
        request = urllib.request.Request(  # noqa: S310 -- http(s) only, checked in __init__
            f"{self.api_url}/service/{self.service_id}/purge",
            data=b"",
            headers=headers,
            method="POST",
        )
        answer = self.call(request, f"{len(keys)} keys")
        missing = [key for key in keys if key not in answer]
        if missing:
            raise PurgeFailed(f"Fastly did not confirm the purge of {missing}")

    def purge_url(self, url, *, soft):
        # Fastly names a cached object by its host and path, without the scheme; the purge is
        # not scoped to a service, so it also reaches a separate service for the media domain.
        parts = urlsplit(url)
        cached = parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Fastly-Key": self.token, "Accept": "application/json"}
        if soft:
            headers["Fastly-Soft-Purge"] = "1"
        request = urllib.request.Request(  # noqa: S310 -- http(s) only, checked in __init__
            f"{self.api_url}/purge/{cached}", data=b"", headers=headers, method="POST"
        )
        answer = self.call(request, url)
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            raise PurgeFailed(f"Fastly did not confirm the purge of {url}: {answer!r}")

    def call(self, request, what):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return json.loads(response.read() or b"{}")
        except (OSError, ValueError) as error:
            raise PurgeFailed(f"Fastly did not purge {what}: {error}") from error


PROVIDERS = {
    "fastly": lambda: Fastly(
        settings.FASTLY_API_TOKEN, settings.FASTLY_SERVICE_ID, settings.FASTLY_API_URL
    )
}


def provider():
    """The configured CDN, or None."""
    name = settings.NEWSROOM_CDN
    if not name:
        return None
    if name not in PROVIDERS:
        raise ImproperlyConfigured(
            f"NEWSROOM_CDN={name!r} is not one of: {', '.join(sorted(PROVIDERS))}."
        )
    return PROVIDERS[name]()


def purge(keys, *, hard):
    """Tell the CDN, if there is one, to drop the pages carrying any of ``keys``; raises
    PurgeFailed when it did not confirm."""
    cdn = provider()
    if cdn is not None and keys:
        cdn.purge(keys, soft=not hard)


def purge_urls(urls, *, hard):
    """Tell the CDN, if there is one, to drop what it keeps at each of ``urls`` (absolute
    addresses); raises PurgeFailed at the first it did not confirm. Stopping there keeps a CDN
    that does not answer to one timeout; the caller tries them all again later."""
    cdn = provider()
    if cdn is not None:
        for url in sorted(set(urls)):
            cdn.purge_url(url, soft=not hard)
