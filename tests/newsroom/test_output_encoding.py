"""Markup typed into any text field stays inert in every output.

Each payload goes into every text field of a story and of what the story shows (its photo, its
officer, quotation, link, correction, tag, section and media contact), and comes out of the
story page, its Open Graph tags and JSON-LD, the RSS, Atom and JSON feeds, and the admin page
where an Editor opens the story. Each output is read the way its consumer reads it: HTML as a
browser parses it, JSON-LD and JSON Feed as JSON, feed elements as text or as HTML according to
what their format says they hold.
"""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.articles.story_forms import change_url
from tests.factories import (
    CorrectionFactory,
    EditorFactory,
    FurtherLinkFactory,
    MediaContactFactory,
    OfficerFactory,
    PhotoFactory,
    QuoteFactory,
    SectionFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

PAYLOADS = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param('"><img src=x onerror=alert(1)>', id="attribute-breakout"),
    pytest.param("</script><script>alert(1)</script>", id="script-close-in-json"),
]
BODY_PAYLOADS = [
    '<p onclick="alert(1)">Officers</p>',
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">link</a>',
    "<iframe src=//evil.example></iframe>",
]
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
# The page's own scripts: files, and the JSON blocks and import map the server writes.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap"}


@pytest.fixture
def story(payload):
    photo = PhotoFactory(
        caption=f"Photo caption {payload}",
        credit=f"Credit {payload}",
        alt_text=f"Two officers holding certificates {payload}",
    )
    officer = OfficerFactory(full_name=f"Alejandra {payload}", rank=f"Rank {payload}")
    story = StoryFactory(
        headline=f"Headline {payload}",
        standfirst=f"Summary {payload}",
        body="".join(BODY_PAYLOADS) + f"<p>Body {payload}</p>",
        dateline_place=f"Morelia {payload}",
        lead_photo=photo,
        lead_photo_caption=f"Story caption {payload}",
        section=SectionFactory(name=f"Section {payload}"),
        officers=[officer],
        tags=[f"tag {payload}"],
        created_by=WriterFactory(),
    )
    QuoteFactory(story=story, officer=officer, text=f"Quote {payload}")
    QuoteFactory(
        story=story,
        officer=None,
        speaker_name=f"Speaker {payload}",
        speaker_role=f"Role {payload}",
        text=f"Second quote {payload}",
    )
    FurtherLinkFactory(story=story, label=f"Link {payload}")
    CorrectionFactory(story=story, text=f"Correction {payload}")
    story.media_contacts.add(MediaContactFactory(name=f"Contact {payload}", role=f"Role {payload}"))
    return story


