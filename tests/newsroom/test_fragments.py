"""Kept fragments: a story card or an officer card is rendered once per version of what it shows,
and a change to anything it shows is a new version, shown at once.

The page cache is off here (tests/settings.py), so every request renders its page: what a
reader sees comes from the fragments alone.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Section, Story
from people.models import Officer
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    ParticipationFactory,
    PhotoFactory,
    SectionFactory,
    StoryFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

STORY_LIST = "articles:story-list"


def card_headlines(response):
    return page(response).texts("h2", class_="story-card__headline")


def card_sections(response):
    return page(response).texts("p", class_="kicker")


def officer_names(response):
    return page(response).texts("h2", class_="officer-card__name")


def test_a_kept_story_card_is_used_while_the_story_is_unchanged(client):
    story = StoryFactory(headline="As published")
    client.get(reverse(STORY_LIST))
    # A write that moves no stamp is not seen by readers: the card was kept, not rendered again.
    Story.objects.filter(pk=story.pk).update(headline="Never saved through the model")
    assert card_headlines(client.get(reverse(STORY_LIST))) == ["As published"]


def test_a_saved_story_shows_its_new_card_at_once(client):
    story = StoryFactory(headline="Before")
    client.get(reverse(STORY_LIST))
    story.headline = "After"
    story.save()
    assert card_headlines(client.get(reverse(STORY_LIST))) == ["After"]


def test_a_renamed_section_shows_on_every_card_at_once(client):
    section = SectionFactory(name="News")
    StoryFactory(section=section)
    client.get(reverse(STORY_LIST))
    Section.objects.filter(pk=section.pk).update(name="Features")
    assert card_sections(client.get(reverse(STORY_LIST))) == ["Features"]


def test_a_new_lead_photo_shows_on_the_card_at_once(client):
    story = StoryFactory(lead_photo=None)
    client.get(reverse(STORY_LIST))
    assert not page(client.get(reverse(STORY_LIST))).find_all("img")
    story.lead_photo = PhotoFactory(alt_text="Two officers receive the award")
    story.save()
    images = page(client.get(reverse(STORY_LIST))).find_all("img")
    assert [image.attrs.get("alt") for image in images] == ["Two officers receive the award"]


def test_a_card_is_kept_per_language(client):
    StoryFactory(headline="Officers recognised", language="en")
    english_list = reverse(STORY_LIST)
    client.get(english_list)
    spanish = client.get("/es" + english_list)
    # On the Spanish site the English story is marked as being in English.
    assert page(spanish).texts("span", class_="story-card__language") == ["In English"]
    english = client.get(english_list)
    assert page(english).texts("span", class_="story-card__language") == []


def test_signed_in_staff_never_get_a_kept_card(client, admin_client):
    story = StoryFactory(headline="As published")
    client.get(reverse(STORY_LIST))
    Story.objects.filter(pk=story.pk).update(headline="Written around the model")
    assert card_headlines(admin_client.get(reverse(STORY_LIST))) == ["Written around the model"]


def test_an_officer_saved_shows_on_their_card_at_once(client):
    officer = OfficerFactory(full_name="Ana Ruiz", rank="Officer")
    directory = reverse("people:officer-list")
    assert officer_names(client.get(directory)) == ["Officer Ana Ruiz"]
    officer.rank = "Sub-inspector"
    officer.save()
    assert officer_names(client.get(directory)) == ["Sub-inspector Ana Ruiz"]


def test_an_officer_who_withdraws_consent_leaves_every_list_at_once(client):
    officer = OfficerFactory(public_profile_consent=True)
    programme = ParticipationFactory(officer=officer).programme
    client.get(programme.get_absolute_url())
    officer.public_profile_consent = False
    officer.save()
    assert officer.full_name not in page(client.get(programme.get_absolute_url())).text


def test_an_institution_renamed_shows_on_officer_cards_at_once(client):
    institution = OrganisationFactory(name="State Police of Michoacán")
    OfficerFactory(public_profile_consent=True, institution=institution)
    directory = reverse("people:officer-list")
    client.get(directory)
    type(institution).objects.filter(pk=institution.pk).update(name="Michoacán Civil Guard")
    institutions = page(client.get(directory)).texts("p", class_="officer-card__institution")
    assert institutions == ["Michoacán Civil Guard"]


def test_a_kept_card_still_names_its_rows_for_the_page_cache(client, settings):
    """The page cache learns what a page shows from the rows it loads; a kept card must not
    hide them, or a later change to the story would not reach the cached list."""
    from newsroom.caching.dependencies import collecting

    story = StoryFactory()
    client.get(reverse(STORY_LIST))
    with collecting() as dependencies:
        Client().get(reverse(STORY_LIST))
    assert f"story-{story.pk}" in dependencies.keys()


def test_the_kept_footer_shows_this_year(client, time_machine):
    time_machine.move_to(timezone.datetime(2030, 3, 1, tzinfo=timezone.get_current_timezone()))
    assert "© 2030" in page(client.get("/")).text
    time_machine.move_to(timezone.datetime(2031, 1, 2, tzinfo=timezone.get_current_timezone()))
    assert "© 2031" in page(client.get("/")).text


def test_the_kept_navigation_marks_the_current_page(client):
    Officer.objects.all().delete()
    home = page(client.get("/"))
    stories = page(client.get(reverse(STORY_LIST)))
    assert [a.attrs.get("aria-current") for a in home.find_all("a", class_="site-brand")] == [
        "page"
    ]
    assert [a.attrs.get("aria-current") for a in stories.find_all("a", class_="site-brand")] == [
        None
    ]
