import datetime
import math
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AwardFactory,
    OfficerFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import story_sitemap_urls

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SITEMAP_NS, "news": NEWS_NS}


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_index_lists_every_section_at_the_configured_base_url(client):
    StoryFactory()
    root = fetch_xml(client, reverse("sitemap-index"))
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    listed = {loc.text for loc in root.findall("s:sitemap/s:loc", NS)}
    for section in ["pages", "stories", "sections", "tags", "officers", "programmes", "awards"]:
        url = BASE + reverse("sitemap-section", kwargs={"section": section})
        assert url in listed


def test_story_sitemap_lists_public_stories_with_their_update_time(client):
    story = StoryFactory()
    (url,) = story_sitemap_urls(story)
    root = fetch_xml(client, url)
    (url,) = root.findall("s:url", NS)
    assert url.find("s:loc", NS).text == BASE + story.get_absolute_url()
    assert url.find("s:lastmod", NS).text == f"{story.updated_at:%Y-%m-%d}"


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"withdrawn": True}])
def test_unpublished_story_is_in_no_sitemap(client, traits):
    hidden = StoryFactory(tags=["hidden-tag"], **traits)
    (stories_page,) = story_sitemap_urls(hidden)
    for url in [stories_page, reverse("sitemap-section", kwargs={"section": "tags"})]:
        root = fetch_xml(client, url)
        assert BASE + hidden.get_absolute_url() not in locations(root)
        assert not any("hidden-tag" in loc for loc in locations(root))
    news = fetch_xml(client, reverse("sitemap-news"))
    assert locations(news) == []


def test_officer_sitemap_lists_only_officers_with_consent(client):
    public = OfficerFactory()
    private = OfficerFactory(without_consent=True)
    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": "officers"}))
    assert locations(root) == [BASE + public.get_absolute_url()]
    assert BASE + private.get_absolute_url() not in locations(root)


def test_programme_and_award_sitemaps_carry_lastmod(client):
    programme = TrainingProgrammeFactory()
    award = AwardFactory()
    for section, item in [("programmes", programme), ("awards", award)]:
        root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": section}))
        (url,) = root.findall("s:url", NS)
        assert url.find("s:loc", NS).text == BASE + item.get_absolute_url()
        assert url.find("s:lastmod", NS).text == f"{item.updated_at:%Y-%m-%d}"


def test_tag_sitemap_lists_tags_of_public_stories(client):
    StoryFactory(tags=["awards"])
    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": "tags"}))
    assert locations(root) == [BASE + reverse("articles:tag-detail", kwargs={"slug": "awards"})]


def test_static_pages_are_listed(client):
    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": "pages"}))
    assert BASE + reverse("home") in locations(root)
    assert BASE + reverse("people:officer-list") in locations(root)


def test_news_sitemap_lists_stories_of_the_last_48_hours_with_news_elements(client):
    recent = StoryFactory(headline="Officers <recognised>", language="en")
    StoryFactory(published_at=timezone.now() - datetime.timedelta(hours=49))
    root = fetch_xml(client, reverse("sitemap-news"))
    (url,) = root.findall("s:url", NS)
    assert url.find("s:loc", NS).text == BASE + recent.get_absolute_url()
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Officers <recognised>"
    published = datetime.datetime.fromisoformat(news.find("news:publication_date", NS).text)
    assert published == recent.published_at


def test_scheduled_story_enters_the_news_sitemap_when_its_time_comes(client):
    scheduled = StoryFactory(scheduled=True)
    with time_machine.travel(scheduled.published_at + datetime.timedelta(minutes=1), tick=False):
        root = fetch_xml(client, reverse("sitemap-news"))
    assert locations(root) == [BASE + scheduled.get_absolute_url()]


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get(reverse("robots-txt"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text
    assert f"Sitemap: {BASE}/sitemap-news.xml" in text


def test_unknown_sitemap_section_is_404(client):
    response = client.get(reverse("sitemap-section", kwargs={"section": "nothing"}))
    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_story_sitemap_query_count_is_flat(client, size, django_assert_num_queries):
    stories = StoryFactory.create_batch(size)
    (url,) = story_sitemap_urls(stories[-1])
    # The highest number, the page of stories, and their editions in other languages.
    with django_assert_num_queries(3):
        assert locations(fetch_xml(client, url))


def test_story_sitemap_pages_hold_a_bounded_range_of_stories(client, monkeypatch):
    from articles.sitemaps import StorySitemap

    monkeypatch.setattr(StorySitemap, "limit", 2)
    stories = sorted(StoryFactory.create_batch(3), key=lambda story: story.pk)
    index = fetch_xml(client, reverse("sitemap-index"))
    story_pages = [
        loc.text for loc in index.findall("s:sitemap/s:loc", NS) if "sitemap-stories" in loc.text
    ]
    # Pages by ranges of story numbers, two numbers to a page.
    assert len(story_pages) == math.ceil(stories[-1].pk / 2)
    url = reverse("sitemap-section", kwargs={"section": "stories"})
    listed = set(locations(fetch_xml(client, url))) | set(
        locations(fetch_xml(client, f"{url}?p={len(story_pages)}"))
    )
    assert BASE + stories[-1].get_absolute_url() in listed