class Elements(HTMLParser):
    """Every element a browser would build from an HTML text, with its attributes and, for
    scripts, their text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._script = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.found.append(element)
        if tag == "script":
            self._script = element

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data


def assert_inert(html):
    """No element of ``html`` could run anything: no event handler, no javascript: address,
    no inline script but the page's own data blocks (which must parse as JSON), no frame or
    object, and no image from the payload."""
    for element in Elements(html).found:
        tag, attrs = element["tag"], element["attrs"]
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"<{tag}> carries {handlers}"
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), f"<{tag} {name}={value}>"
        assert tag not in {"iframe", "object", "embed"}, f"<{tag}> in the output"
        assert not (tag == "img" and attrs.get("src") == "x"), "the payload's <img>"
        if tag == "script" and not attrs.get("src"):
            kind = attrs.get("type", "")
            assert kind in DATA_SCRIPT_TYPES, f"inline script {element['text'][:80]!r}"
            json.loads(element["text"])


class Text(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.shown = []
        self.feed(html)
        self.close()

    def handle_data(self, data):
        self.shown.append(data)


def texts(html):
    """The text a browser shows for ``html``."""
    return "".join(Text(html).shown)


def meta(html, key):
    return [
        element["attrs"]["content"]
        for element in Elements(html).found
        if element["tag"] == "meta"
        and key in (element["attrs"].get("property"), element["attrs"].get("name"))
    ]


# The story page, its Open Graph tags and its JSON-LD


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_story_page_shows_every_field_as_text(client, story, payload):
    html = client.get(story.get_absolute_url()).content.decode()
    assert_inert(html)
    shown = page(client.get(story.get_absolute_url()))
    assert f"Headline {payload}" in shown.texts("h1")
    for text in (
        f"Summary {payload}",
        f"Quote {payload}",
        f"Speaker {payload}",
        f"Link {payload}",
        f"Correction {payload}",
        f"Contact {payload}",
        f"Story caption {payload}",
        f"Credit {payload}",
    ):
        assert any(text in element.text for element in shown.elements), text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_open_graph_tags_carry_every_field_as_an_attribute_value(client, story, payload):
    html = client.get(story.get_absolute_url()).content.decode()
    assert meta(html, "og:title") == [f"Headline {payload}"]
    assert meta(html, "og:description") == [f"Summary {payload}"]
    assert meta(html, "og:image:alt") == [f"Two officers holding certificates {payload}"]
    assert meta(html, "twitter:title") == [f"Headline {payload}"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_ld_carries_every_field_as_a_json_string(client, story, payload):
    html = client.get(story.get_absolute_url()).content.decode()
    scripts = [
        element["text"]
        for element in Elements(html).found
        if element["tag"] == "script" and element["attrs"].get("type") == "application/ld+json"
    ]
    assert scripts
    assert all("</script" not in text.lower() for text in scripts)
    (article,) = [data for data in map(json.loads, scripts) if data.get("@type") == "NewsArticle"]
    assert article["headline"] == f"Headline {payload}"
    assert article["description"] == f"Summary {payload}"
    assert [note["text"] for note in article["correction"]] == [f"Correction {payload}"]


# The feeds


def feed_items(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rss_gives_plain_text_as_text_and_html_only_inert(client, story, payload):
    (item,) = feed_items(client, "articles:feed-rss").iter("item")
    assert item.findtext("title") == f"Headline {payload}"
    # A description is HTML to feed readers: the summary arrives as the text it is.
    description = item.findtext("description")
    assert_inert(description)
    assert texts(description) == f"Summary {payload}"
    assert_inert(item.findtext(CONTENT))
    assert f"Correction {payload}" in texts(item.findtext(CONTENT))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_atom_gives_plain_text_as_text_and_html_only_inert(client, story, payload):
    (entry,) = feed_items(client, "articles:feed-atom").iter(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert title.text == f"Headline {payload}"
    summary = entry.find(f"{ATOM}summary")
    if summary.get("type") == "html":
        assert_inert(summary.text)
        assert texts(summary.text) == f"Summary {payload}"
    else:
        assert summary.text == f"Summary {payload}"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert_inert(content.text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_feed_gives_plain_text_as_strings_and_html_only_inert(client, story, payload):
    (item,) = client.get(reverse("articles:feed-json")).json()["items"]
    assert item["title"] == f"Headline {payload}"
    assert item["summary"] == f"Summary {payload}"
    assert_inert(item["content_html"])
    assert "Body" in texts(item["content_html"])


# The admin page an Editor opens


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_body_editor_of_an_editors_page_is_given_only_sanitised_html(client, story, payload):
    client.force_login(EditorFactory())
    html = client.get(change_url(story)).content.decode()
    assert_inert(html)
    (body,) = page(client.get(change_url(story))).find_all("textarea", name="body")
    # What the editor's script turns into the page's DOM.
    assert_inert(body.text)
    assert "onclick" not in body.text and "onerror" not in body.text
    assert "Officers" in texts(body.text)


def test_the_body_editor_is_given_sanitised_html_again_when_a_save_is_refused(client):
    writer = WriterFactory()
    draft = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    response = client.post(
        change_url(draft),
        {"headline": "", "body": "".join(BODY_PAYLOADS), "_save_draft": "1"},
    )
    assert response.status_code == 200
    (body,) = page(response).find_all("textarea", name="body")
    assert_inert(body.text)
    assert "onclick" not in body.text and "onerror" not in body.text
