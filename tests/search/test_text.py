"""The text the index stores and the highlighted HTML results show."""

from search.querysets import query_words
from search.results import highlighted_html, marked_html
from search.text import START_MARK, STOP_MARK, clean, fold, plain_text


def test_fold_removes_accents_and_case():
    assert fold("Michoacán RUÍZ Capacitación Ñandú") == "michoacan ruiz capacitacion nandu"


def test_plain_text_separates_the_words_of_adjacent_paragraphs():
    assert plain_text("<p>careers.</p><p>The ministry</p><h2>From</h2>") == (
        "careers. The ministry From"
    )


def test_plain_text_keeps_words_with_inline_markup_whole():
    assert plain_text("<p>Recibieron <em>capa</em>citación.</p>") == "Recibieron capacitación."


def test_plain_text_decodes_entities_once():
    assert plain_text("<p>Fish &amp; chips &lt;b&gt; &amp;lt;</p>") == "Fish & chips <b> &lt;"


def test_clean_turns_control_characters_into_spaces_and_drops_highlight_marks():
    assert clean(f"Morelia\x00Uruapan\t{START_MARK}Zamora{STOP_MARK}") == "Morelia Uruapan Zamora"


def test_clean_keeps_words_joined_by_a_soft_hyphen_whole():
    assert clean("capaci\u00adtación") == "capacitación"


def test_query_words_are_folded_distinct_and_free_of_punctuation():
    assert query_words('"Michoacán", MICHOACAN; ruiz-ortiz 100%') == [
        "michoacan",
        "ruiz",
        "ortiz",
        "100",
    ]


def test_marked_html_escapes_everything_but_the_highlights():
    text = f"<script>x</script> & {START_MARK}Michoacán{STOP_MARK}"
    assert marked_html(text) == ("&lt;script&gt;x&lt;/script&gt; &amp; <mark>Michoacán</mark>")


def test_highlighted_html_marks_accented_words_found_without_accents():
    assert highlighted_html("Officers of Michoacán <b>", ["michoacan"]) == (
        "Officers of <mark>Michoacán</mark> &lt;b&gt;"
    )


def test_highlighted_html_marks_every_occurrence_once():
    assert highlighted_html("Ruíz and RUIZ", ["ruiz", "ru"]) == (
        "<mark>Ruíz</mark> and <mark>RUIZ</mark>"
    )
