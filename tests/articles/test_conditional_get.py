import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from tests.factories import EditorFactory, OfficerFactory, QuoteFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_story_page_carries_validators_and_cache_control(client):
    story = StoryFactory()
    response = client.get(story.get_absolute_url())
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]


def test_story_page_answers_304_to_a_matching_etag_with_one_query(
    client, django_assert_num_queries
):
    story = StoryFactory(officers=[OfficerFactory()])
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(1):
        again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_editing_the_story_changes_its_etag(client):
    story = StoryFactory()
    first = client.get(story.get_absolute_url())
    with time_machine.travel(story.updated_at + datetime.timedelta(seconds=5), tick=False):
        story.headline = "Corrected headline"
        story.save()
        again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_an_officer_withdrawing_consent_changes_the_pages_that_name_them(client):
    officer = OfficerFactory()
    story = StoryFactory(officers=[officer])
    QuoteFactory(story=story, officer=officer)
    first = client.get(story.get_absolute_url())
    with time_machine.travel(officer.updated_at + datetime.timedelta(seconds=5), tick=False):
        officer.public_profile_consent = False
        officer.save()
        again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert officer.get_absolute_url().encode() not in again.content


def test_a_newer_story_changes_the_page_etag_because_related_stories_may_change(client):
    story = StoryFactory(tags=["awards"])
    first = client.get(story.get_absolute_url())
    with time_machine.travel(story.updated_at + datetime.timedelta(seconds=5), tick=False):
        StoryFactory(tags=["awards"])
        again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_withdrawn_story_answers_410_even_to_a_client_holding_its_etag(client):
    story = StoryFactory()
    first = client.get(story.get_absolute_url())
    story.status = story.Status.WITHDRAWN
    story.save()
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 410


def test_draft_story_has_no_validators(client):
    story = StoryFactory(draft=True)
    response = client.get(reverse("articles:story-detail", kwargs={"slug": story.slug}))
    assert response.status_code == 404
    assert not response.has_header("ETag")


# Staff work behind the scenes moves no validator readers see


def public_addresses(story):
    section = story.section.slug
    return [
        story.get_absolute_url(),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:feed-json"),
        reverse("articles:tag-feed-rss", kwargs={"slug": "awards"}),
        reverse("articles:tag-feed-atom", kwargs={"slug": "awards"}),
        reverse("articles:section-feed-rss", kwargs={"slug": section}),
        reverse("articles:section-feed-atom", kwargs={"slug": section}),
    ]


def save_a_new_draft(story, editor):
    StoryFactory(draft=True, section=story.section, tags=["awards"])


def edit_a_draft(story, editor):
    draft = StoryFactory(draft=True, section=story.section, tags=["awards"])
    with time_machine.travel(datetime.timedelta(minutes=1)):
        draft.headline = "Still being written"
        draft.save()


def submit_a_draft(story, editor):
    draft = StoryFactory(draft=True, section=story.section, tags=["awards"], created_by=editor)
    services.submit_for_review(story=draft, user=editor)


def schedule_a_story(story, editor):
    draft = StoryFactory(draft=True, section=story.section, tags=["awards"])
    services.publish_story(story=draft, user=editor, at=timezone.now() + datetime.timedelta(days=2))


@pytest.mark.parametrize(
    "staff_work", [save_a_new_draft, edit_a_draft, submit_a_draft, schedule_a_story]
)
def test_staff_work_readers_cannot_see_moves_no_validator_of_pages_or_feeds(client, staff_work):
    with time_machine.travel(datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)):
        story = StoryFactory(tags=["awards"])
    before = {url: client.get(url) for url in public_addresses(story)}
    with time_machine.travel(datetime.datetime(2021, 1, 13, 9, 0, tzinfo=datetime.UTC)):
        staff_work(story, EditorFactory())
        for url, first in before.items():
            again = client.get(
                url,
                HTTP_IF_NONE_MATCH=first["ETag"],
                HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
            )
            assert again.status_code == 304, url
