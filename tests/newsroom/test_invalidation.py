"""Only public changes invalidate, and only the pages that show what changed.

On a real Redis, as production runs it. Each change is made the way staff make it (a save, a
workflow transition, the clock passing a scheduled time), then the pages are asked for again;
``X-Cache`` says whether a page was rendered ("MISS") or came from the cache ("HIT").
"""

import datetime
import threading
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from newsroom.caching import dependencies, generation, middleware, versions
from tests.factories import (
    OfficerFactory,
    StaffUserFactory,
    StoryFactory,
)
from tests.newsroom.redis_helpers import redis_answers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
]


@pytest.fixture(autouse=True)
def redis_cache(real_redis_cache):
    return real_redis_cache


def served(url, **headers):
    return Client().get(url, **headers)


def warm(*urls):
    for url in urls:
        served(url)
        assert served(url)[middleware.CACHE_STATUS_HEADER] == "HIT", url


def status_of(url):
    return served(url)[middleware.CACHE_STATUS_HEADER]


def list_url():
    return reverse("articles:story-list")


@pytest.fixture
def moves(monkeypatch):
    """Every invalidation made, as the set of keys it moved."""
    made = []
    original = versions.move

    def recording(names, *, hard=False):
        made.append(set(names))
        original(names, hard=hard)

    monkeypatch.setattr(versions, "move", recording)
    return made


# A draft moves nothing


def test_saving_a_draft_moves_nothing_public(moves):
    public = StoryFactory(headline="Public")
    draft = StoryFactory(draft=True, headline="Draft")
    warm(public.get_absolute_url(), list_url(), reverse("articles:feed-rss"))
    before = {url: served(url) for url in (public.get_absolute_url(), reverse("articles:feed-rss"))}
    moves.clear()
    draft.headline = "Draft, rewritten"
    draft.body = "<p>Work in progress.</p>"
    draft.save()
    assert moves == []
    for url, response in before.items():
        again = served(url)
        assert again[middleware.CACHE_STATUS_HEADER] == "HIT"
        assert again["ETag"] == response["ETag"]
        assert again["Last-Modified"] == response["Last-Modified"]
    assert status_of(list_url()) == "HIT"


def test_saving_a_story_in_review_or_scheduled_for_later_moves_no_page(moves):
    public = StoryFactory()
    later = StoryFactory(published_at=timezone.now() + datetime.timedelta(hours=2))
    warm(public.get_absolute_url(), list_url())
    moves.clear()
    later.headline = "Scheduled, rewritten"
    later.save()
    # Only the schedule, which ends entries at its moments: no page depends on it.
    assert moves == [{dependencies.SCHEDULE}]
    assert status_of(public.get_absolute_url()) == "HIT"
    assert status_of(list_url()) == "HIT"


def test_validators_of_a_story_page_ignore_drafts_saved_since(client):
    story = StoryFactory()
    first = client.get(story.get_absolute_url())
    with time_machine.travel(datetime.timedelta(minutes=5)):
        StoryFactory(draft=True)
        again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


# A public change moves what shows the object, and only that


def test_editing_a_public_story_renders_again_exactly_the_pages_that_show_it():
    officer = OfficerFactory()
    edited = StoryFactory(headline="Before", officers=[officer], tags=["awards"])
    other = StoryFactory(headline="Elsewhere", tags=["training"])
    showing = [
        edited.get_absolute_url(),
        list_url(),
        reverse("home"),
        officer.get_absolute_url(),
        reverse("articles:tag-detail", kwargs={"slug": "awards"}),
        reverse("articles:feed-rss"),
    ]
    not_showing = [
        other.get_absolute_url(),
        reverse("articles:tag-detail", kwargs={"slug": "training"}),
        reverse("people:programme-list"),
    ]
    warm(*showing, *not_showing)
    edited.headline = "After"
    edited.save()
    for url in showing:
        response = served(url)
        assert response[middleware.CACHE_STATUS_HEADER] == "MISS", url
        assert "After" in response.content.decode(), url
    for url in not_showing:
        assert status_of(url) == "HIT", url


def test_publishing_a_story_puts_it_on_the_lists_it_belongs_to_and_leaves_others_warm():
    unrelated = StoryFactory(tags=["training"])
    officer = OfficerFactory()
    StoryFactory(tags=["awards"])
    draft = StoryFactory(draft=True, headline="Just published", officers=[officer], tags=["awards"])
    tag_page = reverse("articles:tag-detail", kwargs={"slug": "awards"})
    warm(list_url(), tag_page, officer.get_absolute_url(), unrelated.get_absolute_url())
    services.publish_story(story=draft, user=StaffUserFactory())
    for url in (list_url(), tag_page, officer.get_absolute_url()):
        assert "Just published" in served(url).content.decode(), url
    assert status_of(unrelated.get_absolute_url()) == "HIT"


def test_one_change_is_one_invalidation_however_many_signals_it_sends(moves, admin_client):
    story = StoryFactory(tags=["awards"], officers=[OfficerFactory()])
    moves.clear()
    services.withdraw_story(story=story, user=StaffUserFactory(), reason="Legal request")
    assert len(moves) == 1


def test_surrogate_keys_name_what_the_page_shows():
    officer = OfficerFactory()
    story = StoryFactory(officers=[officer], tags=["awards"])
    keys = served(story.get_absolute_url())["Surrogate-Key"].split()
    assert dependencies.object_key(story) in keys
    assert dependencies.object_key(officer) in keys
    assert dependencies.stories_of(story.tags.get()) in keys
    assert dependencies.list_of(type(story)) not in keys


