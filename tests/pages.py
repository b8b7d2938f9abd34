"""Reading rendered pages the way a reader's browser does, for assertions about their HTML."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""
    children_text: list = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self._open = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                finished = self._open[index]
                del self._open[index:]
                finished.text = " ".join("".join(finished.children_text).split())
                return

    def handle_data(self, data):
        for element in self._open:
            element.children_text.append(data)


class Page:
    """A parsed response: its elements in document order, each with its attributes and text."""

    def __init__(self, response):
        self.response = response
        self.html = response.content.decode()
        parser = _PageParser()
        parser.feed(self.html)
        parser.close()
        self.elements = parser.elements

    def find_all(self, tag, **attrs):
        return [
            element
            for element in self.elements
            if element.tag == tag
            and all(element.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())
        ]

    def find(self, tag, **attrs):
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def texts(self, tag, **attrs):
        return [element.text for element in self.find_all(tag, **attrs)]

    def hrefs(self):
        return {element.attrs.get("href") for element in self.find_all("a")}

    def link_texts(self, href):
        return [element.text for element in self.find_all("a", href=href)]

    @property
    def text(self):
        """Everything a reader can read in the body, as one whitespace-normalised string."""
        body = self.find("body")
        return body.text


def page(response):
    return Page(response)


def story_sitemap_urls(*stories):
    """The addresses of the story sitemap pages that list ``stories``. Pages hold ranges of
    story numbers, and on PostgreSQL earlier tests have used up the low numbers, so the first
    page may list none of a test's stories."""
    import math

    from django.urls import reverse

    from articles.sitemaps import StorySitemap

    address = reverse("sitemap-section", kwargs={"section": "stories"})
    numbers = sorted({math.ceil(story.pk / StorySitemap.limit) for story in stories})
    return [f"{address}?p={number}" for number in numbers]
