"""HTTP on every public address: 405 with Allow for a method the address does not answer, as a
real client sees it (CSRF checks on), OPTIONS answered with Allow, and a Permissions-Policy
header on every response, whatever answered it."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from newsroom.headers import HEADER, policy_header
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

REFUSED_METHODS = ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"]
# A value for each kind of path converter; the methods are refused before anything is looked up.
CONVERTER_VALUES = {"IntConverter": 1}


def public_addresses(patterns=None, namespace=""):
    """The name and an address of every URL pattern of the public site (the admin is the
    staff's, with its own rules), each filled with placeholder values."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_addresses(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if str(pattern.pattern).startswith("admin/"):
                continue
            kwargs = {
                name: CONVERTER_VALUES.get(type(converter).__name__, "x")
                for name, converter in pattern.pattern.converters.items()
            }
            address = reverse(f"{namespace}{pattern.name}", kwargs=kwargs)
            yield pytest.param(address, id=pattern.name)


ADDRESSES = list(public_addresses())


def test_the_walk_finds_the_pages_and_feeds():
    ids = {address.id for address in ADDRESSES}
    assert {"home", "story-detail", "feed-rss", "feed-atom", "feed-json", "officer-feed-rss"} <= ids


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


def browser():
    """A client that sends no CSRF token and is checked for one, as a real one is."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("method", REFUSED_METHODS)
@pytest.mark.parametrize("address", ADDRESSES)
def test_a_method_no_public_address_answers_is_405_with_allow(address, method):
    response = browser().generic(method, address)
    assert response.status_code == 405
    assert "GET" in allowed(response)
    assert method not in allowed(response)


@pytest.mark.parametrize("address", ADDRESSES)
def test_post_is_405_where_the_address_does_not_take_a_form(address):
    allows = allowed(browser().options(address))
    if "POST" in allows:
        pytest.skip("takes a form")
    response = browser().post(address)
    assert response.status_code == 405
    assert allowed(response) == allows


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_public_address_answers_options_with_what_it_allows(address):
    response = browser().options(address)
    assert response.status_code == 200
    assert {"GET", "OPTIONS"} <= allowed(response)
    assert not {"PUT", "PATCH", "DELETE", "TRACE"} & allowed(response)


@pytest.mark.parametrize("name", ["articles:feed-rss", "articles:feed-atom", "articles:feed-json"])
def test_a_feed_answers_trace_and_post_with_405(name):
    StoryFactory()
    for method in ("TRACE", "POST"):
        response = browser().generic(method, reverse(name))
        assert response.status_code == 405
        assert allowed(response) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("name", ["readers:subscribe", "outreach:join"])
def test_a_form_posted_without_its_token_is_still_refused(name):
    assert browser().post(reverse(name), {"email": "reader@example.org"}).status_code == 403


@pytest.mark.parametrize("name", ["readers:subscribe", "outreach:join"])
def test_an_address_with_a_form_refuses_other_unsafe_methods_with_405(name):
    response = browser().generic("DELETE", reverse(name))
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "POST", "OPTIONS"}


@pytest.mark.parametrize("name", ["readers:subscribe", "outreach:join"])
def test_an_address_with_a_form_answers_head_as_it_answers_get(name):
    response = browser().head(reverse(name))
    assert response.status_code == 200
    assert response.content == b""


def test_the_admin_keeps_its_csrf_check():
    assert browser().post(reverse("admin:login"), {"username": "x"}).status_code == 403


# Permissions-Policy


def test_the_policy_turns_off_devices_payment_and_tracking(settings):
    header = policy_header(settings.PERMISSIONS_POLICY)
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in header


def test_the_header_is_written_as_browsers_read_it():
    assert (
        policy_header({"camera": [], "fullscreen": ["self", "https://player.example"]})
        == 'camera=(), fullscreen=(self "https://player.example")'
    )


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(lambda client: client.get(reverse("home")), id="page"),
        pytest.param(lambda client: client.get(reverse("articles:feed-rss")), id="feed"),
        pytest.param(lambda client: client.get("/no-such-page/"), id="404"),
        pytest.param(lambda client: client.generic("TRACE", reverse("home")), id="405"),
        pytest.param(
            lambda client: client.get(reverse("home"), HTTP_HOST="evil.example"), id="400"
        ),
        pytest.param(lambda client: client.get(reverse("admin:login")), id="admin"),
    ],
)
def test_every_response_carries_the_permissions_policy(settings, request_):
    response = request_(Client())
    assert response[HEADER] == policy_header(settings.PERMISSIONS_POLICY)


def test_a_page_served_from_the_cache_carries_it_too(settings):
    StoryFactory()
    Client().get(reverse("home"))
    response = Client().get(reverse("home"))
    assert response[HEADER] == policy_header(settings.PERMISSIONS_POLICY)
