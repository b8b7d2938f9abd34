"""What a search result shows, with its highlights as safe HTML."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.translated import translated_name

from .querysets import query_words
from .text import START_MARK, STOP_MARK, fold_with_positions

SNIPPET_WORDS = 30


@dataclass
class SearchResult:
    document: object
    title_html: str
    snippet_html: str

    @property
    def kind(self):
        return self.document.kind

    @property
    def kind_label(self):
        return self.document.get_kind_display()

    @property
    def target(self):
        return self.document.target

    @property
    def url(self):
        return self.document.get_absolute_url()


def results_for(documents, text):
    """One ``SearchResult`` per document of a page of ``SearchDocument.objects.search(text)``."""
    words = query_words(text)
    return [_result(document, words) for document in documents]


def _result(document, words):
    # A programme or award named in the reader's language is shown by that name.
    shown_title = document.title
    if document.kind in {"programme", "award"}:
        translated = translated_name(document.target)
        if translated != document.target.name:
            shown_title = translated
    if hasattr(document, "marked_title"):
        title_html = (
            marked_html(document.marked_title)
            if shown_title == document.title
            else highlighted_html(shown_title, words)
        )
        return SearchResult(document, title_html, marked_html(document.marked_snippet))
    return SearchResult(
        document,
        highlighted_html(shown_title, words),
        highlighted_html(_excerpt(" ".join((document.summary, document.body)), words), words),
    )


def marked_html(text):
    """PostgreSQL's highlighted text as HTML: everything escaped, then the marks made <mark>.

    Escaping first means nothing in a story, and nothing a reader typed, can become markup; the
    marks cannot be forged because they are removed from every indexed text.
    """
    return mark_safe(  # noqa: S308
        escape(text).replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    )


def highlighted_html(text, words):
    """``text`` escaped, with every accent- and case-insensitive occurrence of ``words`` marked."""
    spans = _matches(text, words)
    parts, position = [], 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308


def _matches(text, words):
    """(start, end) spans of ``text`` where a word occurs, without overlaps, in order."""
    folded, positions = fold_with_positions(text)
    spans = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(word, end)
    merged = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _excerpt(text, words):
    """About ``SNIPPET_WORDS`` words of ``text`` around the first word found, with ellipses."""
    tokens = text.split()
    if len(tokens) <= SNIPPET_WORDS:
        return text
    first = next(
        (
            index
            for index, token in enumerate(tokens)
            if any(word in fold_with_positions(token)[0] for word in words)
        ),
        0,
    )
    start = max(0, min(first - SNIPPET_WORDS // 3, len(tokens) - SNIPPET_WORDS))
    excerpt = " ".join(tokens[start : start + SNIPPET_WORDS])
    return f"{'… ' if start else ''}{excerpt}{' …' if start + SNIPPET_WORDS < len(tokens) else ''}"
