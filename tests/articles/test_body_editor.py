"""The rich-text editor for story bodies: served by the site itself, offering only what the
sanitiser keeps, and working under the Content-Security-Policy without loosening it for readers."""

import re

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles.forms import BODY_EDITOR_EXTENSIONS
from articles.models import Story
from articles.sanitizer import ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitize_html
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import EditorFactory, StoryFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

# What the editor writes for headings, emphasis, a link, both lists and a quotation.
EDITOR_OUTPUT = (
    "<h2>From trainees to trainers</h2>"
    '<p><strong>Two</strong> officers, <em>trained</em> by <a href="https://www.unodc.org/">UNODC</a>'
    "<br>now train others.</p>"
    "<ul><li><p>Michoacán</p></li></ul><ol><li><p>2017</p></li></ol>"
    "<blockquote><p>You are not alone.</p></blockquote><hr>"
)


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def directives(response):
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def test_everything_the_editor_can_write_is_kept_by_the_sanitiser():
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))
    assert allowlist["tags"] <= ALLOWED_TAGS
    assert allowlist["url_schemes"] == ALLOWED_URL_SCHEMES


def test_editor_output_survives_sanitising_unchanged_but_for_link_rel():
    cleaned = sanitize_html(EDITOR_OUTPUT)
    assert cleaned == EDITOR_OUTPUT.replace(
        '<a href="https://www.unodc.org/">',
        '<a href="https://www.unodc.org/" rel="noopener noreferrer">',
    )


def test_story_form_edits_the_body_in_the_rich_text_editor(editor_client):
    html = page(editor_client.get(reverse("admin:articles_story_add")))
    (body,) = html.find_all("textarea", name="body")
    assert "data-django-prose-editor-configurable" in body.attrs


def test_editor_scripts_and_styles_come_from_the_site_itself(editor_client):
    html = page(editor_client.get(reverse("admin:articles_story_add")))
    sources = [script.attrs["src"] for script in html.find_all("script") if "src" in script.attrs]
    sources += [link.attrs["href"] for link in html.find_all("link", rel="stylesheet")]
    assert any("django_prose_editor/editor.js" in source for source in sources)
    assert all(source.startswith(("/static/", "/admin/")) for source in sources), sources


def test_editor_import_map_runs_by_the_admin_pages_nonce(editor_client):
    response = editor_client.get(reverse("admin:articles_story_add"))
    (script_nonce,) = [
        value.removeprefix("'nonce-").removesuffix("'")
        for value in directives(response)["script-src"]
        if value.startswith("'nonce-")
    ]
    (import_map,) = page(response).find_all("script", type="importmap")
    assert import_map.attrs["nonce"] == script_nonce


def test_editor_base_styles_need_no_inline_style_but_an_empty_placeholder(editor_client):
    response = editor_client.get(reverse("admin:articles_story_add"))
    (placeholder,) = page(response).find_all("style")
    assert "data-tiptap-style" in placeholder.attrs
    assert placeholder.text == ""
    assert f"'nonce-{placeholder.attrs['nonce']}'" in directives(response)["style-src"]


def test_public_pages_keep_scripts_and_styles_to_the_site_alone(client):
    story = StoryFactory()
    policy = directives(client.get(story.get_absolute_url()))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_an_empty_editor_saves_an_empty_body(editor_client):
    story = StoryFactory(draft=True)
    editor_client.post(change_url(story), change_form_data(story, body="<p></p>", _continue="1"))
    assert Story.objects.get(pk=story.pk).body == ""


def test_script_in_the_body_never_reaches_readers(editor_client):
    story = StoryFactory(draft=True)
    editor_client.post(
        change_url(story),
        change_form_data(
            story, body='<p>Text<script>alert(1)</script><img src=x onerror="alert(2)"></p>'
        )
        | {"_publish": "Publish"},
    )
    body_html = Story.objects.get(pk=story.pk).body_html
    assert body_html == "<p>Text</p>"
    assert not re.search(r"script|onerror|<img", body_html)
