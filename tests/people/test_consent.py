"""The consent rule on every public page: an officer without consent to a public profile is not
named unless a public story names them (``Officer.objects.nameable()``)."""

import pytest

from newsroom.caching import dependencies
from people.models import Officer
from tests.factories import (
    AwardConferralFactory,
    AwardFactory,
    OfficerFactory,
    QuoteFactory,
    StoryFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    pytest.param({"draft": True}, id="draft"),
    pytest.param({"scheduled": True}, id="scheduled"),
    pytest.param({"withdrawn": True}, id="withdrawn"),
]
CITATION = "For enhancing police assistance to women and girls in Uruapan."


@pytest.fixture
def withheld():
    return OfficerFactory(full_name="Gerardo Duarte", without_consent=True)


def nameable():
    return set(Officer.objects.nameable())


# The rule


def test_an_officer_who_consented_is_nameable():
    officer = OfficerFactory()
    assert nameable() == {officer}


def test_an_officer_without_consent_no_public_story_names_is_not(withheld):
    assert nameable() == set()


def test_a_public_story_naming_an_officer_makes_them_nameable(withheld):
    StoryFactory(officers=[withheld])
    assert nameable() == {withheld}


def test_a_quotation_in_a_public_story_makes_its_speaker_nameable(withheld):
    QuoteFactory(officer=withheld)
    assert nameable() == {withheld}


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_a_story_readers_cannot_read_names_nobody(withheld, traits):
    StoryFactory(officers=[withheld], **traits)
    QuoteFactory(officer=withheld, story=StoryFactory(**traits))
    assert nameable() == set()


# Award pages


def award_page(client, award):
    response = client.get(award.get_absolute_url())
    assert response.status_code == 200
    return response


def test_award_page_leaves_out_a_recipient_without_consent_and_their_citation(client, withheld):
    conferral = AwardConferralFactory(officer=withheld, citation=CITATION)
    html = award_page(client, conferral.award).content.decode()
    assert "Gerardo Duarte" not in html
    assert CITATION not in html


def test_award_page_names_a_recipient_a_public_story_names_without_a_profile_link(client, withheld):
    conferral = AwardConferralFactory(officer=withheld, citation=CITATION)
    StoryFactory(officers=[withheld])
    html = page(award_page(client, conferral.award))
    assert "Officer Gerardo Duarte" in html.texts("h3", class_="record__title")
    assert CITATION in html.text
    assert withheld.get_absolute_url() not in html.hrefs()


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_a_story_readers_cannot_read_does_not_name_a_recipient(client, withheld, traits):
    conferral = AwardConferralFactory(
        officer=withheld, story=StoryFactory(officers=[withheld], **traits)
    )
    assert "Gerardo Duarte" not in award_page(client, conferral.award).content.decode()


def test_award_page_depends_on_the_stories_of_each_recipient_named_or_not(client, withheld):
    award = AwardFactory()
    AwardConferralFactory(award=award, officer=withheld)
    with dependencies.collecting() as shown:
        award_page(client, award)
    # A story naming them, once public, names them on this page too.
    assert dependencies.stories_of(withheld) in shown.keys()
