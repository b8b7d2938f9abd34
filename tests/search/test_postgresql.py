"""Full-text search on PostgreSQL: English and Spanish stemming with accents ignored, ranking,
highlighted snippets, and the index the migrations create.

Run with DATABASE_URL pointing at PostgreSQL (CI does); on SQLite these are skipped.
"""

import pytest
from django.db import connection
from django.urls import reverse

from search.models import SearchDocument
from search.vectors import text_query
from tests.factories import OfficerFactory, StoryFactory
from tests.pages import page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
    ),
]


def search(client, q, **parameters):
    response = client.get(reverse("search:results"), {"q": q, **parameters})
    assert response.status_code == 200
    return page(response)


def found_urls(html):
    elements = html.elements
    return [
        elements[index + 1].attrs["href"]
        for index, element in enumerate(elements)
        if element.tag == "h2" and element.attrs.get("class") == "search-result__title"
    ]


def snippets(html):
    return [
        element
        for element in html.find_all("p")
        if element.attrs.get("class") == "search-result__snippet"
    ]


def test_migrations_create_the_unaccented_english_and_spanish_configurations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config ORDER BY cfgname")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT to_tsvector('spanish_unaccent', 'Capacitación en Michoacán')")
        (vector,) = cursor.fetchone()
    assert {"english_unaccent", "spanish_unaccent"} <= names
    assert vector == "'capacitacion':1 'michoac':3"


def test_migrations_create_a_gin_index_on_the_search_vector():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchdocument' "
            "AND indexdef LIKE '%USING gin (vector)%'"
        )
        assert cursor.fetchall()


def test_the_full_text_condition_can_use_the_gin_index():
    StoryFactory(headline="Officers recognised in Michoacán")
    with connection.cursor() as cursor:
        # With a handful of rows the planner rightly prefers to read the whole table; forbid
        # that (by sequential scan, or by walking another index) to prove the GIN index answers
        # the query's condition.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = SearchDocument.objects.filter(vector=text_query("Michoacan")).explain()
    assert "search_document_vector_gin" in plan


def test_saving_a_story_stores_its_weighted_vector():
    story = StoryFactory(
        headline="Morelia", standfirst="Uruapan", body="<p>Zamora</p>", dateline_place=""
    )
    document = SearchDocument.objects.get(story=story)
    assert "'morelia':1A" in document.vector
    assert "'uruapan':2B" in document.vector
    assert "'zamora':3C" in document.vector


def test_spanish_story_is_found_without_accents(client):
    story = StoryFactory(
        language="es",
        headline="Agentes reconocidos en Michoacán",
        body="<p>Recibieron capacitación en atención a víctimas.</p>",
    )
    for q in ["capacitacion", "Michoacan", "victimas", "CAPACITACIÓN"]:
        assert found_urls(search(client, q)) == [story.get_absolute_url()], q


def test_english_words_are_found_by_their_other_forms(client):
    story = StoryFactory(headline="Trainers recognised", body="<p>They trained officers.</p>")
    assert found_urls(search(client, "training")) == [story.get_absolute_url()]


def test_spanish_words_are_found_by_their_other_forms(client):
    story = StoryFactory(language="es", headline="Reconocen a los instructores", body="")
    assert found_urls(search(client, "instructor")) == [story.get_absolute_url()]


def test_quoted_phrase_finds_the_words_in_that_order_only(client):
    in_order = StoryFactory(headline="Social merit for two officers", body="")
    StoryFactory(headline="Merit of social programmes", body="", standfirst="")
    assert found_urls(search(client, '"social merit"')) == [in_order.get_absolute_url()]


def test_headline_outranks_standfirst_which_outranks_body(client):
    in_body = StoryFactory(headline="Two officers", standfirst="", body="<p>Uruapan</p>")
    in_headline = StoryFactory(headline="Uruapan officers", standfirst="", body="")
    in_standfirst = StoryFactory(headline="Officers", standfirst="From Uruapan.", body="")
    assert found_urls(search(client, "Uruapan")) == [
        in_headline.get_absolute_url(),
        in_standfirst.get_absolute_url(),
        in_body.get_absolute_url(),
    ]


def test_snippet_highlights_the_words_found_in_the_body(client):
    StoryFactory(
        headline="Two officers",
        standfirst="",
        body="<p>The officers trained colleagues across Michoacán de Ocampo.</p>",
        dateline_place="",
    )
    html = search(client, "michoacan")
    (snippet,) = snippets(html)
    assert snippet.text.startswith("The officers trained colleagues across Michoacán de Ocampo")
    assert "across <mark>Michoacán</mark> de Ocampo" in html.html


def test_title_highlights_the_words_found(client):
    StoryFactory(headline="Officers recognised in Michoacán")
    assert "Officers recognised in <mark>Michoacán</mark>" in search(client, "Michoacan").html


def test_snippet_never_turns_stored_text_into_markup(client):
    StoryFactory(
        headline="Two officers",
        standfirst='Officers <b>honoured</b> & "thanked" in Michoacán.',
        body="",
        dateline_place="",
    )
    (snippet,) = snippets(search(client, "Michoacan"))
    html = search(client, "Michoacan").html
    assert "<b>" not in html
    assert "&amp; &quot;thanked&quot; in <mark>Michoacán</mark>" in html
    assert snippet.text.startswith("Officers")


def test_highlight_marks_cannot_be_forged_by_stored_text(client):
    StoryFactory(
        headline="Two officers",
        standfirst="Morelia \ue000<b>\ue001 and more",
        body="",
        dateline_place="",
    )
    html = search(client, "Morelia").html
    assert "<mark><b>" not in html
    assert html.count("<mark>") == html.count("</mark>") == 1


@pytest.mark.parametrize(
    "q",
    ["the and of", '"', "-", "& | ! <->", "'; DROP TABLE search_searchdocument; --", "%_"],
)
def test_query_syntax_never_fails(client, q):
    StoryFactory(headline="Officers recognised")
    html = search(client, q)
    assert found_urls(html) == []


def test_officer_without_consent_is_never_found_even_by_exact_name(client):
    OfficerFactory(full_name="Gerardo Daniel Duarte Arroyo", without_consent=True)
    assert found_urls(search(client, '"Gerardo Daniel Duarte Arroyo"')) == []


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"withdrawn": True}])
def test_unpublished_story_is_never_found_even_when_it_ranks_highest(client, traits):
    StoryFactory(headline="Uruapan Uruapan Uruapan", **traits)
    public = StoryFactory(headline="Officers", body="<p>Uruapan</p>")
    html = search(client, "Uruapan")
    assert found_urls(html) == [public.get_absolute_url()]
    assert html.find("p", class_="search-count").text == "1 result for “Uruapan”"
