import datetime

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils.http import http_date

from tests.factories import (
    CorrectionFactory,
    OfficerFactory,
    PhotoFactory,
    SectionFactory,
    StoryFactory,
    TrainingProgrammeFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.fixture
def story():
    return StoryFactory(
        headline="Officers recognised",
        standfirst="Two officers receive a state award.",
        body="<p>Full <strong>text</strong>.</p>",
        lead_photo=PhotoFactory(credit="© Photo Images / Hemera Technologies"),
        tags=["awards", "police training"],
    )


@pytest.mark.parametrize("name", ["articles:feed-rss", "articles:feed-atom"])
def test_site_feed_entry_carries_every_field(client, story, name):
    _, feed = parse(client, reverse(name))
    (entry,) = feed.entries
    assert entry.title == "Officers recognised"
    assert entry.link == BASE + story.get_absolute_url()
    assert entry.id == f"tag:news.example.org,{story.published_at:%Y-%m-%d}:story:{story.pk}"
    assert entry.summary == "Two officers receive a state award."
    assert "<strong>text</strong>" in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {"awards", "police training"}
    assert entry.author == "United Nations Office on Drugs and Crime"
    assert entry.published_parsed[:5] == story.published_at.utctimetuple()[:5]
    assert entry.updated_parsed is not None


@pytest.mark.parametrize("name", ["articles:feed-rss", "articles:feed-atom"])
def test_feed_entry_encloses_the_lead_photo_with_its_length_and_type(client, story, name):
    _, feed = parse(client, reverse(name))
    (enclosure,) = feed.entries[0].enclosures
    assert enclosure.href == BASE + story.lead_photo.image.url
    assert int(enclosure.length) == story.lead_photo.file_size > 0
    assert enclosure.type == "image/jpeg"


@pytest.fixture
def story_with_renditions(django_capture_on_commit_callbacks):
    # Renditions are made once the photo's row commits.
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(image=image_upload(size=(2400, 1600)))
    photo.refresh_from_db()
    return StoryFactory(lead_photo=photo)


def test_feed_encloses_the_widest_jpeg_rendition_rather_than_the_original(
    client, story_with_renditions
):
    widest = story_with_renditions.lead_photo.rendition_set.fallback[-1]
    _, feed = parse(client, reverse("articles:feed-rss"))
    entry = feed.entries[0]
    (enclosure,) = entry.enclosures
    assert enclosure.href == BASE + widest.url
    assert (widest.width, enclosure.type, int(enclosure.length)) == (
        1920,
        "image/jpeg",
        widest.bytes,
    )
    assert entry.media_content[0]["url"] == BASE + widest.url
    assert entry.media_content[0]["width"] == "1920"


def test_json_feed_image_is_the_widest_jpeg_rendition(client, story_with_renditions):
    widest = story_with_renditions.lead_photo.rendition_set.fallback[-1]
    (item,) = client.get(reverse("articles:feed-json")).json()["items"]
    assert item["image"] == BASE + widest.url


def test_rss_entry_carries_media_content_with_credit(client, story):
    _, feed = parse(client, reverse("articles:feed-rss"))
    entry = feed.entries[0]
    assert entry.media_content[0]["url"] == BASE + story.lead_photo.image.url
    assert entry.media_credit[0]["content"] == "© Photo Images / Hemera Technologies"


def test_guid_survives_a_slug_change(client, story):
    _, before = parse(client, reverse("articles:feed-rss"))
    story.slug = "renamed"
    story.save()
    _, after = parse(client, reverse("articles:feed-rss"))
    assert before.entries[0].id.rsplit(":", 1)[1] == after.entries[0].id.rsplit(":", 1)[1]


def test_feed_uses_the_configured_base_url_not_the_host_header(client, story, settings):
    settings.ALLOWED_HOSTS = ["evil.example.com", "testserver"]
    _, feed = parse(client, reverse("articles:feed-rss"), HTTP_HOST="evil.example.com")
    assert feed.entries[0].link.startswith(BASE)
    assert "evil" not in feed.feed.link


def test_feed_holds_the_newest_twenty_stories(client):
    stories = StoryFactory.create_batch(22)
    _, feed = parse(client, reverse("articles:feed-rss"))
    assert len(feed.entries) == 20
    newest = sorted(stories, key=lambda story: (story.published_at, story.pk))[-20:]
    assert {entry.link for entry in feed.entries} == {
        BASE + story.get_absolute_url() for story in newest
    }


def test_feed_length_is_a_setting(client, settings):
    settings.NEWSROOM_FEED_LENGTH = 3
    StoryFactory.create_batch(4)
    _, feed = parse(client, reverse("articles:feed-rss"))
    assert len(feed.entries) == 3


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"withdrawn": True}])
def test_unpublished_story_is_in_no_feed(client, traits):
    officer = OfficerFactory()
    programme = TrainingProgrammeFactory()
    hidden = StoryFactory(tags=["awards"], officers=[officer], programmes=[programme], **traits)
    StoryFactory(tags=["awards"], officers=[officer], programmes=[programme])
    urls = [
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:tag-feed-rss", kwargs={"slug": "awards"}),
        reverse("articles:section-feed-rss", kwargs={"slug": hidden.section.slug}),
        reverse("people:officer-feed-rss", kwargs={"slug": officer.slug}),
        reverse("people:programme-feed-atom", kwargs={"slug": programme.slug}),
    ]
    for url in urls:
        _, feed = parse(client, url)
        assert len(feed.entries) == 1, url
        assert hidden.headline not in {entry.title for entry in feed.entries}
    json_feed = client.get(reverse("articles:feed-json")).json()
    assert [item["title"] for item in json_feed["items"]] != [hidden.headline]
    assert len(json_feed["items"]) == 1


