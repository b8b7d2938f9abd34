"""Alt text is asked for at upload, or the photo is recorded as decorative; alt text that
describes nothing is refused."""

import pytest
from django.urls import reverse

from photos import alt_text
from photos.models import Photo
from tests.factories import image_upload

pytestmark = pytest.mark.django_db

ADD = reverse("admin:photos_photo_add")


def upload(client, **fields):
    data = {
        "image": image_upload(size=(64, 48)),
        "alt_text": "Two police officers in uniform holding framed certificates",
        "caption": "Award recipients",
        "credit": "",
        "source": "",
        **fields,
    }
    return client.post(ADD, data)


def alt_text_errors(response):
    return response.context["adminform"].form.errors.get("alt_text", [])


@pytest.mark.parametrize(
    "text",
    ["IMG_0001.JPG", "photo.jpeg", "DSC01234", "PXL_20210112_101500", "foto-evento.webp"],
)
def test_a_file_name_is_not_a_description(text):
    assert alt_text.problem(text).code == "alt_text_file_name"


@pytest.mark.parametrize(
    "text", ["image", "Photo", "an image", "Imagen", "foto", "la fotografía", "Foto 3", "PICTURE."]
)
def test_a_word_for_picture_is_not_a_description(text):
    assert alt_text.problem(text).code == "alt_text_placeholder"


def test_the_caption_again_is_not_a_description():
    error = alt_text.problem("Award recipients, Morelia.", caption="award recipients,  Morelia")
    assert error.code == "alt_text_same_as_caption"


@pytest.mark.parametrize(
    "text",
    [
        "Two police officers in uniform holding framed certificates",
        "Photo of the minister shaking hands with Officer Ruiz",
        "Dos agentes con sus diplomas",
    ],
)
def test_a_description_is_accepted(text):
    assert alt_text.problem(text, caption="Award recipients") is None


def test_upload_without_alt_text_is_refused_asking_for_it(staff_client):
    response = upload(staff_client, alt_text="")
    assert alt_text_errors(response) == [
        "Say what the photo shows, for readers who cannot see it, or tick “Decorative” if it "
        "adds nothing the text beside it does not already say."
    ]
    assert not Photo.objects.exists()


def test_a_refused_upload_says_to_choose_the_photo_again(staff_client):
    response = upload(staff_client, alt_text="")
    assert response.context["adminform"].form.errors["image"] == [
        "Choose the photo again: it was not saved because of the problems below, and browsers "
        "do not keep a chosen file."
    ]


def test_upload_marked_decorative_is_accepted_and_recorded(staff_client):
    response = upload(staff_client, alt_text="", decorative="on")
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.decorative, photo.alt_text) == (True, "")


def test_decorative_photo_with_alt_text_is_refused_as_contradictory(staff_client):
    response = upload(staff_client, decorative="on")
    assert alt_text_errors(response) == [
        "A decorative photo has no alt text. Clear the alt text, or untick “Decorative”."
    ]


def test_upload_with_a_file_name_for_alt_text_is_refused(staff_client):
    response = upload(staff_client, alt_text="IMG_4031.jpg")
    assert alt_text_errors(response) == [
        "“IMG_4031.jpg” is a file name, not a description. Say what the photo shows, e.g. 'Two "
        "police officers in uniform holding framed certificates'."
    ]


def test_upload_with_the_word_photo_for_alt_text_is_refused(staff_client):
    response = upload(staff_client, alt_text="Photo")
    assert "does not say what the photo shows" in alt_text_errors(response)[0]


def test_upload_whose_alt_text_repeats_the_caption_is_refused(staff_client):
    response = upload(staff_client, alt_text="Award recipients")
    assert alt_text_errors(response) == [
        "The alt text repeats the caption, so people using a screen reader would hear it twice. "
        "Describe what the photo shows instead."
    ]
