import json

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    OfficerFactory,
    PhotoFactory,
    StoryFactory,
    TrainingProgrammeFactory,
    image_upload,
)
from tests.pages import Page

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"


def meta(page, key):
    """The content of the one <meta property|name=key>."""
    found = [
        element.attrs["content"]
        for element in page.find_all("meta")
        if key in (element.attrs.get("property"), element.attrs.get("name"))
    ]
    assert len(found) == 1, f"{key}: {found}"
    return found[0]


def metas(page, key):
    return [
        element.attrs["content"]
        for element in page.find_all("meta")
        if element.attrs.get("property") == key
    ]


def json_ld(page):
    return [
        json.loads(script.text) for script in page.find_all("script", type="application/ld+json")
    ]


@pytest.fixture
def story():
    return StoryFactory(
        headline="Officers recognised",
        standfirst="Two officers receive an award.",
        lead_photo=PhotoFactory(alt_text="Two officers holding certificates"),
        tags=["awards", "police training"],
    )


def test_story_page_has_an_article_card(client, story):
    page = Page(client.get(story.get_absolute_url()))
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == "Officers recognised"
    assert meta(page, "og:description") == "Two officers receive an award."
    assert meta(page, "og:url") == BASE + story.get_absolute_url()
    assert meta(page, "article:published_time") == story.published_at.isoformat()
    assert meta(page, "article:modified_time") == story.updated_at.isoformat()
    assert sorted(metas(page, "article:tag")) == ["awards", "police training"]
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:title") == "Officers recognised"


def test_story_card_image_has_size_and_alt_text(client, story):
    page = Page(client.get(story.get_absolute_url()))
    assert meta(page, "og:image").startswith(BASE + "/")
    assert int(meta(page, "og:image:width")) > 0
    assert int(meta(page, "og:image:height")) > 0
    assert meta(page, "og:image:alt") == "Two officers holding certificates"
    assert meta(page, "twitter:image:alt") == "Two officers holding certificates"


def test_every_page_has_one_canonical_link_at_the_base_url(client, story):
    officer = OfficerFactory()
    for url in [
        reverse("home"),
        reverse("articles:story-list"),
        story.get_absolute_url(),
        officer.get_absolute_url(),
        reverse("people:programme-list"),
    ]:
        page = Page(client.get(url, HTTP_HOST="testserver"))
        canonical = page.find("link", rel="canonical")
        assert canonical.attrs["href"].startswith(BASE + "/"), url


def test_card_urls_ignore_the_host_header(client, story, settings):
    settings.ALLOWED_HOSTS = ["evil.example.com"]
    page = Page(client.get(story.get_absolute_url(), HTTP_HOST="evil.example.com"))
    assert "evil" not in meta(page, "og:url")
    assert "evil" not in meta(page, "og:image")
    assert "evil" not in page.find("link", rel="canonical").attrs["href"]


def test_story_page_carries_news_article_json_ld(client, story):
    page = Page(client.get(story.get_absolute_url()))
    (data,) = json_ld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Officers recognised"


def test_officer_without_consent_is_not_in_the_story_json_ld_or_card(client):
    private = OfficerFactory(full_name="Private Person", without_consent=True)
    story = StoryFactory(officers=[private])
    page = Page(client.get(story.get_absolute_url()))
    (data,) = json_ld(page)
    assert "mentions" not in data
    head = page.html.split("</head>")[0]
    assert "Private Person" not in head


def test_officer_profile_has_a_profile_card_and_person_json_ld(client):
    officer = OfficerFactory(full_name="Alejandra Ruíz Ortiz", photo=PhotoFactory())
    page = Page(client.get(officer.get_absolute_url()))
    assert meta(page, "og:type") == "profile"
    assert meta(page, "og:title") == "Officer Alejandra Ruíz Ortiz"
    (data,) = json_ld(page)
    assert data["@type"] == "Person"


def test_programme_page_carries_its_json_ld(client):
    programme = TrainingProgrammeFactory()
    page = Page(client.get(programme.get_absolute_url()))
    (data,) = json_ld(page)
    assert data["@type"] == "EducationalOccupationalProgram"


def test_home_page_card_names_no_unpublished_story(client, story):
    StoryFactory(headline="Embargoed announcement", scheduled=True)
    StoryFactory(headline="Draft announcement", draft=True)
    page = Page(client.get(reverse("home")))
    assert meta(page, "og:type") == "website"
    assert "Embargoed" not in page.html
    assert "Draft announcement" not in page.html


@pytest.mark.parametrize(
    "name, kwargs_of",
    [
        ("articles:tag-detail", lambda story, officer, programme: {"slug": "awards"}),
        ("articles:section-detail", lambda story, officer, programme: {"slug": story.section.slug}),
        ("people:officer-detail", lambda story, officer, programme: {"slug": officer.slug}),
        ("people:programme-detail", lambda story, officer, programme: {"slug": programme.slug}),
    ],
)
def test_pages_with_their_own_feed_announce_it_and_link_it_visibly(client, name, kwargs_of):
    officer = OfficerFactory()
    programme = TrainingProgrammeFactory()
    story = StoryFactory(tags=["awards"], officers=[officer], programmes=[programme])
    page = Page(client.get(reverse(name, kwargs=kwargs_of(story, officer, programme))))
    alternates = [
        link.attrs["href"]
        for link in page.find_all("link", rel="alternate")
        if link.attrs.get("type") == "application/rss+xml"
    ]
    with translation.override("es"):
        spanish_feed = reverse("articles:feed-rss")
    site_feeds = {reverse("articles:feed-rss"), spanish_feed}
    own_feeds = [href for href in alternates if href not in site_feeds]
    assert len(own_feeds) == 1, alternates
    assert any(a.attrs.get("href") == own_feeds[0] for a in page.find_all("a")), own_feeds


def test_every_page_announces_the_site_feeds(client):
    page = Page(client.get(reverse("people:award-list")))
    types = {link.attrs.get("type") for link in page.find_all("link", rel="alternate")}
    assert {"application/rss+xml", "application/atom+xml"} <= types


def test_card_image_is_the_social_crop_with_its_type(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = StoryFactory(lead_photo=PhotoFactory(image=image_upload(size=(1600, 900))))
    story.lead_photo.refresh_from_db()
    page = Page(client.get(story.get_absolute_url()))
    social = story.lead_photo.social_image
    assert social is not None
    assert meta(page, "og:image") == BASE + social.url
    assert meta(page, "og:image:type") == "image/jpeg"
    assert meta(page, "og:image:width") == str(social.width)


def test_absolute_filter_keeps_urls_that_are_already_absolute():
    from newsroom.templatetags.structured_data import absolute

    assert (
        absolute("https://bucket.example.com/photos/a.jpg")
        == "https://bucket.example.com/photos/a.jpg"
    )
    assert absolute("/media/a.jpg") == BASE + "/media/a.jpg"
