"""Nothing of a story under embargo reaches a public surface before its time: pages, lists,
feeds, sitemaps, search, structured data, related stories and the page cache. Each surface is
asked, with a public story beside it that shares its section and tag, and the embargoed story's
one unusual word must be absent; once the embargo lifts it appears."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom.caching import middleware
from outreach import services
from tests.factories import EditorFactory, JournalistFactory, PressListFactory, StoryFactory
from tests.pages import story_sitemap_urls
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

# Its headline and its address: a search page repeats the word searched for, so the marks are
# what only the story itself would bring.
MARKS = ("squad honoured", "quetzalcoatl-squad-honoured")


def shows(response):
    content = response.content.decode().lower()
    return any(mark in content for mark in MARKS)


@pytest.fixture
def stories():
    public = StoryFactory(
        headline="Officers recognised", slug="officers-recognised", tags=["michoacan"]
    )
    embargoed = StoryFactory(
        draft=True,
        headline="Quetzalcoatl squad honoured",
        slug="quetzalcoatl-squad-honoured",
        body="<p>The Quetzalcoatl squad is honoured.</p>",
        tags=["michoacan"],
    )
    services.release_story(
        story=embargoed,
        user=EditorFactory(),
        lists=[PressListFactory(members=[JournalistFactory()])],
        embargo_until=timezone.now() + datetime.timedelta(hours=2),
    )
    run_queued_tasks()
    embargoed.refresh_from_db()
    return public, embargoed


def surfaces(public, embargoed):
    return [
        reverse("home"),
        "/es/",
        reverse("articles:story-list"),
        public.get_absolute_url(),  # related stories and its JSON-LD
        public.section.get_absolute_url(),
        reverse("articles:tag-detail", kwargs={"slug": "michoacan"}),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:feed-json"),
        reverse("articles:tag-feed-rss", kwargs={"slug": "michoacan"}),
        reverse("articles:section-feed-atom", kwargs={"slug": public.section.slug}),
        reverse("sitemap-index"),
        reverse("sitemap-news"),
        reverse("sitemap-section", kwargs={"section": "tags"}),
        *story_sitemap_urls(public, embargoed),
        reverse("search:results") + "?q=Quetzalcoatl",
    ]


def test_no_public_surface_shows_an_embargoed_story(client, stories):
    public, embargoed = stories
    for url in surfaces(public, embargoed):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not shows(response), url


def test_the_embargoed_storys_own_address_is_not_found(client, stories):
    _public, embargoed = stories

    assert client.get(embargoed.get_absolute_url()).status_code == 404


def test_the_story_appears_everywhere_once_the_embargo_lifts(client, stories, time_machine):
    public, embargoed = stories
    time_machine.move_to(embargoed.published_at + datetime.timedelta(seconds=1), tick=False)

    for url in [
        reverse("home"),
        reverse("articles:feed-rss"),
        embargoed.get_absolute_url(),
        reverse("search:results") + "?q=Quetzalcoatl",
    ]:
        assert shows(client.get(url)), url


def test_the_page_cache_holds_nothing_of_it_and_lets_it_in_at_its_time(
    settings, stories, time_machine
):
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    cache.clear()
    middleware.near_cache.clear()
    reader = Client()
    _public, embargoed = stories
    home = reverse("home")
    reader.get(home)

    assert not shows(reader.get(home))
    time_machine.move_to(embargoed.published_at + datetime.timedelta(seconds=1), tick=False)
    assert shows(reader.get(home))
    cache.clear()
    middleware.near_cache.clear()
