"""One language per edition: each site, its lists, its feeds and its search offer every story
once, in the site's language when that edition is out, and mark a story offered in another."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Story
from tests.factories import (
    AwardFactory,
    OfficerFactory,
    QuoteFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db


def spanish(name, **kwargs):
    with translation.override("es"):
        return reverse(name, **kwargs)


@pytest.fixture
def editions():
    """An English story with a published Spanish edition, sharing a tag, an officer, a
    programme and an award, as translations do."""
    officer = OfficerFactory()
    programme = TrainingProgrammeFactory()
    award = AwardFactory()
    shared = {"tags": ["awards"], "officers": [officer], "programmes": [programme]}
    english = StoryFactory(headline="Officers recognised", awards=[award], **shared)
    spanish_edition = StoryFactory(
        headline="Agentes reconocidos",
        language="es",
        translation_of=english,
        section=english.section,
        awards=[award],
        **shared,
    )
    return english, spanish_edition


def card_headlines(response):
    html = page(response)
    return html.texts("h2", class_="story-card__headline") + html.texts(
        "h3", class_="story-card__headline"
    )


# The rule


def test_english_site_offers_the_english_edition_only(editions):
    english, _spanish = editions
    assert list(Story.objects.published().for_language("en")) == [english]


def test_spanish_site_offers_the_spanish_edition_instead_of_its_original(editions):
    _english, spanish_edition = editions
    assert list(Story.objects.published().for_language("es")) == [spanish_edition]


def test_story_without_an_edition_in_the_language_is_offered_in_its_own():
    english_only = StoryFactory()
    spanish_only = StoryFactory(language="es")
    assert set(Story.objects.published().for_language("es")) == {english_only, spanish_only}
    assert set(Story.objects.published().for_language("en")) == {english_only, spanish_only}


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"withdrawn": True}])
def test_an_edition_readers_cannot_see_does_not_hide_the_original(traits):
    english = StoryFactory()
    StoryFactory(language="es", translation_of=english, **traits)
    assert list(Story.objects.published().for_language("es")) == [english]


def test_a_translated_original_gives_way_to_its_edition_in_the_language():
    original = StoryFactory(language="es")
    english = StoryFactory(language="en", translation_of=original)
    assert list(Story.objects.published().for_language("en")) == [english]
    assert list(Story.objects.published().for_language("es")) == [original]


# Lists


def test_english_story_list_carries_each_story_once_in_english(client, editions):
    assert card_headlines(client.get(reverse("articles:story-list"))) == ["Officers recognised"]


def test_spanish_story_list_carries_the_spanish_edition(client, editions):
    assert card_headlines(client.get(spanish("articles:story-list"))) == ["Agentes reconocidos"]


def test_spanish_list_marks_an_english_story_in_english(client):
    StoryFactory(headline="Only in English")
    html = page(client.get(spanish("articles:story-list")))
    mark = html.find("span", class_="story-card__language")
    assert mark.text == "In English"
    assert mark.attrs["lang"] == "en"


def test_english_list_marks_a_spanish_story_in_spanish(client):
    StoryFactory(headline="Solo en español", language="es")
    mark = page(client.get(reverse("articles:story-list"))).find(
        "span", class_="story-card__language"
    )
    assert mark.text == "En español"
    assert mark.attrs["lang"] == "es"


def test_a_story_in_the_site_language_is_not_marked(client, editions):
    html = page(client.get(spanish("articles:story-list")))
    assert html.find_all("span", class_="story-card__language") == []


@pytest.mark.parametrize(
    "name, kwargs_of",
    [
        ("home", lambda story: {}),
        ("articles:tag-detail", lambda story: {"slug": "awards"}),
        ("articles:section-detail", lambda story: {"slug": story.section.slug}),
        ("people:officer-detail", lambda story: {"slug": story.officers.get().slug}),
        ("people:programme-detail", lambda story: {"slug": story.programmes.get().slug}),
        ("people:award-detail", lambda story: {"slug": story.awards.get().slug}),
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_list_carries_the_story_once_in_the_site_language(
    client, editions, name, kwargs_of, language
):
    english, spanish_edition = editions
    shown = {"en": english, "es": spanish_edition}[language]
    hidden = {"en": spanish_edition, "es": english}[language]
    with translation.override(language):
        address = reverse(name, kwargs=kwargs_of(english))
    hrefs = [link.attrs.get("href") for link in page(client.get(address)).find_all("a")]
    assert shown.get_absolute_url() in hrefs
    assert hidden.get_absolute_url() not in hrefs


def test_spanish_home_leads_with_the_spanish_edition_of_the_lead_story(client):
    english = StoryFactory(headline="Officers recognised", featured=True)
    StoryFactory(headline="Agentes reconocidos", language="es", translation_of=english)
    StoryFactory(headline="Más reciente", language="es")
    html = page(client.get(spanish("home")))
    lead = html.find("article", class_="story-card story-card--lead")
    assert "Agentes reconocidos" in lead.text


def test_related_stories_are_in_the_site_language_and_never_the_story_itself(client, editions):
    english, _spanish = editions
    StoryFactory(headline="Another award story", tags=["awards"])
    StoryFactory(headline="Otra noticia de premios", tags=["awards"], language="es")
    related = card_headlines(client.get(f"/es{english.get_absolute_url()}"))
    assert sorted(related) == ["Another award story", "Otra noticia de premios"]


def test_officer_profile_lists_a_quotation_once_in_the_site_language(client, editions):
    english, spanish_edition = editions
    officer = english.officers.get()
    QuoteFactory(story=english, officer=officer, text="We work with human beings.")
    QuoteFactory(story=spanish_edition, officer=officer, text="Trabajamos con seres humanos.")
    with translation.override("es"):
        address = officer.get_absolute_url()
    text = page(client.get(address)).text
    assert "Trabajamos con seres humanos." in text
    assert "We work with human beings." not in text


# Feeds


def feed_entries(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return feedparser.parse(response.content).entries


def test_english_feed_gives_each_story_once(client, editions):
    entries = feed_entries(client, reverse("articles:feed-rss"))
    assert [entry.title for entry in entries] == ["Officers recognised"]


def test_spanish_feed_lives_under_the_spanish_prefix_and_carries_the_spanish_edition(
    client, editions
):
    address = spanish("articles:feed-rss")
    assert address == "/es/feeds/stories.rss"
    response = client.get(address)
    feed = feedparser.parse(response.content)
    assert feed.feed.language == "es"
    assert [entry.title for entry in feed.entries] == ["Agentes reconocidos"]


@pytest.mark.parametrize("name", ["articles:feed-rss", "articles:feed-atom", "articles:feed-json"])
def test_spanish_feeds_mark_an_english_story_in_english(client, name):
    StoryFactory(headline="Only in English")
    response = client.get(spanish(name))
    if name.endswith("json"):
        titles = [item["title"] for item in response.json()["items"]]
    else:
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
    assert titles == ["Only in English (In English)"]


def test_every_edition_carries_its_original_entry_id(client, editions):
    (english_entry,) = feed_entries(client, reverse("articles:feed-rss"))
    (spanish_entry,) = feed_entries(client, spanish("articles:feed-rss"))
    assert spanish_entry.id == english_entry.id


@pytest.mark.parametrize(
    "name, kwargs_of",
    [
        ("articles:tag-feed-rss", lambda story: {"slug": "awards"}),
        ("articles:section-feed-rss", lambda story: {"slug": story.section.slug}),
        ("people:officer-feed-rss", lambda story: {"slug": story.officers.get().slug}),
        ("people:programme-feed-rss", lambda story: {"slug": story.programmes.get().slug}),
    ],
)
def test_every_spanish_feed_carries_the_spanish_edition_only(client, editions, name, kwargs_of):
    english, _spanish = editions
    titles = [
        entry.title for entry in feed_entries(client, spanish(name, kwargs=kwargs_of(english)))
    ]
    assert titles == ["Agentes reconocidos"]


@pytest.mark.parametrize("language, other", [("en", "es"), ("es", "en")])
def test_pages_announce_the_feed_of_each_language_with_its_hreflang(client, language, other):
    with translation.override(language):
        address = reverse("articles:story-list")
    feeds = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page(client.get(address)).find_all(
            "link", rel="alternate", type="application/rss+xml"
        )
    }
    with translation.override(other):
        other_feed = reverse("articles:feed-rss")
    with translation.override(language):
        own_feed = reverse("articles:feed-rss")
    assert feeds == {language: own_feed, other: other_feed}


def test_spanish_feed_is_announced_with_a_spanish_title(client):
    html = page(client.get(reverse("articles:story-list")))
    link = html.find("link", rel="alternate", type="application/rss+xml", hreflang="es")
    assert link.attrs["title"] == "Newsroom: últimas noticias (RSS)"


# Search


def test_spanish_search_finds_the_spanish_edition_not_its_original(client, editions):
    hrefs = page(client.get(spanish("search:results"), {"q": "agentes"})).hrefs()
    _english, spanish_edition = editions
    assert spanish_edition.get_absolute_url() in hrefs


def test_english_search_does_not_find_the_spanish_edition_of_an_english_story(client, editions):
    english, spanish_edition = editions
    hrefs = page(client.get(reverse("search:results"), {"q": "agentes"})).hrefs()
    assert spanish_edition.get_absolute_url() not in hrefs
    hrefs = page(client.get(reverse("search:results"), {"q": "officers"})).hrefs()
    assert english.get_absolute_url() in hrefs


def test_search_marks_a_story_offered_in_another_language(client):
    StoryFactory(headline="Officers recognised")
    html = page(client.get(spanish("search:results"), {"q": "officers"}))
    mark = html.find("span", class_="search-result__language")
    assert (mark.text, mark.attrs["lang"]) == ("In English", "en")
