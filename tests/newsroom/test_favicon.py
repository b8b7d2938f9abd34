"""The site's icon: linked from the public pages and the admin, and at /favicon.ico, where
browsers look for it whatever a page links."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests.factories import EditorFactory
from tests.pages import page

ICON = static("img/favicon.svg")


def icons(response):
    return {link.attrs.get("href") for link in page(response).find_all("link", rel="icon")}


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == ICON
    assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_icon_it_leads_to_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_public_pages_link_the_icon(client):
    assert icons(client.get(reverse("home"))) == {ICON}


@pytest.mark.django_db
def test_admin_pages_link_the_icon(client):
    client.force_login(EditorFactory())
    assert icons(client.get(reverse("admin:index"))) == {ICON}
    assert icons(client.get(reverse("admin:articles_story_add"))) == {ICON}


@pytest.mark.django_db
def test_the_sign_in_page_links_the_icon(client):
    assert icons(client.get(reverse("admin:login"))) == {ICON}
