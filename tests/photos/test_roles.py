"""Only an Editor changes a photo readers see; its alt text stays while a public story shows it."""

import pytest
from django.urls import reverse

from photos.models import Photo
from tests.factories import (
    EditorFactory,
    OfficerFactory,
    PhotoFactory,
    StoryFactory,
    WriterFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db


def change_url(photo):
    return reverse("admin:photos_photo_change", args=[photo.pk])


def form_data(photo, **changes):
    """What the change form posts for ``photo`` as it stands, with ``changes``."""
    return {
        "image": "",
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "source": photo.source,
        "focal_point_x": "",
        "focal_point_y": "",
        **changes,
    }


@pytest.fixture
def writer_client(client):
    client.force_login(WriterFactory())
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


@pytest.fixture
def lead_photo():
    photo = PhotoFactory(caption="Award recipients", alt_text="Two officers holding certificates")
    StoryFactory(lead_photo=photo, headline="Officers recognised in Morelia")
    return photo


def form_errors(response):
    return response.context["adminform"].form.non_field_errors()


def test_writer_cannot_replace_the_image_of_a_published_storys_lead_photo(
    writer_client, lead_photo
):
    stored = lead_photo.image.name
    response = writer_client.post(
        change_url(lead_photo), form_data(lead_photo, image=image_upload(size=(90, 60)))
    )
    assert response.status_code == 200
    [error] = form_errors(response)
    assert "“Officers recognised in Morelia”" in error
    assert "only an Editor can change" in error
    lead_photo.refresh_from_db()
    assert lead_photo.image.name == stored
    assert lead_photo.image.storage.exists(stored)


@pytest.mark.parametrize(
    "field, value",
    [
        ("caption", "Someone else"),
        ("credit", "© Nobody"),
        ("source", "Found online"),
        ("alt_text", "A different description of the scene"),
        ("alt_text", ""),
        ("focal_point_x", "0.1"),
    ],
)
def test_writer_cannot_change_the_words_or_crop_of_a_photo_readers_see(
    writer_client, lead_photo, field, value
):
    changes = {field: value}
    if field == "focal_point_x":
        changes["focal_point_y"] = "0.1"
    response = writer_client.post(change_url(lead_photo), form_data(lead_photo, **changes))
    assert response.status_code == 200
    assert form_errors(response)
    stored = Photo.objects.get(pk=lead_photo.pk)
    assert (stored.caption, stored.credit, stored.alt_text, stored.focal_point_x) == (
        "Award recipients",
        lead_photo.credit,
        "Two officers holding certificates",
        None,
    )


def test_a_refused_change_keeps_what_the_writer_typed_on_the_page(writer_client, lead_photo):
    response = writer_client.post(
        change_url(lead_photo), form_data(lead_photo, caption="My better caption")
    )
    assert 'value="My better caption"' in response.content.decode()


def test_a_scheduled_story_guards_its_lead_photo_too(writer_client):
    photo = PhotoFactory()
    StoryFactory(lead_photo=photo, scheduled=True)
    response = writer_client.post(change_url(photo), form_data(photo, caption="Changed"))
    assert form_errors(response)
    assert Photo.objects.get(pk=photo.pk).caption == photo.caption


def test_the_portrait_on_a_public_profile_is_guarded(writer_client):
    photo = PhotoFactory()
    OfficerFactory(photo=photo, full_name="Alejandra Ruíz Ortiz", rank="Officer")
    response = writer_client.post(change_url(photo), form_data(photo, caption="Changed"))
    [error] = form_errors(response)
    assert "the public profile of Officer Alejandra Ruíz Ortiz" in error


@pytest.mark.parametrize(
    "use",
    [
        lambda photo: StoryFactory(lead_photo=photo, draft=True),
        lambda photo: StoryFactory(lead_photo=photo, withdrawn=True),
        lambda photo: OfficerFactory(photo=photo, without_consent=True),
        lambda photo: None,
    ],
    ids=["draft", "withdrawn story", "officer without consent", "unused"],
)
def test_writer_changes_a_photo_readers_do_not_see(writer_client, use):
    photo = PhotoFactory()
    use(photo)
    response = writer_client.post(
        change_url(photo),
        form_data(photo, caption="New caption", image=image_upload(size=(90, 60))),
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.width) == ("New caption", 90)


def test_editor_replaces_the_image_and_words_of_a_published_storys_lead_photo(
    editor_client, lead_photo
):
    response = editor_client.post(
        change_url(lead_photo),
        form_data(lead_photo, caption="Corrected caption", image=image_upload(size=(90, 60))),
    )
    assert response.status_code == 302
    lead_photo.refresh_from_db()
    assert (lead_photo.caption, lead_photo.width) == ("Corrected caption", 90)


def test_not_even_an_editor_empties_the_alt_text_a_public_story_needs(editor_client, lead_photo):
    response = editor_client.post(change_url(lead_photo), form_data(lead_photo, alt_text=""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["alt_text"] == [
        "The published story “Officers recognised in Morelia” shows this photo, so its alt text "
        "cannot be removed. Describe what the photo shows."
    ]
    assert Photo.objects.get(pk=lead_photo.pk).alt_text == "Two officers holding certificates"


def test_nor_marks_it_decorative(editor_client, lead_photo):
    response = editor_client.post(
        change_url(lead_photo), form_data(lead_photo, alt_text="", decorative="on")
    )
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Photo.objects.get(pk=lead_photo.pk).decorative


def test_writer_sees_a_guarded_photo_read_only_with_the_reason(writer_client, lead_photo):
    response = writer_client.get(change_url(lead_photo))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "caption" not in form.fields
    assert "image" not in form.fields
    messages = [str(message) for message in response.context["messages"]]
    assert any("“Officers recognised in Morelia”" in message for message in messages)
    assert 'name="_save"' not in response.content.decode()


def test_editor_sees_a_guarded_photo_as_an_editable_form(editor_client, lead_photo):
    form = editor_client.get(change_url(lead_photo)).context["adminform"].form
    assert {"image", "caption", "alt_text"} <= set(form.fields)
