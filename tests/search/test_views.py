"""The search page, on whichever database the suite runs: what it finds, what it never finds,
and how it answers odd input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    AwardFactory,
    OfficerFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    pytest.param({"draft": True}, id="draft"),
    pytest.param({"scheduled": True}, id="scheduled"),
    pytest.param({"withdrawn": True}, id="withdrawn"),
]


def search(client, q, **parameters):
    response = client.get(reverse("search:results"), {"q": q, **parameters})
    assert response.status_code == 200
    return page(response)


def found_urls(html):
    """The addresses the result titles link to, in order."""
    elements = html.elements
    return [
        elements[index + 1].attrs["href"]
        for index, element in enumerate(elements)
        if element.tag == "h2" and element.attrs.get("class") == "search-result__title"
    ]


def test_story_is_found_by_a_word_of_its_headline(client):
    story = StoryFactory(headline="Officers honoured in Morelia")
    assert found_urls(search(client, "Morelia")) == [story.get_absolute_url()]


def test_story_is_found_without_the_accents_it_is_written_with(client):
    story = StoryFactory(
        standfirst="The Ministry of Public Security of Michoacán honours two officers."
    )
    assert found_urls(search(client, "Michoacan")) == [story.get_absolute_url()]


def test_story_is_found_by_a_word_of_its_body_without_markup(client):
    story = StoryFactory(body="<p>Trained in <strong>first aid</strong></p><p>Graduates</p>")
    assert found_urls(search(client, "graduates")) == [story.get_absolute_url()]


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_unpublished_story_is_never_found(client, traits):
    StoryFactory(headline="Zacatecas officers recognised", **traits)
    html = search(client, "Zacatecas")
    assert found_urls(html) == []
    assert "0 results for “Zacatecas”" in html.text


def test_officer_with_consent_is_found_by_name(client):
    officer = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    assert found_urls(search(client, "ruiz ortiz")) == [officer.get_absolute_url()]


def test_officer_without_consent_is_never_found(client):
    OfficerFactory(full_name="Gerardo Duarte Arroyo", without_consent=True)
    assert found_urls(search(client, "Duarte")) == []


def test_officer_who_withdraws_consent_is_no_longer_found(client):
    officer = OfficerFactory(full_name="Gerardo Duarte Arroyo")
    officer.public_profile_consent = False
    officer.consent_recorded_at = None
    officer.save()
    assert found_urls(search(client, "Duarte")) == []


def test_programme_and_award_are_found(client):
    programme = TrainingProgrammeFactory(name="Strengthening Programme for Vulnerable Groups")
    award = AwardFactory(name="Social Merit Award", description="For vulnerable groups.")
    assert set(found_urls(search(client, "vulnerable"))) == {
        programme.get_absolute_url(),
        award.get_absolute_url(),
    }


def test_edited_headline_is_found_by_its_new_words_only(client):
    story = StoryFactory(headline="Officers recognised in Zamora")
    story.headline = "Officers recognised in Uruapan"
    story.save()
    assert found_urls(search(client, "Uruapan")) == [story.get_absolute_url()]
    assert found_urls(search(client, "Zamora")) == []


def test_results_say_their_count_and_what_was_searched_for(client):
    StoryFactory.create_batch(3, headline="Officers recognised in Morelia")
    html = search(client, "Morelia")
    assert html.find("p", class_="search-count").text == "3 results for “Morelia”"
    assert html.find("input", id="search-page-q").attrs["value"] == "Morelia"


def test_results_are_paginated_twenty_to_a_page_keeping_the_query(client):
    StoryFactory.create_batch(23, headline="Officers recognised in Morelia")
    first = search(client, "Morelia")
    assert len(found_urls(first)) == 20
    next_link = first.find("a", rel="next").attrs["href"]
    assert next_link == f"{reverse('search:results')}?q=Morelia&page=2"
    second = page(client.get(next_link))
    assert len(found_urls(second)) == 3
    assert second.find("a", rel="prev").attrs["href"] == f"{reverse('search:results')}?q=Morelia"
    assert not set(found_urls(first)) & set(found_urls(second))


def test_only_the_newest_matching_stories_are_ranked_and_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr("search.querysets.MAX_RANKED_STORIES", 2)
    monkeypatch.setattr("search.views.MAX_RANKED_STORIES", 2)
    oldest, newer, newest = (StoryFactory(headline=f"Lighthouse {n}") for n in range(3))
    officer = OfficerFactory(full_name="Lighthouse Keeper")
    html = search(client, "lighthouse")
    assert set(found_urls(html)) == {
        newer.get_absolute_url(),
        newest.get_absolute_url(),
        officer.get_absolute_url(),
    }
    assert "Only the 2 newest matching stories are shown" in html.text


def test_a_search_within_the_limit_says_nothing_of_it(client):
    StoryFactory(headline="Lighthouse")
    assert "newest matching stories" not in search(client, "lighthouse").text


def test_a_page_number_out_of_range_shows_the_last_page(client):
    StoryFactory.create_batch(2, headline="Officers recognised in Morelia")
    assert len(found_urls(search(client, "Morelia", page="99"))) == 2
    assert len(found_urls(search(client, "Morelia", page="abc"))) == 2


def test_a_headline_with_markup_is_shown_as_text(client):
    StoryFactory(headline="Officers <script>alert(1)</script> in Morelia")
    html = search(client, "Morelia")
    assert "<script>alert(1)</script>" not in html.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.html


def test_empty_search_shows_the_form_and_a_hint_without_results(client):
    response = client.get(reverse("search:results"))
    html = page(response)
    assert response.status_code == 200
    assert html.find("form", class_="search-form").attrs["role"] == "search"
    assert html.find_all("p", class_="search-count") == []
    assert html.find_all("p", class_="search-hint")


ODD_INPUT = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("Morelia " * 150, id="1200-characters"),
    pytest.param('"unbalanced quote', id="quote"),
    pytest.param("100%", id="percent"),
    pytest.param("_", id="underscore"),
    pytest.param("'; DROP TABLE articles_story; --", id="sql"),
    pytest.param("Morelia' OR '1'='1", id="sql-or"),
    pytest.param("<script>alert(1)</script>", id="html"),
    pytest.param("Morelia\x00", id="nul"),
    pytest.param("!!! & | <-> :* ()", id="tsquery-operators"),
    pytest.param("-", id="minus"),
    pytest.param("the and of", id="stop-words"),
    pytest.param("🚓 Michoacán", id="emoji"),
]


@pytest.mark.parametrize("q", ODD_INPUT)
def test_odd_input_gives_a_normal_page(client, q):
    StoryFactory(headline="Officers recognised in Morelia")
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html


def test_too_long_a_search_is_refused_with_a_message_and_no_results(client):
    StoryFactory(headline="Officers recognised in Morelia")
    html = search(client, "Morelia " * 150)
    assert found_urls(html) == []
    assert "Search for at most 200 characters" in html.find("p", class_="search-form__error").text
    assert html.find("input", id="search-page-q").attrs["aria-invalid"] == "true"


def test_search_with_html_shows_it_escaped_in_the_count(client):
    html = search(client, "<b>Morelia</b>")
    assert "<b>Morelia</b>" not in html.html
    assert html.find("p", class_="search-count").text == "0 results for “<b>Morelia</b>”"


def test_search_for_sql_finds_nothing_and_changes_nothing(client):
    story = StoryFactory(headline="Officers recognised in Morelia")
    search(client, "'; DELETE FROM articles_story; --")
    assert found_urls(search(client, "Morelia")) == [story.get_absolute_url()]


def test_search_page_asks_search_engines_not_to_index_it(client):
    html = search(client, "Morelia")
    assert html.find("meta", name="robots").attrs["content"] == "noindex, follow"


@pytest.mark.parametrize("size", [3, 25])
def test_search_page_runs_two_queries_whatever_it_finds(client, size):
    StoryFactory.create_batch(size, headline="Officers recognised in Morelia")
    OfficerFactory.create_batch(size, municipality="Morelia")
    TrainingProgrammeFactory(description="Run from Morelia.")
    AwardFactory(description="Given in Morelia.")
    with CaptureQueriesContext(connection) as queries:
        html = search(client, "Morelia")
    # The count, then the page of results with each result's story, officer, programme or award;
    # on PostgreSQL, inside a transaction that has them planned for their values
    # (search/planning.py).
    statements = [query["sql"].split()[0] for query in queries.captured_queries]
    assert [word for word in statements if word == "SELECT"] == ["SELECT", "SELECT"]
    assert set(statements) <= {"SELECT", "SAVEPOINT", "SET", "RELEASE"}
    assert len(found_urls(html)) == min(20, 2 * size + 2)


def test_empty_search_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("search:results"))


# The form in the header


def public_pages():
    story = StoryFactory(tags=["awards"])
    officer = OfficerFactory()
    return [
        reverse("home"),
        reverse("articles:story-list"),
        story.get_absolute_url(),
        reverse("articles:tag-detail", kwargs={"slug": "awards"}),
        story.section.get_absolute_url(),
        reverse("people:officer-list"),
        officer.get_absolute_url(),
        reverse("people:programme-list"),
        reverse("people:award-list"),
        reverse("search:results"),
        "/no/such/page/",
    ]


def test_every_page_has_the_search_form_in_its_header(client):
    for url in public_pages():
        html = page(client.get(url))
        (form,) = html.find_all("form", class_="site-search")
        assert form.attrs["role"] == "search", url
        assert form.attrs["method"] == "get", url
        assert form.attrs["action"] == reverse("search:results"), url
        field = html.find("input", id="site-search-q")
        assert field.attrs["name"] == "q"
        assert html.find("label", for_="site-search-q").text == "Search the site"


def test_header_form_searches_the_spanish_site_on_spanish_pages(client):
    with translation.override("es"):
        url = reverse("people:officer-list")
        search_url = reverse("search:results")
    html = page(client.get(url))
    assert html.find("form", class_="site-search").attrs["action"] == search_url == "/es/search/"
    assert html.find("label", for_="site-search-q").text == "Buscar en el sitio"
