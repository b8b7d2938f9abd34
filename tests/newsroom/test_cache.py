"""The anonymous page cache: served without queries, and never stale.

Each change a reader could see is made the way staff make it (a save, a workflow transition, the
clock passing a scheduled time) and the cached page is asked for again.
"""

import datetime
import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Correction, Story
from newsroom.caching import generation, middleware
from tests.factories import (
    AwardFactory,
    OfficerFactory,
    PhotoFactory,
    QuoteFactory,
    StaffUserFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    settings.NEWSROOM_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    middleware.near_cache.clear()
    yield
    cache.clear()
    middleware.near_cache.clear()


@pytest.fixture
def reader():
    """An anonymous reader beside ``staff_client`` (which signs the ``client`` fixture in)."""
    return Client()


def cached(client, url, **headers):
    """Ask twice; the second answer is the one the cache gives."""
    client.get(url, **headers)
    return client.get(url, **headers)


def headlines(response):
    return page(response).texts("h2", class_="story-card__headline")


# Serving


def test_second_anonymous_request_is_answered_without_a_query(client, django_assert_num_queries):
    StoryFactory(headline="Officers recognised")
    first = client.get(reverse("home"))
    with django_assert_num_queries(0):
        second = client.get(reverse("home"))
    assert second.status_code == 200
    assert second.content == first.content


def test_a_miss_costs_at_most_one_query_more_than_the_page(client, django_assert_max_num_queries):
    story = StoryFactory(officers=[OfficerFactory()])
    # The story page's eight, and when the next scheduled story goes public, once per change.
    with django_assert_max_num_queries(9):
        client.get(story.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(reverse("articles:story-list"))


def test_cached_page_answers_304_to_its_etag_without_a_query(client, django_assert_num_queries):
    StoryFactory()
    first = client.get(reverse("articles:story-list"))
    with django_assert_num_queries(0):
        again = client.get(reverse("articles:story-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_reader_who_only_revalidates_a_feed_costs_no_query_once_it_is_cached(
    reader, django_assert_num_queries
):
    StoryFactory()
    url = reverse("articles:feed-rss")
    etag = reader.get(url)["ETag"]
    middleware.near_cache.clear()
    cache.clear()
    # The cache holds no copy: the feed is rendered once, and still answers 304.
    assert reader.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_num_queries(0):
        again = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_english_and_spanish_editions_of_a_page_are_kept_apart(client):
    StoryFactory()
    english = cached(client, reverse("articles:story-list"))
    spanish = cached(client, "/es" + reverse("articles:story-list"))
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"
    assert english.content != spanish.content


def test_cached_pages_tell_cdns_how_long_to_keep_them_and_how_to_purge_them(client):
    StoryFactory()
    response = cached(client, reverse("home"))
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert response["Surrogate-Control"] == "max-age=60"
    assert response["Surrogate-Key"].split()[0] == middleware.SURROGATE_KEY


def test_no_cache_keeps_a_page_past_the_next_scheduled_publication(client):
    StoryFactory()
    StoryFactory(published_at=timezone.now() + datetime.timedelta(seconds=30))
    response = cached(client, reverse("home"))
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 30
    assert response["Surrogate-Control"] == f"max-age={max_age}"


def test_pages_are_still_served_when_the_cache_does_not_answer(client, monkeypatch):
    class Unreachable:
        def __getattr__(self, name):
            raise ConnectionError("the cache is down")

    monkeypatch.setattr(generation, "cache", Unreachable())
    monkeypatch.setattr(middleware, "cache", Unreachable())
    story = StoryFactory(headline="Still readable")
    response = client.get(reverse("articles:story-list"))
    assert response.status_code == 200
    assert headlines(response) == [story.headline]


# Never stale


def test_editing_a_story_shows_on_its_page_at_once(client):
    story = StoryFactory(headline="First headline")
    cached(client, story.get_absolute_url())
    story.headline = "Corrected headline"
    story.save()
    assert page(client.get(story.get_absolute_url())).texts("h1") == ["Corrected headline"]


def test_publishing_a_draft_puts_it_on_the_cached_list_at_once(client):
    draft = StoryFactory(draft=True, headline="Just published")
    cached(client, reverse("articles:story-list"))
    services.publish_story(story=draft, user=StaffUserFactory())
    assert headlines(client.get(reverse("articles:story-list"))) == ["Just published"]


def test_scheduling_a_story_keeps_it_off_the_cached_list_until_its_time(client):
    public = StoryFactory(headline="Already public")
    scheduled = StoryFactory(draft=True, headline="Scheduled")
    cached(client, reverse("articles:story-list"))
    services.publish_story(
        story=scheduled, user=StaffUserFactory(), at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert headlines(client.get(reverse("articles:story-list"))) == [public.headline]


def test_scheduled_story_appears_on_cached_pages_when_its_time_comes(
    client, django_assert_num_queries
):
    StoryFactory(headline="Already public")
    StoryFactory(headline="Scheduled", published_at=timezone.now() + datetime.timedelta(hours=1))
    cached(client, reverse("articles:story-list"))
    with django_assert_num_queries(0):
        before = client.get(reverse("articles:story-list"))
    with time_machine.travel(datetime.timedelta(hours=1, seconds=1)):
        after = client.get(reverse("articles:story-list"))
    assert headlines(before) == ["Already public"]
    assert headlines(after) == ["Scheduled", "Already public"]


def test_withdrawing_a_story_takes_it_off_cached_pages_at_once(client):
    story = StoryFactory(headline="To be withdrawn")
    cached(client, reverse("articles:story-list"))
    cached(client, story.get_absolute_url())
    services.withdraw_story(story=story, user=StaffUserFactory(), reason="Legal request")
    assert headlines(client.get(reverse("articles:story-list"))) == []
    assert client.get(story.get_absolute_url()).status_code == 410


def test_an_officer_withdrawing_consent_leaves_no_cached_profile_or_link(client):
    officer = OfficerFactory()
    story = StoryFactory(officers=[officer])
    cached(client, officer.get_absolute_url())
    cached(client, story.get_absolute_url())
    officer.public_profile_consent = False
    officer.save()
    assert client.get(officer.get_absolute_url()).status_code == 404
    assert officer.get_absolute_url() not in page(client.get(story.get_absolute_url())).hrefs()


def test_changing_a_photo_shows_on_cached_pages_at_once(client):
    photo = PhotoFactory(alt_text="Officers at a workshop")
    story = StoryFactory(lead_photo=photo)
    cached(client, story.get_absolute_url())
    photo.alt_text = "Officers receiving their certificates"
    photo.save()
    html = page(client.get(story.get_absolute_url()))
    assert html.find_all("img", alt="Officers receiving their certificates")


def test_renaming_a_programme_or_award_shows_on_the_story_page_at_once(client):
    programme, award = TrainingProgrammeFactory(), AwardFactory()
    story = StoryFactory(programmes=[programme], awards=[award])
    cached(client, story.get_absolute_url())
    programme.name, award.name = "Renamed programme", "Renamed award"
    programme.save()
    award.save()
    html = page(client.get(story.get_absolute_url()))
    assert html.link_texts(programme.get_absolute_url()) == ["Renamed programme"]
    assert html.link_texts(award.get_absolute_url()) == ["Renamed award"]


def test_a_new_quote_shows_on_the_story_page_at_once(client):
    story = StoryFactory()
    cached(client, story.get_absolute_url())
    QuoteFactory(story=story, text="We work with human beings.")
    assert "We work with human beings." in page(client.get(story.get_absolute_url())).text


def test_a_correction_shows_on_the_story_page_at_once(client):
    story = StoryFactory()
    cached(client, story.get_absolute_url())
    Correction.objects.create(story=story, text="The programme began in 2017.")
    assert "The programme began in 2017." in page(client.get(story.get_absolute_url())).text


def test_tagging_a_story_shows_on_the_tag_page_at_once(client):
    StoryFactory(tags=["training"], headline="Tagged first")
    later = StoryFactory(headline="Tagged later")
    url = reverse("articles:tag-detail", kwargs={"slug": "training"})
    cached(client, url)
    later.tags.add("training")
    assert sorted(headlines(client.get(url))) == ["Tagged first", "Tagged later"]


def test_a_change_made_in_a_transaction_reaches_the_cache_when_it_commits(client):
    story = StoryFactory(headline="Before")
    cached(client, story.get_absolute_url())
    with transaction.atomic():
        story.headline = "After"
        story.save()
        # Not committed: readers still see what is committed, and the cache with them.
        assert client.get(story.get_absolute_url())[middleware.CACHE_STATUS_HEADER] == "HIT"
    assert page(client.get(story.get_absolute_url())).texts("h1") == ["After"]


def test_pages_rendered_while_a_replica_may_lag_are_served_but_not_stored(
    client, settings, django_assert_num_queries
):
    settings.NEWSROOM_CACHE_SETTLE_SECONDS = 60
    StoryFactory()
    client.get(reverse("articles:story-list"))
    with django_assert_num_queries(1):
        client.get(reverse("articles:story-list"))
    with time_machine.travel(datetime.timedelta(seconds=61)):
        client.get(reverse("articles:story-list"))
        with django_assert_num_queries(0):
            client.get(reverse("articles:story-list"))


def test_a_lost_generation_makes_every_older_entry_unreachable(client):
    story = StoryFactory(headline="Before")
    cached(client, reverse("articles:story-list"))
    # No signal, as if missed; the row's own stamp moves, as with every write of the project.
    Story.objects.filter(pk=story.pk).update(headline="After", updated_at=timezone.now())
    cache.delete(generation.key("generation"))
    assert headlines(client.get(reverse("articles:story-list"))) == ["After"]


# Staff


def test_staff_are_never_served_from_the_cache(reader, staff_client):
    story = StoryFactory(headline="Before")
    cached(reader, reverse("articles:story-list"))
    # An update sends no signal, so the cache does not hear of it; staff must see it anyway.
    Story.objects.filter(pk=story.pk).update(headline="After")
    assert headlines(reader.get(reverse("articles:story-list"))) == ["Before"]
    assert headlines(staff_client.get(reverse("articles:story-list"))) == ["After"]


def test_pages_made_for_staff_are_neither_stored_nor_public(
    reader, staff_client, django_assert_num_queries
):
    StoryFactory()
    staff_response = staff_client.get(reverse("articles:story-list"))
    assert "private" in staff_response["Cache-Control"]
    assert "Surrogate-Key" not in staff_response
    # The list's query, and when the next scheduled story goes public: nothing came from staff.
    with django_assert_num_queries(2):
        reader.get(reverse("articles:story-list"))


def test_story_page_for_staff_is_private_although_the_view_marks_it_public(staff_client):
    story = StoryFactory()
    response = staff_client.get(story.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_reading_cached_pages_creates_no_session(client):
    StoryFactory()
    first = client.get(reverse("home"))
    second = client.get(reverse("home"))
    assert not first.cookies
    assert not second.cookies
    assert Session.objects.count() == 0


def near_entry(size, lifetime=60, content=b"x"):
    response = HttpResponse(content * size)
    return middleware.Entry(response, expires_at=time.time() + lifetime)


def test_each_process_keeps_the_pages_it_served_last_within_its_size():
    entry = near_entry
    near = middleware.NearCache(capacity=250)
    near.put("first", entry(100))
    near.put("second", entry(100))
    near.get("first")  # used again, so "second" is now the oldest
    near.put("third", entry(100))
    assert near.get("second") is None
    assert near.get("first") is not None
    assert near.get("third") is not None
    assert near.size == 200


def test_the_near_cache_replaces_an_entry_stored_again_under_its_key():
    near = middleware.NearCache(capacity=1000)
    near.put("page", near_entry(100, content=b"o"))
    fresh = near_entry(150, content=b"n")
    near.put("page", fresh)
    assert near.get("page") is fresh
    assert near.size == 150
    assert len(near) == 1


def test_the_near_cache_never_hands_out_an_entry_past_its_time():
    near = middleware.NearCache(capacity=1000)
    with time_machine.travel(time.time(), tick=False) as clock:
        near.put("page", near_entry(100, lifetime=10))
        # Past its lifetime it may still be served stale, for a bounded time; not after that.
        clock.shift(10 + middleware.kept_stale_seconds())
        assert near.get("page") is None
    assert len(near) == 0
    assert near.size == 0


def test_the_near_cache_does_not_keep_an_entry_that_has_already_expired():
    near = middleware.NearCache(capacity=1000)
    near.put("page", near_entry(100, lifetime=-1 - middleware.kept_stale_seconds()))
    assert len(near) == 0


def test_storing_a_page_sweeps_out_expired_entries_of_other_addresses():
    near = middleware.NearCache(capacity=1000)
    with time_machine.travel(time.time(), tick=False) as clock:
        near.put("old generation", near_entry(100, lifetime=5))
        clock.shift(middleware.SWEEP_SECONDS + 5 + middleware.kept_stale_seconds())
        near.put("new generation", near_entry(100, lifetime=60))
    assert len(near) == 1
    assert near.size == 100


def test_a_page_says_whether_it_was_rendered_or_served_from_the_cache(client):
    StoryFactory()
    assert client.get(reverse("home"))[middleware.CACHE_STATUS_HEADER] == "MISS"
    assert client.get(reverse("home"))[middleware.CACHE_STATUS_HEADER] == "HIT"


# Addresses and hosts


def test_tracking_parameters_are_answered_from_the_page_without_them(client):
    StoryFactory()
    url = reverse("articles:story-list")
    cached(client, url)
    for query in ("?utm_source=newsletter&utm_medium=email", "?fbclid=abc123", "?gclid=xyz"):
        response = client.get(url + query)
        assert response[middleware.CACHE_STATUS_HEADER] == "HIT", query


def test_tracking_parameters_never_store_a_page_of_their_own(client):
    StoryFactory()
    url = reverse("articles:story-list")
    client.get(url + "?utm_campaign=spring")
    assert client.get(url)[middleware.CACHE_STATUS_HEADER] == "HIT"


def test_known_parameters_are_kept_in_any_order(client):
    StoryFactory()
    url = reverse("search:results")
    client.get(url + "?q=officers&page=1")
    assert client.get(url + "?page=1&q=officers")[middleware.CACHE_STATUS_HEADER] == "HIT"
    assert client.get(url + "?q=training")[middleware.CACHE_STATUS_HEADER] == "MISS"


def test_unknown_parameters_are_rendered_but_never_stored(client):
    StoryFactory()
    url = reverse("articles:story-list")
    for _ in range(2):
        response = client.get(url + "?made-up=1")
        assert response.status_code == 200
        assert response[middleware.CACHE_STATUS_HEADER] == "MISS"
    assert client.get(url)[middleware.CACHE_STATUS_HEADER] == "MISS"


def test_a_hostile_host_gets_400_even_for_a_cached_page(client):
    StoryFactory()
    cached(client, reverse("home"))
    response = client.get(reverse("home"), HTTP_HOST="evil.example")
    assert response.status_code == 400
