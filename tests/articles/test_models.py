import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Quote, Story
from tests.factories import OfficerFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_published_story_is_public():
    story = StoryFactory()
    assert list(Story.objects.published()) == [story]


def test_draft_story_is_not_public():
    StoryFactory(draft=True)
    assert not Story.objects.published().exists()


def test_scheduled_story_is_not_public_before_its_time():
    StoryFactory(scheduled=True)
    assert not Story.objects.published().exists()


def test_scheduled_story_becomes_public_when_its_time_comes_without_any_job():
    story = StoryFactory(scheduled=True)
    with time_travel(story.published_at + datetime.timedelta(seconds=1)):
        assert list(Story.objects.published()) == [story]


def test_withdrawn_story_is_not_public():
    StoryFactory(withdrawn=True)
    assert not Story.objects.published().exists()


@pytest.mark.parametrize(
    "traits",
    [{}, {"draft": True}, {"scheduled": True}, {"withdrawn": True}, {"status": "in_review"}],
)
def test_is_published_agrees_with_the_queryset(traits):
    story = StoryFactory(**traits)
    assert story.is_published() == Story.objects.published().filter(pk=story.pk).exists()


def test_body_is_sanitised_on_save():
    story = StoryFactory(
        body='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">bad</a>'
        '<a href="https://example.org">good</a></p><iframe src="https://x"></iframe>'
    )
    assert "script" not in story.body_html
    assert "onclick" not in story.body_html
    assert "javascript" not in story.body_html
    assert "iframe" not in story.body_html
    assert 'href="https://example.org"' in story.body_html


def test_body_keeps_allowed_structure():
    body = (
        "<h2>Heading</h2><p><strong>a</strong> <em>b</em></p><ul><li>c</li></ul>"
        "<blockquote>d</blockquote><figure><figcaption>e</figcaption></figure>"
        '<a href="mailto:press@example.org">mail</a>'
    )
    story = StoryFactory(body=body)
    for fragment in ["<h2>", "<strong>", "<em>", "<ul>", "<blockquote>", "<figcaption>", "mailto:"]:
        assert fragment in story.body_html


def test_dateline_reads_place_and_date():
    story = StoryFactory(
        dateline_place="Morelia (Mexico)", dateline_date=datetime.date(2021, 1, 12)
    )
    assert story.dateline == "Morelia (Mexico), 12 January 2021"


def test_dateline_date_defaults_to_the_publication_date():
    published_at = datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)
    story = StoryFactory(published_at=published_at)
    assert story.dateline_date == datetime.date(2021, 1, 12)


def test_publishing_without_a_time_publishes_now():
    story = StoryFactory(draft=True)
    story.status = Story.Status.PUBLISHED
    story.save()
    assert story.published_at <= timezone.now()
    assert story.first_published_at == story.published_at


def test_database_refuses_published_story_without_time():
    story = StoryFactory(draft=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(status=Story.Status.PUBLISHED)


def test_database_refuses_unknown_status():
    story = StoryFactory(draft=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(status="lost")


def test_slug_is_unique():
    StoryFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(slug="same")


def test_slug_cannot_change_once_published():
    story = StoryFactory(slug="original")
    story.slug = "changed"
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "slug" in error.value.message_dict


def test_slug_may_change_while_draft():
    story = StoryFactory(draft=True, slug="original")
    story.slug = "changed"
    story.full_clean()


def test_quote_needs_a_speaker():
    story = StoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(story=story, text="Words", officer=None, speaker_name="")


def test_quote_is_attributed_to_its_officer():
    officer = OfficerFactory(full_name="Alejandra Ruíz Ortiz", rank="Officer")
    quote = Quote.objects.create(story=StoryFactory(), text="Words", officer=officer)
    assert quote.attribution == "Officer Alejandra Ruíz Ortiz"


def test_related_stories_share_tags_and_are_public():
    section = SectionFactory()
    story = StoryFactory(section=section, tags=["police", "awards"])
    closest = StoryFactory(section=section, tags=["police", "awards"])
    other = StoryFactory(section=section, tags=["police"])
    StoryFactory(section=section, tags=["police", "awards"], draft=True)
    StoryFactory(section=section, tags=["unrelated"])
    assert list(Story.objects.related_to(story, "en")) == [closest, other]


def time_travel(moment):
    import time_machine

    return time_machine.travel(moment, tick=False)


def test_slug_of_a_scheduled_story_may_change_before_it_goes_public():
    story = StoryFactory(scheduled=True, slug="original")
    story.slug = "changed"
    story.full_clean()
