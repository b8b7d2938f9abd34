"""Tags that differ only by accents or case: suggested as staff type, asked about before one is
made beside another, and merged by editors with the old address leading to the kept tag."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from taggit.models import Tag

from articles.models import Story, TagRedirect, TagTranslation
from articles.tagging import merge_tags, similar_tags, suggest_tags
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import EditorFactory, StoryFactory, WriterFactory

pytestmark = pytest.mark.django_db


def tag_changelist():
    return reverse("admin:taggit_tag_changelist")


# Suggestions


def test_suggestions_ignore_accents_and_case():
    Tag.objects.create(name="Michoacán", slug="michoacan")
    Tag.objects.create(name="Police training", slug="police-training")
    assert [tag.name for tag in suggest_tags("MICHOACAN")] == ["Michoacán"]


def test_suggestions_put_names_that_start_with_the_text_first():
    Tag.objects.create(name="State of Michoacán", slug="state-of-michoacan")
    Tag.objects.create(name="Michoacán", slug="michoacan")
    assert [tag.name for tag in suggest_tags("micho")] == ["Michoacán", "State of Michoacán"]


def test_suggestion_address_answers_staff_who_write(client):
    Tag.objects.create(name="Michoacán", slug="michoacan")
    client.force_login(WriterFactory())
    response = client.get(reverse("admin:taggit_tag_suggestions"), {"q": "michoacan"})
    assert response.json() == {"results": [{"name": "Michoacán", "name_es": ""}]}


def test_suggestion_address_is_for_staff_only(client):
    response = client.get(reverse("admin:taggit_tag_suggestions"), {"q": "michoacan"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_story_form_tag_field_asks_for_suggestions(client):
    client.force_login(EditorFactory())
    html = client.get(reverse("admin:articles_story_add")).content.decode()
    assert f'data-tag-suggestions="{reverse("admin:taggit_tag_suggestions")}"' in html
    assert "admin-extra/tag-suggest.js" in html


# The clash rule


def test_a_name_differing_only_by_accents_clashes():
    existing = Tag.objects.create(name="Michoacán", slug="michoacan")
    assert similar_tags(["Michoacan"]) == {"Michoacan": existing}


def test_a_name_differing_only_by_case_clashes():
    existing = Tag.objects.create(name="Police", slug="police")
    assert similar_tags(["police"]) == {"police": existing}


def test_a_name_that_is_a_tag_exactly_does_not_clash_with_its_other_spellings():
    Tag.objects.create(name="Police", slug="police")
    Tag.objects.create(name="police", slug="police_1")
    assert similar_tags(["police"]) == {}


def test_an_existing_name_and_a_new_unlike_name_do_not_clash():
    Tag.objects.create(name="Michoacán", slug="michoacan")
    assert similar_tags(["Michoacán", "Morelia"]) == {}


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def test_saving_a_tag_like_an_existing_one_asks_first_and_names_it(editor_client):
    Tag.objects.create(name="Michoacán", slug="michoacan")
    story = StoryFactory(draft=True)
    response = editor_client.post(change_url(story), change_form_data(story, tags="Michoacan"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tags"]
    assert errors == [
        "“Michoacan” differs from the existing tag “Michoacán” only by accents or capital "
        "letters. Write “Michoacán” to use it, or tick the box below to create a separate tag."
    ]
    assert 'name="tags_create_anyway" value="Michoacan"' in response.content.decode()
    assert not Tag.objects.filter(name="Michoacan").exists()
    assert list(Tag.objects.values_list("slug", flat=True)) == ["michoacan"]


def test_saving_a_tag_differing_only_by_case_asks_first_and_names_it(editor_client):
    Tag.objects.create(name="Michoacán", slug="michoacan")
    story = StoryFactory(draft=True)
    response = editor_client.post(change_url(story), change_form_data(story, tags="michoacán"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"] == [
        "“michoacán” differs from the existing tag “Michoacán” only by accents or capital "
        "letters. Write “Michoacán” to use it, or tick the box below to create a separate tag."
    ]
    assert 'name="tags_create_anyway" value="michoacán"' in response.content.decode()
    assert list(Tag.objects.values_list("name", flat=True)) == ["Michoacán"]
    assert not Story.objects.get(pk=story.pk).tags.exists()


def test_a_clashing_tag_is_created_once_confirmed(editor_client):
    Tag.objects.create(name="Michoacán", slug="michoacan")
    story = StoryFactory(draft=True)
    data = change_form_data(story, tags="Michoacan")
    data["tags_create_anyway"] = ["Michoacan"]
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302
    assert [tag.name for tag in Story.objects.get(pk=story.pk).tags.all()] == ["Michoacan"]


def test_a_tag_differing_only_by_case_is_created_once_confirmed(editor_client):
    existing = Tag.objects.create(name="Police", slug="police")
    story = StoryFactory(draft=True)
    data = change_form_data(story, tags="police")
    data["tags_create_anyway"] = ["police"]
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302
    (tag,) = Story.objects.get(pk=story.pk).tags.all()
    assert tag.name == "police"
    assert tag != existing


def test_a_story_saved_again_keeps_its_own_spelling_of_a_tag(editor_client):
    Tag.objects.create(name="Police", slug="police")
    own = Tag.objects.create(name="police", slug="police_1")
    story = StoryFactory(draft=True, tags=[own])
    response = editor_client.post(change_url(story), change_form_data(story))
    assert response.status_code == 302
    assert list(Story.objects.get(pk=story.pk).tags.all()) == [own]


def test_using_the_existing_tag_saves_at_once(editor_client):
    existing = Tag.objects.create(name="Michoacán", slug="michoacan")
    story = StoryFactory(draft=True)
    response = editor_client.post(change_url(story), change_form_data(story, tags="Michoacán"))
    assert response.status_code == 302
    assert list(Story.objects.get(pk=story.pk).tags.all()) == [existing]


# Merging


@pytest.fixture
def two_tags():
    kept_story = StoryFactory(tags=["Michoacán"])
    moved_story = StoryFactory(tags=["Michoacan"])
    both = StoryFactory(tags=["Michoacán", "Michoacan"])
    keep = Tag.objects.get(name="Michoacán")
    merged = Tag.objects.get(name="Michoacan")
    return keep, merged, (kept_story, moved_story, both)


def test_merging_moves_the_stories_to_the_kept_tag_and_deletes_the_other(two_tags):
    keep, merged, stories = two_tags
    merge_tags(keep=keep, merged=merged)
    assert not Tag.objects.filter(pk=merged.pk).exists()
    for story in stories:
        assert [tag.name for tag in Story.objects.get(pk=story.pk).tags.all()] == ["Michoacán"]


def test_merged_tag_address_redirects_permanently_to_the_kept_tag(client, two_tags):
    keep, merged, _stories = two_tags
    old_address = reverse("articles:tag-detail", kwargs={"slug": merged.slug})
    merge_tags(keep=keep, merged=merged)
    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:tag-detail", kwargs={"slug": keep.slug})
    assert client.get(response["Location"]).status_code == 200


def test_merged_tag_feed_redirects_to_the_kept_tag_feed(client, two_tags):
    keep, merged, _stories = two_tags
    old_feed = reverse("articles:tag-feed-rss", kwargs={"slug": merged.slug})
    merge_tags(keep=keep, merged=merged)
    response = client.get(old_feed)
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:tag-feed-rss", kwargs={"slug": keep.slug})


def test_merging_keeps_a_spanish_name_the_kept_tag_lacks(two_tags):
    keep, merged, _stories = two_tags
    TagTranslation.objects.create(tag=merged, name_es="Michoacán (estado)")
    merge_tags(keep=keep, merged=merged)
    assert TagTranslation.objects.get(tag=keep).name_es == "Michoacán (estado)"


def test_an_address_merged_twice_leads_to_the_last_kept_tag(two_tags):
    keep, merged, _stories = two_tags
    merge_tags(keep=keep, merged=merged)
    final = Tag.objects.create(name="Michoacán de Ocampo", slug="michoacan-de-ocampo")
    merge_tags(keep=final, merged=keep)
    assert set(TagRedirect.objects.values_list("old_slug", "tag__slug")) == {
        (merged.slug, "michoacan-de-ocampo"),
        (keep.slug, "michoacan-de-ocampo"),
    }


def test_editor_merges_two_tags_from_the_tag_list(editor_client, two_tags):
    keep, merged, _stories = two_tags
    selected = {ACTION_CHECKBOX_NAME: [keep.pk, merged.pk], "action": "merge_selected"}
    asked = editor_client.post(tag_changelist(), selected)
    assert asked.status_code == 200
    assert "Merge two tags" in asked.content.decode()
    done = editor_client.post(tag_changelist(), {**selected, "apply": "1", "keep": keep.pk})
    assert done.status_code == 302
    assert not Tag.objects.filter(pk=merged.pk).exists()
    assert TagRedirect.objects.get(old_slug=merged.slug).tag == keep


def test_writer_cannot_merge_tags(client, two_tags):
    keep, merged, _stories = two_tags
    client.force_login(WriterFactory())
    client.post(
        tag_changelist(),
        {
            ACTION_CHECKBOX_NAME: [keep.pk, merged.pk],
            "action": "merge_selected",
            "apply": "1",
            "keep": keep.pk,
        },
    )
    assert Tag.objects.filter(pk=merged.pk).exists()


def test_tag_list_search_ignores_accents(editor_client):
    wanted = Tag.objects.create(name="Michoacán", slug="michoacan")
    Tag.objects.create(name="Morelia", slug="morelia")
    response = editor_client.get(tag_changelist(), {"q": "michoacan"})
    assert list(response.context["cl"].result_list) == [wanted]
