"""generate_stories: realistic bulk content for benchmarks, in bulk inserts, the same for a seed."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.management.commands.generate_stories import GENERATED_PHOTO_SOURCE, PHOTO_COUNT
from articles.models import Quote, Story
from articles.sanitizer import sanitize_html
from newsroom.caching import generation
from photos.models import Photo
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def generate(count, seed=1):
    call_command("generate_stories", count=count, seed=seed, verbosity=0)


def words(html):
    return len(re.sub(r"<[^>]+>", " ", html).split())


def test_creates_the_number_of_stories_asked_for():
    generate(40)
    assert Story.objects.count() == 40


def test_bodies_run_600_to_1000_words_and_are_stored_sanitised():
    generate(20)
    for story in Story.objects.all():
        assert 600 <= words(story.body) <= 1100
        assert story.body_html == sanitize_html(story.body)
        assert "<h2>" in story.body_html
        assert "<blockquote>" in story.body_html


def test_every_story_has_three_to_six_tags_and_one_to_four_officers():
    generate(30)
    for story in Story.objects.prefetch_related("tags", "officers"):
        assert 3 <= len(story.tags.all()) <= 6
        assert 1 <= len(story.officers.all()) <= 4


def test_quotes_come_from_the_officers_the_story_names_or_from_named_speakers():
    generate(60)
    quotes = Quote.objects.select_related("story")
    assert quotes.exists()
    for quote in quotes:
        if quote.officer_id:
            assert quote.story.officers.filter(pk=quote.officer_id).exists()
        else:
            assert quote.speaker_name


def test_archive_holds_public_draft_scheduled_and_withdrawn_stories():
    generate(300)
    stories = list(Story.objects.all())
    assert sum(story.is_published() for story in stories) > 250
    assert any(story.status == Story.Status.DRAFT for story in stories)
    assert any(story.is_scheduled() for story in stories)
    assert any(story.status == Story.Status.WITHDRAWN for story in stories)


def test_photos_are_drawn_once_and_reused_by_later_runs():
    generate(10, seed=1)
    generate(10, seed=2)
    generated = Photo.objects.filter(source=GENERATED_PHOTO_SOURCE)
    assert generated.count() == PHOTO_COUNT
    used = set(Story.objects.exclude(lead_photo=None).values_list("lead_photo", flat=True))
    assert used <= set(generated.values_list("pk", flat=True))


def test_the_same_seed_gives_the_same_stories():
    generate(15, seed=7)
    first = list(Story.objects.order_by("slug").values_list("slug", "headline", "body"))
    Story.objects.all().delete()
    generate(15, seed=7)
    again = list(Story.objects.order_by("slug").values_list("slug", "headline", "body"))
    assert again == first


def test_running_a_seed_twice_is_refused_without_adding_anything():
    generate(5, seed=3)
    with pytest.raises(CommandError, match="seed 3"):
        generate(5, seed=3)
    assert Story.objects.count() == 5


def test_inserts_in_bulk_rather_than_one_save_per_row():
    generate(5, seed=1)  # draws the photos, which later runs reuse
    with CaptureQueriesContext(connection) as queries:
        generate(300, seed=2)
    # Saving row by row would take more than 3,000 queries (stories, tags, officers, quotes);
    # bulk inserts take a few dozen, however the database splits them.
    assert len(queries) < 150


def test_generated_stories_reach_readers_through_the_public_cache():
    before = generation.current()
    generate(5)
    assert generation.current() != before


@pytest.mark.parametrize("count", [0, -3])
def test_count_must_be_positive(count):
    with pytest.raises(CommandError, match="--count"):
        generate(count)


def test_generated_stories_are_in_the_search_index():
    generate(25)
    assert SearchDocument.objects.filter(kind=SearchDocument.Kind.STORY).count() == 25
