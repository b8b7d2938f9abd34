"""Malformed input to the admin is a 400 or a form error, never a 500: a NUL byte in an
autocomplete term, a search or a filter, and ids that are not numbers in a form's choices.

PostgreSQL refuses NUL in a query outright, where SQLite only fails to match: run on both.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Story
from photos.models import Photo
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import EditorFactory, PhotoFactory, StoryFactory

pytestmark = pytest.mark.django_db

NOT_AN_ID = ["abc", "1\x00", "\x00", "1; DROP TABLE articles_story", "-1", "99999999999999999999"]


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def every_autocomplete():
    """(app_label, model_name, field_name) of every autocomplete field of every admin form and
    inline."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]:
            for field_name in owner.autocomplete_fields:
                opts = owner.model._meta
                found.add((opts.app_label, opts.model_name, field_name))
    return sorted(found)


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), every_autocomplete())
def test_a_nul_byte_in_an_autocomplete_term_is_a_400(
    editor_client, app_label, model_name, field_name
):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": "Morelia\x00",
        },
    )
    assert response.status_code == 400


def test_an_autocomplete_term_without_a_nul_byte_still_answers(editor_client):
    StoryFactory(headline="Officers recognised in Morelia")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "story",
            "field_name": "translation_of",
            "term": "Morelia",
        },
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize("model", [Story, Photo])
@pytest.mark.parametrize(
    "query",
    [{"q": "Morelia\x00"}, {"publication": "\x00"}, {"language": "e\x00n"}, {"o": "\x00"}],
)
def test_a_nul_byte_in_a_change_lists_search_or_filter_is_not_a_500(editor_client, model, query):
    opts = model._meta
    response = editor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), query
    )
    assert response.status_code in (200, 302, 400)


STORY_CHOICE_FIELDS = ["lead_photo", "section", "translation_of", "publisher", "language"]
STORY_MULTIPLE_CHOICE_FIELDS = ["officers", "programmes", "awards"]


@pytest.mark.parametrize("value", NOT_AN_ID)
@pytest.mark.parametrize("field", STORY_CHOICE_FIELDS + STORY_MULTIPLE_CHOICE_FIELDS)
def test_a_story_form_choice_that_is_not_an_id_is_a_form_error(editor_client, field, value):
    story = StoryFactory(draft=True)
    data = change_form_data(story, _save_draft="1")
    data[field] = [value] if field in STORY_MULTIPLE_CHOICE_FIELDS else value
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_a_story_forms_version_that_is_not_a_number_is_a_form_error(editor_client, value):
    story = StoryFactory(draft=True)
    response = editor_client.post(
        change_url(story), change_form_data(story, base_version=value, _save_draft="1")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors


@pytest.mark.parametrize("value", NOT_AN_ID)
@pytest.mark.parametrize("field", ["focal_point_x", "focal_point_y"])
def test_a_photo_forms_number_that_is_not_a_number_is_a_form_error(editor_client, field, value):
    photo = PhotoFactory()
    data = {
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "source": photo.source,
        "focal_point_x": "0.5",
        "focal_point_y": "0.5",
        field: value,
    }
    response = editor_client.post(reverse("admin:photos_photo_change", args=[photo.pk]), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_a_change_page_for_an_id_that_is_not_a_number_is_not_a_500(editor_client, value):
    response = editor_client.get(
        reverse("admin:articles_story_change", args=["0"]).replace("/0/", f"/{value}/")
    )
    assert response.status_code in (302, 404)
