"""The story form speaks plainly: labels staff understand, a web address shown whole, a clashing
address fixed rather than refused, and a body editor set up for writing in the story's language."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Story
from tests.articles.story_forms import change_form_data, change_url
from tests.articles.test_admin import story_form_data
from tests.factories import EditorFactory, StoryFactory, WriterFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

STORY_ADD = reverse("admin:articles_story_add")


def clash_message(response):
    [message] = [
        str(message)
        for message in get_messages(response.wsgi_request)
        if "belongs to another story" in str(message)
    ]
    return message


def label_texts(response):
    return [label.text.strip().rstrip(":") for label in page(response).find_all("label")]


def test_the_story_form_uses_plain_words_for_its_fields(client):
    client.force_login(EditorFactory())
    labels = label_texts(client.get(STORY_ADD))
    assert {"Web address", "Summary", "People in this story"} <= set(labels)
    assert not {"Slug", "Standfirst"} & set(labels)


def test_the_form_explains_fields_in_words_on_the_page_not_only_tooltips(client):
    client.force_login(EditorFactory())
    html = page(client.get(STORY_ADD))
    help_texts = " ".join(element.text for element in html.find_all("div", class_="help"))
    assert "sum the story up" in help_texts
    assert "It can change until the story is first published" in help_texts


def test_the_web_address_is_shown_whole(client):
    client.force_login(EditorFactory())
    html = page(client.get(STORY_ADD))
    [prefix] = html.find_all("span", class_="web-address__prefix")
    assert prefix.text == settings.NEWSROOM_BASE_URL + "/stories/"


def test_a_spanish_storys_web_address_is_shown_under_es(client):
    story = StoryFactory(draft=True, language="es")
    client.force_login(EditorFactory())
    html = page(client.get(change_url(story)))
    [prefix] = html.find_all("span", class_="web-address__prefix")
    assert prefix.text == settings.NEWSROOM_BASE_URL + "/es/stories/"


def test_the_body_is_spell_checked_in_the_storys_language(client):
    story = StoryFactory(draft=True, language="es")
    client.force_login(EditorFactory())
    [body] = page(client.get(change_url(story))).find_all("textarea", name="body")
    assert (body.attrs["lang"], body.attrs["spellcheck"]) == ("es", "true")


def test_the_link_dialog_buttons_say_what_they_do(client):
    client.force_login(EditorFactory())
    response = client.get(STORY_ADD)
    words = response.context["editor_words"]["editor"]
    assert words["Update:Edit Link"] == "Save the link"
    assert '<script id="desk-editor-words" type="application/json">' in response.content.decode()


def test_a_clashing_web_address_is_given_the_next_free_one(client):
    StoryFactory(slug="officers-recognised", headline="The first story")
    StoryFactory(slug="officers-recognised-2")
    writer = WriterFactory()
    client.force_login(writer)
    response = client.post(
        STORY_ADD, story_form_data(slug="officers-recognised", _save_draft="Save draft")
    )
    assert response.status_code == 302
    story = Story.objects.get(created_by=writer)
    assert story.slug == "officers-recognised-3"


def test_the_clash_names_the_story_holding_the_address_with_a_link(client):
    holder = StoryFactory(slug="officers-recognised", headline="The first story")
    editor = EditorFactory()
    story = StoryFactory(draft=True, slug="a-new-story")
    client.force_login(editor)
    response = client.post(
        change_url(story), {**change_form_data(story, slug="officers-recognised"), "_continue": 1}
    )
    message = clash_message(response)
    assert "“officers-recognised” belongs to another story" in message
    assert f'<a href="{change_url(holder)}">The first story</a>' in message
    assert "“officers-recognised-2” instead" in message


def test_even_a_withdrawn_story_keeps_its_address_and_is_named(client):
    StoryFactory(slug="withdrawn-address", headline="Taken down", withdrawn=True)
    story = StoryFactory(draft=True)
    client.force_login(EditorFactory())
    response = client.post(
        change_url(story), {**change_form_data(story, slug="withdrawn-address"), "_continue": 1}
    )
    story.refresh_from_db()
    assert story.slug == "withdrawn-address-2"
    message = clash_message(response)
    assert "“<a href=" in message
    assert ">Taken down</a>” (withdrawn)" in message


def test_a_writer_is_led_to_the_public_page_of_a_colleagues_story(client):
    holder = StoryFactory(slug="public-address", headline="Out already")
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    response = client.post(
        change_url(story), {**change_form_data(story, slug="public-address"), "_continue": 1}
    )
    message = clash_message(response)
    assert f'<a href="{holder.get_absolute_url()}">Out already</a>' in message


def test_a_form_refused_for_another_reason_already_carries_the_free_address(client):
    StoryFactory(slug="taken")
    story = StoryFactory(draft=True)
    client.force_login(EditorFactory())
    response = client.post(
        change_url(story), {**change_form_data(story, slug="taken", headline=""), "_continue": 1}
    )
    assert response.status_code == 200
    html = page(response)
    assert html.find("input", name="slug").attrs["value"] == "taken-2"
    assert "belongs to another story" in html.text


def test_free_slug_fits_the_field():
    long_slug = "a" * 250
    StoryFactory(slug=long_slug)
    free = Story.objects.free_slug(long_slug)
    assert (len(free), free.endswith("-2")) == (250, True)
