"""A story and its editions in other languages: the rules that keep them a flat group, the
links between them on the page, in its head and in the sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError

from tests.factories import StoryFactory
from tests.pages import page, story_sitemap_urls

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def editions():
    english = StoryFactory(headline="Officers recognised", slug="officers-recognised")
    spanish = StoryFactory(
        headline="Agentes reconocidos",
        slug="agentes-reconocidos",
        language="es",
        translation_of=english,
    )
    return english, spanish


def edition_links(html):
    """The page's alternates in other languages; feeds (which have a type) are not editions."""
    return [
        link
        for link in html.find_all("link", rel="alternate")
        if "hreflang" in link.attrs and "type" not in link.attrs
    ]


def validation_codes(story):
    with pytest.raises(ValidationError) as raised:
        story.full_clean()
    return {error.code for errors in raised.value.error_dict.values() for error in errors}


# The rules


def test_spanish_translation_of_an_english_story_is_valid(editions):
    _english, spanish = editions
    spanish.full_clean()


def test_story_cannot_translate_itself():
    story = StoryFactory()
    story.translation_of = story
    assert "translation_of_itself" in validation_codes(story)


def test_translation_must_be_in_another_language_than_its_original():
    english = StoryFactory()
    translation = StoryFactory.build(translation_of=english, language="en", section=english.section)
    assert "translation_same_language" in validation_codes(translation)


def test_translation_names_the_original_not_another_translation(editions):
    _english, spanish = editions
    third = StoryFactory.build(translation_of=spanish, language="en", section=spanish.section)
    assert "translation_of_translation" in validation_codes(third)


def test_an_original_with_translations_cannot_become_a_translation(editions):
    english, _spanish = editions
    other = StoryFactory(language="es")
    english.translation_of = other
    assert "original_cannot_be_translation" in validation_codes(english)


def test_an_original_cannot_take_the_language_of_one_of_its_translations(editions):
    english, _spanish = editions
    english.language = "es"
    assert "translation_same_language" in validation_codes(english)


def test_an_original_has_at_most_one_edition_per_language(editions):
    english, spanish = editions
    second = StoryFactory.build(translation_of=english, language="es", section=english.section)
    assert "translation_language_taken" in validation_codes(second)


def test_error_messages_name_the_language_in_words(editions):
    english, _spanish = editions
    translation = StoryFactory.build(translation_of=english, language="en", section=english.section)
    with pytest.raises(ValidationError) as raised:
        translation.full_clean()
    assert "which is in English" in raised.value.message_dict["language"][0]


# Editions


def test_each_edition_lists_the_other(editions):
    english, spanish = editions
    assert english.other_editions == [spanish]
    assert spanish.other_editions == [english]


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"withdrawn": True}])
def test_an_unpublished_edition_is_not_offered(traits):
    english = StoryFactory()
    StoryFactory(language="es", translation_of=english, **traits)
    assert english.other_editions == []
    assert english.edition_alternates() == []


def test_other_editions_cost_one_query_however_often_asked(editions, django_assert_num_queries):
    english, _spanish = editions
    with django_assert_num_queries(1):
        asked = [english.other_editions, english.other_editions, english.edition_alternates()]
    assert asked[0] is asked[1]


def test_a_spanish_story_lives_under_the_spanish_prefix(editions):
    english, spanish = editions
    assert english.get_absolute_url() == "/stories/officers-recognised/"
    assert spanish.get_absolute_url() == "/es/stories/agentes-reconocidos/"


# The story page


def test_english_page_links_to_the_spanish_edition_in_spanish(client, editions):
    english, spanish = editions
    html = page(client.get(english.get_absolute_url()))
    (link,) = [
        element
        for element in html.find_all("a", hreflang="es", lang="es")
        if element.attrs.get("class") != "language-switcher__link"
    ]
    assert link.attrs["href"] == spanish.get_absolute_url()
    assert link.text == "Leer esta noticia en español"


def test_spanish_page_links_to_the_english_edition_in_english(client, editions):
    english, spanish = editions
    html = page(client.get(spanish.get_absolute_url()))
    (link,) = [
        element
        for element in html.find_all("a", hreflang="en", lang="en")
        if element.attrs.get("class") != "language-switcher__link"
    ]
    assert link.attrs["href"] == english.get_absolute_url()
    assert link.text == "Read this story in English"


@pytest.mark.parametrize("which", [0, 1])
def test_both_editions_declare_both_hreflang_alternates(client, editions, which):
    english, spanish = editions
    html = page(client.get(editions[which].get_absolute_url()))
    alternates = {link.attrs["hreflang"]: link.attrs["href"] for link in edition_links(html)}
    assert alternates == {
        "en": BASE + english.get_absolute_url(),
        "es": BASE + spanish.get_absolute_url(),
    }


def test_story_without_another_edition_declares_no_hreflang(client):
    story = StoryFactory()
    html = page(client.get(story.get_absolute_url()))
    assert edition_links(html) == []
    assert html.find_all("p", class_="story__edition") == []


def test_story_article_declares_its_language(client, editions):
    _english, spanish = editions
    html = page(client.get(spanish.get_absolute_url()))
    assert html.find("article", class_="story").attrs["lang"] == "es"
    assert html.find("html").attrs["lang"] == "es"


def test_english_story_read_in_the_spanish_interface_keeps_its_own_language_and_canonical(
    client,
):
    story = StoryFactory()
    response = client.get(f"/es{story.get_absolute_url()}")
    html = page(response)
    assert html.find("html").attrs["lang"] == "es"
    assert html.find("article", class_="story").attrs["lang"] == "en"
    assert html.find("link", rel="canonical").attrs["href"] == BASE + story.get_absolute_url()


def test_translated_edition_says_its_quotations_are_translated(client, editions):
    from tests.factories import QuoteFactory

    english, spanish = editions
    QuoteFactory(story=spanish, text="Trabajamos con seres humanos.")
    QuoteFactory(story=english)
    assert page(client.get(spanish.get_absolute_url())).find("p", class_="story__note").text == (
        "Las citas están traducidas de la edición original de esta noticia."
    )
    assert page(client.get(english.get_absolute_url())).find_all("p", class_="story__note") == []


# The sitemap


def sitemap_alternates(client, *stories):
    """Each listed address with its alternates, from the sitemap pages that list ``stories``."""
    found = {}
    for address in story_sitemap_urls(*stories):
        root = ET.fromstring(client.get(address).content)
        for url in root.findall("s:url", SITEMAP_NS):
            found[url.find("s:loc", SITEMAP_NS).text] = {
                link.attrib["hreflang"]: link.attrib["href"]
                for link in url.findall("x:link", SITEMAP_NS)
            }
    return found


def test_sitemap_lists_each_edition_with_both_alternates(client, editions):
    english, spanish = editions
    both = {"en": BASE + english.get_absolute_url(), "es": BASE + spanish.get_absolute_url()}
    assert sitemap_alternates(client, english, spanish) == {
        BASE + english.get_absolute_url(): both,
        BASE + spanish.get_absolute_url(): both,
    }


def test_sitemap_gives_no_alternates_to_a_story_without_a_published_edition(client):
    english = StoryFactory()
    spanish = StoryFactory(language="es", translation_of=english, draft=True)
    assert sitemap_alternates(client, english, spanish) == {BASE + english.get_absolute_url(): {}}
