"""Nothing of a story under embargo reaches a public surface before its time: its own page,
lists, feeds, sitemaps, search, structured data, related stories, the page cache and WebSub.

Each surface is its own test, named for it, and each has its positive control: the same
surface, asked the same way once the embargo has lifted, shows the story, so that no negative
test can pass because the surface shows nothing at all. The world: a public story, and an
English and a Spanish story under embargo that share its section, tag, officer, programme and
award; only the embargoed stories' headlines and addresses carry the marks looked for."""

import datetime
import json
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from newsroom.caching import middleware
from outreach import services
from tests.factories import (
    AwardConferralFactory,
    AwardFactory,
    EditorFactory,
    JournalistFactory,
    OfficerFactory,
    PressListFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.hub import Hub
from tests.pages import page, story_sitemap_urls
from tests.tasks import queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db

# Their headlines and their addresses: a search page repeats the word searched for, so the
# marks are what only the stories themselves would bring.
MARKS = (
    "squad honoured",
    "quetzalcoatl-squad-honoured",
    "quetzalcoatl homenajeado",
    "escuadron-quetzalcoatl-homenajeado",
)


@dataclass
class World:
    public: object
    embargoed: object
    embargoed_es: object
    officer: object
    programme: object
    award: object
    hub: object
    reader: Client = field(default_factory=Client)


@pytest.fixture
def world(settings):
    with Hub() as hub:
        settings.NEWSROOM_WEBSUB_HUBS = [hub.url]
        officer, programme, award = OfficerFactory(), TrainingProgrammeFactory(), AwardFactory()
        related = {
            "tags": ["michoacan"],
            "officers": [officer],
            "programmes": [programme],
            "awards": [award],
        }
        public = StoryFactory(headline="Officers recognised", slug="officers-recognised", **related)
        embargoed = StoryFactory(
            draft=True,
            headline="Quetzalcoatl squad honoured",
            slug="quetzalcoatl-squad-honoured",
            body="<p>The Quetzalcoatl squad is honoured.</p>",
            section=public.section,
            **related,
        )
        embargoed_es = StoryFactory(
            draft=True,
            language="es",
            headline="Escuadrón Quetzalcoatl homenajeado",
            slug="escuadron-quetzalcoatl-homenajeado",
            body="<p>El escuadrón Quetzalcoatl es homenajeado.</p>",
            section=public.section,
            **related,
        )
        AwardConferralFactory(award=award, officer=officer, story=embargoed)
        press_list = PressListFactory(members=[JournalistFactory()])
        embargo = timezone.now() + datetime.timedelta(hours=2)
        for story in (embargoed, embargoed_es):
            services.release_story(
                story=story, user=EditorFactory(), lists=[press_list], embargo_until=embargo
            )
        run_queued_tasks()
        for story in (embargoed, embargoed_es):
            story.refresh_from_db()
        yield World(public, embargoed, embargoed_es, officer, programme, award, hub)
    cache.clear()
    middleware.near_cache.clear()


def shows_a_mark(text):
    text = text.lower()
    return any(mark in text for mark in MARKS)


def read(world, url, *, missing_is_fine=False):
    """What a member of the public gets at ``url``: its text, or nothing if it is not found
    (only where ``missing_is_fine``: any other answer than 200 fails the test)."""
    response = world.reader.get(url)
    if missing_is_fine and response.status_code == 404:
        return ""
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def spanish(function):
    with translation.override("es"):
        return function()


@dataclass
class Surface:
    name: str
    read: object  # world -> text looked at
    warm: object = None  # world -> None, asked before the embargo lifts (a cache to fill)
    shows: object = shows_a_mark  # text -> whether the embargoed story is in it

    def __str__(self):
        return self.name


def own_page(world):
    return read(world, world.embargoed.get_absolute_url(), missing_is_fine=True)


def own_page_es(world):
    url = spanish(world.embargoed_es.get_absolute_url)
    assert url.startswith("/es/")
    return read(world, url, missing_is_fine=True)


def feed(name, language="en"):
    def reader(world):
        with translation.override(language):
            url = reverse(name)
        return read(world, url)

    return reader


def structured_data(world):
    """Every JSON-LD block of the pages that show stories, the stories' own pages included."""
    urls = [
        reverse("home"),
        reverse("articles:story-list"),
        world.public.get_absolute_url(),
        world.officer.get_absolute_url(),
        world.programme.get_absolute_url(),
        world.embargoed.get_absolute_url(),
        spanish(world.embargoed_es.get_absolute_url),
    ]
    blocks = []
    for url in urls:
        response = world.reader.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:
            scripts = page(response).find_all("script", type="application/ld+json")
            blocks += [json.dumps(json.loads(script.text)) for script in scripts]
    assert blocks, "no page carried structured data"
    return "\n".join(blocks)


def warm_the_page_cache(world):
    world.reader.get(reverse("home"))


def page_cache(world):
    return read(world, reverse("home"))


def websub(world):
    """The pings the hub received after the worker ran what was due; none may be waiting to
    ping before the story's time either."""
    run_queued_tasks()
    if not world.hub.pings:
        assert queued_tasks("ping_hub") == []
    return "\n".join(world.hub.pings)


def pinged_for_the_story(pings):
    return "/tags/michoacan/feed.rss" in pings


SURFACES = [
    Surface("its own page", own_page),
    Surface("its own page in Spanish", own_page_es),
    Surface("home", lambda world: read(world, reverse("home"))),
    Surface("home in Spanish", lambda world: read(world, spanish(lambda: reverse("home")))),
    Surface("story list", lambda world: read(world, reverse("articles:story-list"))),
    Surface(
        "story list in Spanish",
        lambda world: read(world, spanish(lambda: reverse("articles:story-list"))),
    ),
    Surface("section page", lambda world: read(world, world.public.section.get_absolute_url())),
    Surface(
        "tag page",
        lambda world: read(world, reverse("articles:tag-detail", kwargs={"slug": "michoacan"})),
    ),
    Surface("officer page", lambda world: read(world, world.officer.get_absolute_url())),
    Surface("programme page", lambda world: read(world, world.programme.get_absolute_url())),
    Surface("award page", lambda world: read(world, world.award.get_absolute_url())),
    Surface("RSS feed", feed("articles:feed-rss")),
    Surface("Atom feed", feed("articles:feed-atom")),
    Surface("JSON feed", feed("articles:feed-json")),
    Surface("RSS feed in Spanish", feed("articles:feed-rss", "es")),
    Surface("Atom feed in Spanish", feed("articles:feed-atom", "es")),
    Surface("JSON feed in Spanish", feed("articles:feed-json", "es")),
    Surface(
        "tag feed",
        lambda world: read(world, reverse("articles:tag-feed-rss", kwargs={"slug": "michoacan"})),
    ),
    Surface(
        "section feed",
        lambda world: read(
            world,
            reverse("articles:section-feed-atom", kwargs={"slug": world.public.section.slug}),
        ),
    ),
    Surface("news sitemap", lambda world: read(world, reverse("sitemap-news"))),
    Surface(
        "story sitemap",
        lambda world: "\n".join(
            read(world, url) for url in story_sitemap_urls(world.public, world.embargoed)
        ),
    ),
    Surface("search", lambda world: read(world, reverse("search:results") + "?q=Quetzalcoatl")),
    Surface(
        "related stories on a sibling story's page",
        lambda world: read(world, world.public.get_absolute_url()),
    ),
    Surface("JSON-LD of the pages that show stories", structured_data),
    Surface("a page cached before", page_cache, warm=warm_the_page_cache),
    Surface("WebSub pings", websub, shows=pinged_for_the_story),
]


@pytest.fixture(params=SURFACES, ids=str)
def surface(request, settings):
    if request.param.warm is warm_the_page_cache:
        settings.NEWSROOM_ANONYMOUS_CACHE = True
        cache.clear()
        middleware.near_cache.clear()
    return request.param


def lift_the_embargo(world, time_machine):
    time_machine.move_to(world.embargoed.published_at + datetime.timedelta(seconds=1), tick=False)


def test_the_surface_shows_nothing_of_the_story_before_the_embargo(world, surface):
    if surface.warm:
        surface.warm(world)

    assert not surface.shows(surface.read(world))


def test_the_surface_shows_the_story_once_the_embargo_lifts(world, surface, time_machine):
    if surface.warm:
        surface.warm(world)
    lift_the_embargo(world, time_machine)

    assert surface.shows(surface.read(world))


def test_the_embargoed_storys_own_address_is_not_found(world):
    assert world.reader.get(world.embargoed.get_absolute_url()).status_code == 404
