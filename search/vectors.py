"""PostgreSQL full-text search: the text search configurations, vectors and queries.

Migration 0001 creates the two configurations: copies of PostgreSQL's ``english`` and ``spanish``
that pass every word through ``unaccent`` before stemming, so that "Michoacan" finds "Michoacán"
and "capacitacion" finds "capacitación".
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Case, F, TextField, Value, When

TEXT_SEARCH_CONFIGS = {"en": "english_unaccent", "es": "spanish_unaccent"}
DEFAULT_CONFIG = TEXT_SEARCH_CONFIGS["en"]


def config_for_language(language):
    return TEXT_SEARCH_CONFIGS.get(language, DEFAULT_CONFIG)


def document_config():
    """Each document's configuration, chosen by its ``language`` column."""
    return Case(
        *[
            When(language=language, then=Value(config))
            for language, config in TEXT_SEARCH_CONFIGS.items()
        ],
        default=Value(DEFAULT_CONFIG),
        output_field=TextField(),
    )


def weighted_vector(config, title, summary, body):
    """Title above summary above body: a word in a headline outranks the same word in a body."""
    return (
        SearchVector(title, config=config, weight="A")
        + SearchVector(summary, config=config, weight="B")
        + SearchVector(body, config=config, weight="C")
    )


def vector_of_values(language, title, summary, body):
    """The vector of texts about to be stored, for a single-row insert or update."""
    return weighted_vector(
        Value(config_for_language(language)),
        *(Value(text, output_field=TextField()) for text in (title, summary, body)),
    )


def vector_of_columns():
    """The vector of what each row already stores, for updating many rows in one statement."""
    return weighted_vector(document_config(), F("title"), F("summary"), F("body"))


def text_query(text):
    """``text`` as readers type it (words, "quoted phrases", -exclusions, or) in both languages.

    ``websearch_to_tsquery`` never fails on odd input: unbalanced quotes, operators and SQL are
    just words to it. The query is parsed once per configuration and the two are OR-ed, so that
    an English document matches English stems and a Spanish document Spanish stems.
    """
    queries = [
        SearchQuery(text, config=config, search_type="websearch")
        for config in TEXT_SEARCH_CONFIGS.values()
    ]
    combined = queries[0]
    for query in queries[1:]:
        combined = combined | query
    return combined
