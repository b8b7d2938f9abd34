"""Every public page and feed within eight queries, and as many at 60 stories as at 400.

The archive is made by ``generate_stories``, the benchmark's own content: 3-6 tags, 1-4
officers and quotes per story, programmes, awards, photos, drafts and scheduled stories.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from taggit.models import Tag

from articles.models import Section, Story
from articles.pagination import cursor_for
from articles.querysets import public_tags
from people.models import Award, Officer, TrainingProgramme

pytestmark = pytest.mark.django_db

BUDGET = 8
SMALL, LARGE = 60, 400


def public_addresses():
    """One address of every kind of public page and feed, picked from the archive."""
    story = Story.objects.published().order_by("-published_at").first()
    middle = Story.objects.published().order_by("-published_at")[SMALL // 2]
    tag = public_tags().order_by("name").first()
    section = Section.objects.filter(stories__in=Story.objects.published()).first()
    officer = Officer.objects.public().filter(stories__isnull=False).order_by("pk").first()
    programme = TrainingProgramme.objects.filter(stories__isnull=False).order_by("pk").first()
    award = Award.objects.filter(stories__isnull=False).order_by("pk").first()
    addresses = {
        "home": reverse("home"),
        "story list": reverse("articles:story-list"),
        "story list, an older page": reverse("articles:story-list")
        + f"?before={cursor_for(middle)}",
        "story list, the last page": reverse("articles:story-list") + "?page=last",
        "story page": story.get_absolute_url(),
        "tag page": reverse("articles:tag-detail", kwargs={"slug": tag.slug}),
        "tag page, the last page": reverse("articles:tag-detail", kwargs={"slug": tag.slug})
        + "?page=last",
        "section page": section.get_absolute_url(),
        "officer directory": reverse("people:officer-list"),
        "officer profile": officer.get_absolute_url(),
        "programme list": reverse("people:programme-list"),
        "programme page": programme.get_absolute_url(),
        "award list": reverse("people:award-list"),
        "award page": award.get_absolute_url(),
        "RSS feed": reverse("articles:feed-rss"),
        "Atom feed": reverse("articles:feed-atom"),
        "JSON feed": reverse("articles:feed-json"),
        "tag feed": reverse("articles:tag-feed-rss", kwargs={"slug": tag.slug}),
        "section feed": reverse("articles:section-feed-rss", kwargs={"slug": section.slug}),
        "officer feed": reverse("people:officer-feed-rss", kwargs={"slug": officer.slug}),
        "programme feed": reverse("people:programme-feed-rss", kwargs={"slug": programme.slug}),
        "sitemap index": reverse("sitemap-index"),
        "news sitemap": reverse("sitemap-news"),
        "robots.txt": reverse("robots-txt"),
    }
    for section_name in ("pages", "stories", "sections", "tags", "officers", "programmes"):
        addresses[f"{section_name} sitemap"] = reverse(
            "sitemap-section", kwargs={"section": section_name}
        )
    try:
        addresses["search"] = reverse("search:results") + "?q=officers+training"
    except NoReverseMatch:
        pass
    # The Spanish site runs the same queries, with each story offered once in its edition.
    with translation.override("es"):
        for name in ("home", "articles:story-list", "articles:feed-rss", "articles:feed-json"):
            addresses[f"Spanish {name}"] = reverse(name)
        addresses["Spanish tag page"] = reverse("articles:tag-detail", kwargs={"slug": tag.slug})
        addresses["Spanish search"] = reverse("search:results") + "?q=agentes+capacitacion"
    return addresses


def queries_per_page():
    client = Client()
    counts = {}
    for name, address in public_addresses().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, f"{name} ({address}) answered {response.status_code}"
        counts[name] = len(queries)
    return counts


def test_every_public_page_and_feed_stays_within_budget_whatever_the_archive_size():
    call_command("generate_stories", count=SMALL, seed=1, verbosity=0)
    small = queries_per_page()
    call_command("generate_stories", count=LARGE - SMALL, seed=2, verbosity=0)
    assert Tag.objects.count() > 40
    large = queries_per_page()
    over_budget = {name: count for name, count in large.items() if count > BUDGET}
    growing = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not over_budget, f"more than {BUDGET} queries: {over_budget}"
    assert not growing, f"queries grew with the archive (60 stories, 400 stories): {growing}"
