from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection, models
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat, StrIndex

from articles.querysets import offered_in_q, published_q
from people.querysets import public_officer_q

from .text import START_MARK, STOP_MARK, fold
from .vectors import document_config, text_query

# How many of the newest matching stories a search ranks. Ranking reads each match's whole
# vector, and a common word matches most of an archive: past this many, a search would slow down
# as the archive grows. Officers, programmes and awards that match are always ranked.
MAX_RANKED_STORIES = 500
# Words of the folded query the SQLite fallback looks for; more add nothing but work.
MAX_FALLBACK_WORDS = 8
SNIPPET_OPTIONS = {
    "start_sel": START_MARK,
    "stop_sel": STOP_MARK,
    "max_fragments": 2,
    "min_words": 12,
    "max_words": 30,
    # Keep short words ("The", "de") at a fragment's edges, so snippets start as sentences do.
    "short_word": 0,
    "fragment_delimiter": " … ",
}


class SearchDocumentQuerySet(models.QuerySet):
    def public(self):
        """Only documents of what a member of the public may see.

        Published stories and officers who consented, by the rules every public page uses;
        programmes and awards are always public.
        """
        return self.filter(
            published_q("story__")
            | public_officer_q("officer__")
            | Q(programme__isnull=False)
            | Q(award__isnull=False)
        )

    def for_language(self, language):
        """Documents for a reader of the site in ``language``: stories by the rule every list
        of stories follows (``Story.objects.for_language()``), everything else as it is."""
        return self.filter(Q(story__isnull=True) | offered_in_q(language, "story__"))

    def search(self, text):
        """Documents matching ``text``, best first.

        On PostgreSQL: full-text search in English and Spanish, accents ignored, ranked with the
        title above the summary above the body, each row annotated with ``marked_title`` and
        ``marked_snippet`` (highlights between ``START_MARK`` and ``STOP_MARK``). Elsewhere: every
        word of ``text`` must appear in the folded text, earliest mention first. Either way, only
        the matches ``_ranked_among()`` keeps are ranked, so a search costs the same in any
        size of archive.
        """
        if connection.vendor == "postgresql":
            return self._full_text_search(text)
        return self._folded_text_search(text)

    def for_results(self):
        """What a result shows: its object's name, address and (for a story) section and date."""
        return self.select_related("story__section", "officer", "programme", "award").defer(
            "folded",
            "vector",
            "story__body",
            "story__body_html",
            "officer__biography",
            "programme__description",
            "award__description",
            "award__criteria",
        )

    def _full_text_search(self, text):
        query = text_query(text)
        config = document_config()
        return (
            self._ranked_among(self.filter(vector=query))
            .annotate(
                rank=SearchRank(F("vector"), query),
                # PostgreSQL evaluates these costly functions only for the rows of the page.
                marked_title=SearchHeadline(
                    "title",
                    query,
                    config=config,
                    start_sel=START_MARK,
                    stop_sel=STOP_MARK,
                    highlight_all=True,
                ),
                marked_snippet=SearchHeadline(
                    Concat("summary", Value(" "), "body", output_field=TextField()),
                    query,
                    config=config,
                    **SNIPPET_OPTIONS,
                ),
            )
            .defer("summary", "body")
            .order_by("-rank", "-pk")
        )

    def _ranked_among(self, matching):
        """The documents of ``matching`` that a search ranks: the newest ``MAX_RANKED_STORIES``
        stories, newest by document number (an index read backwards, stopping at the limit;
        PostgreSQL reads the full-text index instead when the words are rare), and every
        officer, programme and award."""
        newest_stories = (
            matching.filter(story__isnull=False).order_by("-pk").values("pk")[:MAX_RANKED_STORIES]
        )
        if not connection.features.supports_slicing_ordering_in_compound:  # SQLite
            return matching.filter(Q(pk__in=newest_stories) | Q(story__isnull=True))
        # A UNION, so that PostgreSQL reads each part through its own index. Both parts already
        # hold every rule of ``self``: repeated outside, they would make PostgreSQL join the
        # whole archive to check again what the parts checked.
        everything_else = matching.filter(story__isnull=True).order_by().values("pk")
        chosen = newest_stories.union(everything_else, all=True)
        return self.model._default_manager.filter(pk__in=chosen)

    def _folded_text_search(self, text):
        words = query_words(text)
        if not words:
            return self.none()
        matching = self
        for word in words:
            matching = matching.filter(folded__contains=word)
        # The folded text starts with the title, so an earlier mention is a more prominent one.
        return (
            self._ranked_among(matching)
            .alias(first_mention=StrIndex("folded", Value(words[0])))
            .order_by("first_mention", "-pk")
        )


def query_words(text):
    """The distinct words of ``text``, folded, in order: "Michoacán, MICHOACAN" -> ["michoacan"]."""
    words = "".join(char if char.isalnum() else " " for char in fold(text)).split()
    return list(dict.fromkeys(words))[:MAX_FALLBACK_WORDS]