def test_tag_feed_lists_only_stories_with_the_tag(client):
    tagged = StoryFactory(tags=["awards"])
    StoryFactory(tags=["other"])
    _, feed = parse(client, reverse("articles:tag-feed-atom", kwargs={"slug": "awards"}))
    assert [entry.title for entry in feed.entries] == [tagged.headline]


def test_tag_carried_only_by_drafts_has_no_feed(client):
    StoryFactory(tags=["secret-operation"], draft=True)
    response = client.get(reverse("articles:tag-feed-rss", kwargs={"slug": "secret-operation"}))
    assert response.status_code == 404


def test_officer_feed_lists_the_stories_that_mention_them(client):
    officer = OfficerFactory()
    mentioning = StoryFactory(officers=[officer])
    StoryFactory()
    _, feed = parse(client, reverse("people:officer-feed-rss", kwargs={"slug": officer.slug}))
    assert [entry.title for entry in feed.entries] == [mentioning.headline]


def test_officer_without_consent_has_no_feed(client):
    officer = OfficerFactory(without_consent=True)
    StoryFactory(officers=[officer])
    response = client.get(reverse("people:officer-feed-rss", kwargs={"slug": officer.slug}))
    assert response.status_code == 404


def test_section_feed_lists_the_section(client):
    feature = SectionFactory(name="Feature", slug="feature")
    in_section = StoryFactory(section=feature)
    StoryFactory()
    _, feed = parse(client, reverse("articles:section-feed-rss", kwargs={"slug": "feature"}))
    assert [entry.title for entry in feed.entries] == [in_section.headline]


def test_json_feed_follows_version_1_1(client, story):
    response = client.get(reverse("articles:feed-json"))
    assert response["Content-Type"].startswith("application/feed+json")
    document = response.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == BASE + reverse("articles:feed-json")
    (item,) = document["items"]
    assert item["id"].endswith(f":story:{story.pk}")
    assert item["url"] == BASE + story.get_absolute_url()
    assert item["content_html"] == story.body_html
    assert item["image"] == BASE + story.lead_photo.image.url
    assert item["date_published"].startswith(f"{story.published_at:%Y-%m-%d}")


def test_feed_answers_304_to_a_matching_etag_with_one_query(
    client, story, django_assert_num_queries
):
    first = client.get(reverse("articles:feed-rss"))
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(1):
        again = client.get(reverse("articles:feed-rss"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_feed_answers_304_to_if_modified_since(client, story):
    first = client.get(reverse("articles:feed-atom"))
    again = client.get(reverse("articles:feed-atom"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_withdrawing_a_story_changes_the_feed_validators(client, story):
    first = client.get(reverse("articles:feed-rss"))
    later = story.updated_at + datetime.timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        story.status = story.Status.WITHDRAWN
        story.save()
        again = client.get(
            reverse("articles:feed-rss"),
            HTTP_IF_NONE_MATCH=first["ETag"],
            HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
        )
    assert again.status_code == 200
    assert story.headline.encode() not in again.content


def test_scheduled_story_changes_the_feed_when_its_time_comes(client):
    StoryFactory()
    scheduled = StoryFactory(scheduled=True)
    first = client.get(reverse("articles:feed-rss"))
    with time_machine.travel(scheduled.published_at + datetime.timedelta(minutes=1), tick=False):
        again = client.get(
            reverse("articles:feed-rss"),
            HTTP_IF_NONE_MATCH=first["ETag"],
            HTTP_IF_MODIFIED_SINCE=http_date(scheduled.published_at.timestamp() - 60),
        )
    assert again.status_code == 200
    assert scheduled.headline.encode() in again.content


@pytest.mark.parametrize("size", [3, 30])
def test_feed_query_count_does_not_grow_with_entries(client, size, django_assert_num_queries):
    StoryFactory.create_batch(size, tags=["awards"], lead_photo=PhotoFactory())
    # freshness stamp, stories with section/photo/publisher, their tags, their corrections
    with django_assert_num_queries(4):
        parse(client, reverse("articles:feed-rss"))


def test_a_feed_entry_carries_the_storys_corrections(client):
    story = StoryFactory(headline="Officers recognised")
    CorrectionFactory(story=story, text="The programme began in 2017, not 2016.")

    _response, feed = parse(client, reverse("articles:feed-atom"))
    (entry,) = feed.entries

    assert "Corrections and updates" in entry.content[0].value
    assert "The programme began in 2017, not 2016." in entry.content[0].value