# Withdrawals and schedules


def test_a_withdrawal_is_never_served_stale():
    story = StoryFactory(headline="To be withdrawn")
    warm(story.get_absolute_url(), list_url())
    services.withdraw_story(story=story, user=StaffUserFactory(), reason="Legal request")
    # However many readers ask at once, none gets the old page while it renders.
    assert served(story.get_absolute_url()).status_code == 410
    assert "To be withdrawn" not in served(list_url()).content.decode()


def test_a_scheduled_story_appears_on_cached_pages_at_its_time():
    StoryFactory(headline="Already public")
    StoryFactory(headline="Scheduled", published_at=timezone.now() + datetime.timedelta(minutes=5))
    warm(list_url())
    with time_machine.travel(datetime.timedelta(minutes=4)):
        assert status_of(list_url()) == "HIT"
    with time_machine.travel(datetime.timedelta(minutes=5, seconds=1)):
        assert "Scheduled" in served(list_url()).content.decode()


def test_scheduling_a_story_after_a_page_was_cached_still_shows_it_at_its_time():
    StoryFactory(headline="Already public")
    draft = StoryFactory(draft=True, headline="Scheduled later")
    warm(list_url())
    services.publish_story(
        story=draft, user=StaffUserFactory(), at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert status_of(list_url()) == "HIT"
    with time_machine.travel(datetime.timedelta(minutes=5, seconds=1)):
        assert "Scheduled later" in served(list_url()).content.decode()


# No stampede


def test_a_stale_page_is_rendered_by_one_worker_while_the_others_serve_the_old_copy(settings):
    settings.NEWSROOM_CACHE_STALE_SECONDS = 30
    story = StoryFactory(headline="Before")
    warm(story.get_absolute_url())
    story.headline = "After"
    story.save()
    statuses = []
    barrier = threading.Barrier(8)

    def reader():
        barrier.wait()
        statuses.append(served(story.get_absolute_url())[middleware.CACHE_STATUS_HEADER])
        connection.close()

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The others had the old copy, or the new one once it was stored.
    assert statuses.count("MISS") == 1
    assert set(statuses) - {"MISS"} <= {"STALE", "HIT"}
    assert "After" in served(story.get_absolute_url()).content.decode()


@pytest.fixture
def stale_story(settings):
    """A story whose cached page went stale, on a site that renders one stale page at a time."""
    settings.NEWSROOM_CACHE_STALE_SECONDS = 30
    settings.NEWSROOM_CACHE_STALE_RENDERS = 1
    story = StoryFactory(headline="Before")
    warm(story.get_absolute_url())
    story.headline = "After"
    story.save()
    return story


def test_a_stale_page_waits_for_a_render_slot_while_another_page_is_rendered(stale_story):
    # One public change makes many pages stale at once; rendering them all together would take
    # every worker away from readers.
    story = stale_story
    cache.add(middleware.render_slot(0), "another page", timeout=10)
    response = served(story.get_absolute_url())
    assert response[middleware.CACHE_STATUS_HEADER] == "STALE"
    assert "Before" in response.content.decode()


def test_a_stale_page_is_rendered_once_a_render_slot_is_free(stale_story):
    story = stale_story
    cache.add(middleware.render_slot(0), "another page", timeout=10)
    assert status_of(story.get_absolute_url()) == "STALE"
    cache.delete(middleware.render_slot(0))
    response = served(story.get_absolute_url())
    assert response[middleware.CACHE_STATUS_HEADER] == "MISS"
    assert "After" in response.content.decode()
    # The slot is free again for the next stale page.
    assert cache.get(middleware.render_slot(0)) is None


def test_a_page_waiting_for_a_render_slot_is_rendered_past_the_stale_bound(stale_story):
    story = stale_story
    cache.add(middleware.render_slot(0), "another page", timeout=60)
    with time_machine.travel(datetime.timedelta(seconds=31)):
        response = served(story.get_absolute_url())
    assert response[middleware.CACHE_STATUS_HEADER] == "MISS"
    assert "After" in response.content.decode()


def test_a_page_is_not_served_stale_past_the_bound(settings):
    settings.NEWSROOM_CACHE_STALE_SECONDS = 30
    story = StoryFactory(headline="Before")
    warm(story.get_absolute_url())
    story.headline = "After"
    story.save()
    with time_machine.travel(datetime.timedelta(seconds=31)):
        response = served(story.get_absolute_url())
    assert response[middleware.CACHE_STATUS_HEADER] == "MISS"
    assert "After" in response.content.decode()


def test_cache_control_lets_cdns_serve_stale_within_bounds(settings):
    StoryFactory()
    cache_control = served(reverse("home"))["Cache-Control"]
    assert f"stale-while-revalidate={settings.NEWSROOM_CACHE_STALE_SECONDS}" in cache_control
    assert f"stale-if-error={settings.NEWSROOM_CACHE_STALE_IF_ERROR_SECONDS}" in cache_control


def test_versions_heard_by_a_listening_process_match_what_redis_holds():
    generation.current()
    deadline = time.monotonic() + 5
    while generation.heard.get() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    StoryFactory()
    versions.move(["story-1"])
    name = versions.version_key(generation.current(), "story-1")
    while generation.heard.awaited is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert generation.heard.versions.get(name) == cache.get(name)
