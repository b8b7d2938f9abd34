"""The three roles, and what the admin lets each do: its pages, its buttons, its actions, and the
same requests made by hand."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Story
from tests.articles.story_forms import change_form_data, change_url, management
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    PhotoFactory,
    SectionFactory,
    StoryFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("articles.migrations.0006_editorial_roles")
photo_roles_migration = importlib.import_module(
    "photos.migrations.0005_editors_change_photos_in_public_use"
)

STORY_CHANGELIST = reverse("admin:articles_story_changelist")
STORY_ADD = reverse("admin:articles_story_add")


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def signed_in(client, user):
    client.force_login(user)
    return client


def new_story_data(**fields):
    return {
        "headline": "Officers recognised",
        "slug": "officers-recognised",
        "standfirst": "",
        "body": "<p>Two officers receive an award.</p>",
        "dateline_place": "",
        "dateline_date": "",
        "lead_photo": "",
        "lead_photo_caption": "",
        "tags": "",
        "section": SectionFactory().pk,
        "language": "en",
        "translation_of": "",
        "publisher": "",
        **management("quotes"),
        **management("links"),
        **fields,
    }


# The groups the migration makes


def test_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Writer",
        "Editor",
        "Administrator",
    }


def test_writer_role_drafts_stories_but_neither_publishes_nor_reviews():
    writer = codenames("Writer")
    assert {"articles.add_story", "articles.change_story", "photos.add_photo"} <= writer
    assert not writer & {
        "articles.publish_story",
        "articles.review_story",
        "articles.withdraw_story",
        "articles.add_correction",
    }


def test_editor_role_reviews_publishes_withdraws_and_corrects():
    assert {
        "articles.review_story",
        "articles.publish_story",
        "articles.withdraw_story",
        "articles.add_correction",
        "articles.view_storytransition",
        "people.change_officer",
    } <= codenames("Editor")


def test_editor_role_cannot_manage_staff_accounts():
    assert not {code for code in codenames("Editor") if code.startswith("auth.")}


def test_administrator_role_manages_staff_accounts_and_everything_editors_do():
    administrator = codenames("Administrator")
    assert {"auth.add_user", "auth.change_user", "auth.change_group"} <= administrator
    assert codenames("Editor") <= administrator


def test_removing_the_roles_deletes_the_groups_and_creating_them_again_restores_them():
    editor_permissions = codenames("Editor")
    roles_migration.remove_roles(apps, None)
    assert not Group.objects.filter(name__in=["Writer", "Editor", "Administrator"]).exists()
    roles_migration.create_roles(apps, None)
    roles_migration.create_roles(apps, None)
    photo_roles_migration.grant(apps, None)
    assert Group.objects.filter(name="Editor").count() == 1
    assert codenames("Editor") == editor_permissions


# Writers


def test_writer_sees_only_their_own_stories(client):
    writer = WriterFactory()
    own = StoryFactory(draft=True, created_by=writer)
    StoryFactory(draft=True, created_by=WriterFactory())
    response = signed_in(client, writer).get(STORY_CHANGELIST)
    assert list(response.context["cl"].result_list) == [own]


def test_writer_cannot_open_another_writers_story(client):
    other = StoryFactory(draft=True, created_by=WriterFactory())
    response = signed_in(client, WriterFactory()).get(change_url(other))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_writer_form_has_no_publishing_fields(client):
    form = signed_in(client, WriterFactory()).get(STORY_ADD).context["adminform"].form
    assert "published_at" not in form.fields
    assert "featured" not in form.fields


def test_writer_is_offered_save_draft_and_submit_but_not_publish(client):
    html = signed_in(client, WriterFactory()).get(STORY_ADD).content.decode()
    assert 'name="_save_draft"' in html
    assert 'name="_submit_for_review"' in html
    assert 'name="_publish"' not in html


def test_writer_drafts_a_story_that_is_theirs(client):
    writer = WriterFactory()
    signed_in(client, writer).post(STORY_ADD, new_story_data(_save_draft="Save draft"))
    story = Story.objects.get(slug="officers-recognised")
    assert (story.status, story.created_by) == (Story.Status.DRAFT, writer)


def test_writer_posting_publish_by_hand_is_refused_and_nothing_is_published(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    response = signed_in(client, writer).post(
        change_url(story), change_form_data(story, _publish="Publish")
    )
    assert response.status_code == 403
    assert not Story.objects.published().exists()


def test_writer_adding_a_story_with_publish_by_hand_is_refused(client):
    response = signed_in(client, WriterFactory()).post(
        STORY_ADD, new_story_data(_publish="Publish")
    )
    assert response.status_code == 403
    assert not Story.objects.exists()


def test_writer_posting_a_publication_time_does_not_set_it(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    signed_in(client, writer).post(
        change_url(story),
        change_form_data(
            story,
            published_at_0="2021-01-12",
            published_at_1="09:00:00",
            featured="on",
            _save_draft="Save draft",
        ),
    )
    story.refresh_from_db()
    assert (story.published_at, story.featured) == (None, False)


def test_writer_cannot_edit_their_story_once_submitted(client):
    writer = WriterFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=writer)
    signed_in(client, writer)
    page = client.get(change_url(story))
    response = client.post(change_url(story), change_form_data(story, headline="Changed"))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline != "Changed"


def test_writer_reads_their_submitted_story_as_readers_will_not_as_markup(client):
    writer = WriterFactory()
    story = StoryFactory(
        status=Story.Status.IN_REVIEW,
        published_at=None,
        created_by=writer,
        body="<p>Two officers <strong>honoured</strong>.</p><script>alert(1)</script>",
    )
    html = signed_in(client, writer).get(change_url(story)).content.decode()
    assert "<p>Two officers <strong>honoured</strong>.</p>" in html
    assert "&lt;p&gt;Two officers" not in html
    assert "alert(1)" not in html


def test_writer_cannot_edit_their_published_story(client):
    writer = WriterFactory()
    story = StoryFactory(created_by=writer)
    response = signed_in(client, writer).post(
        change_url(story), change_form_data(story, headline="Changed")
    )
    assert response.status_code == 403


def test_writer_change_list_offers_only_submitting_for_review(client):
    response = signed_in(client, WriterFactory()).get(STORY_CHANGELIST)
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "submit_selected"]


def test_writer_running_the_publish_action_by_hand_publishes_nothing(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    signed_in(client, writer).post(
        STORY_CHANGELIST, {"action": "publish_selected", "_selected_action": [story.pk]}
    )
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_writer_cannot_open_the_withdraw_page(client):
    writer = WriterFactory()
    story = StoryFactory(created_by=writer)
    response = signed_in(client, writer).get(
        reverse("admin:articles_story_workflow", args=[story.pk, "withdraw"])
    )
    assert response.status_code == 403


def test_writer_takes_their_story_out_of_review_from_its_page(client):
    writer = WriterFactory()
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=writer)
    signed_in(client, writer).post(
        reverse("admin:articles_story_workflow", args=[story.pk, "return-to-draft"]), {"note": ""}
    )
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_writer_deletes_their_own_draft(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    signed_in(client, writer).post(
        reverse("admin:articles_story_delete", args=[story.pk]), {"post": "yes"}
    )
    assert not Story.objects.filter(pk=story.pk).exists()


def test_nobody_but_a_superuser_deletes_a_story_readers_have_seen(client):
    story = StoryFactory()
    response = signed_in(client, AdministratorFactory()).post(
        reverse("admin:articles_story_delete", args=[story.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Story.objects.filter(pk=story.pk).exists()


def test_writer_cannot_read_the_audit_log(client):
    response = signed_in(client, WriterFactory()).get(
        reverse("admin:articles_storytransition_changelist")
    )
    assert response.status_code == 403


def test_writer_cannot_manage_staff_accounts(client):
    response = signed_in(client, WriterFactory()).get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403


# Editors


def test_editor_edits_a_writers_draft(client):
    story = StoryFactory(draft=True, created_by=WriterFactory())
    signed_in(client, EditorFactory()).post(
        change_url(story), change_form_data(story, headline="Edited", _save_draft="Save draft")
    )
    story.refresh_from_db()
    assert story.headline == "Edited"


def test_editor_is_offered_publishing_fields_and_the_publish_button(client):
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None)
    response = signed_in(client, EditorFactory()).get(change_url(story))
    assert {"published_at", "featured"} <= set(response.context["adminform"].form.fields)
    assert 'value="Publish" class="default" name="_publish"' in response.content.decode()


def test_editor_publishes_a_story_in_review_with_the_publish_button(client):
    story = StoryFactory(status=Story.Status.IN_REVIEW, published_at=None)
    signed_in(client, EditorFactory()).post(
        change_url(story), change_form_data(story, _publish="Publish")
    )
    story.refresh_from_db()
    assert story.is_published()


def test_editor_is_offered_unpublish_and_withdraw_on_a_public_story(client):
    story = StoryFactory()
    html = signed_in(client, EditorFactory()).get(change_url(story)).content.decode()
    assert reverse("admin:articles_story_workflow", args=[story.pk, "unpublish"]) in html
    assert reverse("admin:articles_story_workflow", args=[story.pk, "withdraw"]) in html


def test_editor_change_list_offers_publishing_actions_but_not_bulk_deletion(client):
    response = signed_in(client, EditorFactory()).get(STORY_CHANGELIST)
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "submit_selected", "publish_selected", "move_selected_to_draft"]


def test_editor_reads_the_audit_log(client):
    response = signed_in(client, EditorFactory()).get(
        reverse("admin:articles_storytransition_changelist")
    )
    assert response.status_code == 200


def test_editor_cannot_manage_staff_accounts(client):
    response = signed_in(client, EditorFactory()).get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403


def test_publish_action_names_each_story_it_could_not_publish_and_why(client):
    story = StoryFactory(draft=True, lead_photo=PhotoFactory(alt_text="", caption="Ceremony"))
    response = signed_in(client, EditorFactory()).post(
        STORY_CHANGELIST,
        {"action": "publish_selected", "_selected_action": [story.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith(f"“{story.headline}” did not change: The lead photo “Ceremony”")
        for message in messages
    )
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


# Administrators


def test_administrator_manages_staff_accounts(client):
    response = signed_in(client, AdministratorFactory()).get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200


def test_administrator_publishes_like_an_editor(client):
    story = StoryFactory(draft=True)
    signed_in(client, AdministratorFactory()).post(
        change_url(story), change_form_data(story, _publish="Publish")
    )
    story.refresh_from_db()
    assert story.is_published()
