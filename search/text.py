"""Turning stored content into the plain, comparable text the search index holds."""

import functools
import unicodedata
from html.parser import HTMLParser

# Private-use characters that mark highlights in PostgreSQL's snippets. They are removed from every
# indexed text, so any that appear in a snippet were put there by ts_headline and nothing else.
START_MARK = "\ue000"
STOP_MARK = "\ue001"
_MARKS = {ord(START_MARK): None, ord(STOP_MARK): None}


# Tags inside a line of text; any other tag (a paragraph, a heading, a list item) separates words,
# so that "</p><p>" does not glue the last word of one paragraph to the first of the next.
INLINE_TAGS = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
               "strong", "sub", "sup", "u"}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html):
    """The words of an HTML fragment, without its markup, on one line."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return clean("".join(extractor.parts))


def clean(text):
    """``text`` on one line, without control characters or highlight marks."""
    text = (text or "").translate(_MARKS)
    return " ".join("".join(_visible(char) for char in text).split())


# Text repeats a small alphabet: remembering each character's answer makes indexing an archive
# of long bodies several times faster than asking unicodedata for every character.
@functools.lru_cache(maxsize=8192)
def _visible(char):
    category = unicodedata.category(char)
    if category == "Cc":  # NUL, tabs, newlines and other control characters separate words
        return " "
    if category == "Cf":  # soft hyphens and zero-width characters sit inside words
        return ""
    return char


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part)).casefold()


def fold(text):
    """``text`` without accents and case: "Michoacán" and "MICHOACAN" both become "michoacan"."""
    if text.isascii():
        # ASCII has nothing to decompose, and its casefold is its lower case.
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def fold_with_positions(text):
    """``fold(text)``, and for each folded character the index of the character it came from."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in _fold_char(char):
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions
