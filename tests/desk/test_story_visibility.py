"""Every way the admin names or leads to a story shows a person only the stories they may see
(``Story.objects.visible_to``): the "view on site" shortcut, the choice lists of every form,
the autocompletes, the web-address clash notice and a photo's "used by" list."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Story
from people.models import AwardConferral, Officer
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import (
    AwardConferralFactory,
    EditorFactory,
    OfficerFactory,
    PhotoFactory,
    StoryFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Minister resigns over training scandal"


@pytest.fixture
def writer(client):
    writer = WriterFactory()
    client.force_login(writer)
    return writer


@pytest.fixture
def others_draft():
    return StoryFactory(draft=True, created_by=WriterFactory(), headline=SECRET, slug="resigns")


def shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


# The "view on site" shortcut


def test_shortcut_to_another_writers_draft_is_404(client, writer, others_draft):
    response = client.get(shortcut(others_draft))
    assert response.status_code == 404
    assert "resigns" not in response.get("Location", "")


def test_shortcut_to_a_scheduled_story_is_404_even_for_an_editor(client):
    client.force_login(EditorFactory())
    scheduled = StoryFactory(scheduled=True, slug="minister-resigns")
    response = client.get(shortcut(scheduled))
    assert response.status_code == 404
    assert "minister-resigns" not in response.get("Location", "")


def test_shortcut_to_ones_own_draft_is_404_as_it_has_no_page(client, writer):
    draft = StoryFactory(draft=True, created_by=writer)
    assert client.get(shortcut(draft)).status_code == 404


def test_shortcut_to_a_published_story_leads_to_its_page(client):
    client.force_login(EditorFactory())
    story = StoryFactory()
    response = client.get(shortcut(story))
    assert response.status_code == 302
    assert response["Location"].endswith(story.get_absolute_url())


def test_shortcut_to_an_officer_without_a_public_profile_is_404(client):
    client.force_login(EditorFactory())
    officer = OfficerFactory(public_profile_consent=False)
    assert client.get(shortcut(officer)).status_code == 404


def test_shortcut_to_a_model_without_an_admin_is_404(client):
    client.force_login(EditorFactory())
    content_type = ContentType.objects.get_for_model(ContentType)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, content_type.pk]))
    assert response.status_code == 404


# Choosing a story in a form


def test_writer_cannot_choose_another_writers_draft_as_translation_of(client, writer, others_draft):
    own = StoryFactory(draft=True, created_by=writer, language="es")
    response = client.post(
        change_url(own), change_form_data(own, translation_of=others_draft.pk, _save_draft="1")
    )
    assert response.status_code == 200
    assert "translation_of" in response.context["adminform"].form.errors
    assert SECRET not in response.content.decode()
    assert Story.objects.get(pk=own.pk).translation_of is None


def test_writer_chooses_their_own_story_as_translation_of(client, writer):
    original = StoryFactory(draft=True, created_by=writer)
    own = StoryFactory(draft=True, created_by=writer, language="es")
    response = client.post(
        change_url(own), change_form_data(own, translation_of=original.pk, _save_draft="1")
    )
    assert response.status_code == 302
    assert Story.objects.get(pk=own.pk).translation_of == original


def test_a_choice_an_editor_made_survives_a_writers_save(client, writer, others_draft):
    own = StoryFactory(draft=True, created_by=writer, language="es", translation_of=others_draft)
    response = client.post(change_url(own), change_form_data(own, _save_draft="1"))
    assert response.status_code == 302
    assert Story.objects.get(pk=own.pk).translation_of == others_draft


def test_the_story_autocomplete_offers_a_writer_only_their_own_stories(client, writer):
    own = StoryFactory(draft=True, created_by=writer, headline="Training in Morelia")
    StoryFactory(draft=True, created_by=WriterFactory(), headline="Training in Uruapan")
    StoryFactory(scheduled=True, headline="Training in Zamora")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "story",
            "field_name": "translation_of",
            "term": "Training",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(own.pk)]


def every_form_choosing_stories(request):
    """Each form class of the admin (model admins and their inlines) with a field listing
    stories, as built for the person making ``request``."""
    for model, model_admin in admin.site._registry.items():
        forms = [model_admin.get_form(request)]
        for inline in model_admin.get_inline_instances(request):
            forms.append(inline.get_formset(request).form)
        for form_class in forms:
            form = form_class()
            fields = [
                field
                for field in form.fields.values()
                if getattr(field, "queryset", None) is not None and field.queryset.model is Story
            ]
            if fields:
                yield model, fields


def test_every_admin_form_lists_only_the_stories_the_person_may_see(others_draft):
    writer = WriterFactory()
    # Every permission but reviewing, so that every form is built while the stories seen
    # stay those of a writer.
    writer.has_perm = lambda permission, obj=None: permission != "articles.review_story"
    request = RequestFactory().get("/admin/")
    request.user = writer
    own = StoryFactory(draft=True, created_by=writer)
    found = list(every_form_choosing_stories(request))
    assert {model for model, _ in found} >= {Story, Officer, AwardConferral}
    for _model, fields in found:
        for field in fields:
            assert list(field.queryset) == [own]


def test_the_story_an_award_conferral_names_is_kept_when_an_editor_saves_it(client):
    client.force_login(EditorFactory())
    conferral = AwardConferralFactory(story=StoryFactory(draft=True, created_by=WriterFactory()))
    response = client.get(reverse("admin:people_awardconferral_change", args=[conferral.pk]))
    assert conferral.story.headline in response.content.decode()


# Naming a story elsewhere


def test_a_web_address_clash_does_not_name_a_draft_the_writer_may_not_open(
    client, writer, others_draft
):
    own = StoryFactory(draft=True, created_by=writer)
    response = client.post(
        change_url(own), change_form_data(own, slug=others_draft.slug, _save_draft="1"), follow=True
    )
    html = response.content.decode()
    assert "belongs to another story" in html
    assert SECRET not in html


def test_a_photos_used_by_list_counts_but_does_not_name_stories_the_writer_may_not_open(
    client, writer, others_draft
):
    photo = PhotoFactory(uploaded_by=writer)
    others_draft.lead_photo = photo
    others_draft.save()
    own = StoryFactory(draft=True, created_by=writer, lead_photo=photo, headline="Our own story")
    response = client.get(reverse("admin:photos_photo_change", args=[photo.pk]))
    html = response.content.decode()
    assert own.headline in html
    assert SECRET not in html
    assert "1 story you cannot open" in html
