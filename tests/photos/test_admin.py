import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from photos.models import Photo
from tests.factories import (
    OfficerFactory,
    PhotoFactory,
    StoryFactory,
    UserFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:photos_photo_changelist")
ADD = reverse("admin:photos_photo_add")
# Session, user, two counts, the rows with their uploader and usage counts, date hierarchy (2).
CHANGELIST_QUERIES = 7

NOT_A_PHOTO = "This file is not a JPEG, PNG or WebP photo."
DAMAGED = "The photo is damaged or incomplete. Please export it again."


def change_url(photo):
    return reverse("admin:photos_photo_change", args=[photo.pk])


def photo_form_data(image, **fields):
    return {
        "image": image,
        "alt_text": "Two police officers in uniform holding framed certificates",
        "caption": "Award recipients",
        "credit": "© Photo Images / Hemera Technologies",
        "source": "Stock licence, 2020",
        **fields,
    }


def image_errors(response):
    return response.context["adminform"].form.errors.get("image", [])


def jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (19.0, 42.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (101.0, 11.0, 0.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    # The crafted file really carries a location, or the test below would prove nothing.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return SimpleUploadedFile("IMG_0001.jpg", data, content_type="image/jpeg")


def truncated_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((200, 150), 50).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return SimpleUploadedFile("photo.jpg", data[: len(data) // 2], content_type="image/jpeg")


# Change list and forms


@pytest.mark.parametrize("rows", [3, 15])
def test_photo_change_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, rows
):
    for _ in range(rows):
        photo = PhotoFactory(uploaded_by=UserFactory())
        StoryFactory(lead_photo=photo)
        OfficerFactory(photo=photo)
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_photo_change_list_shows_each_thumbnail_with_its_alt_text(staff_client):
    photo = PhotoFactory(alt_text="Two officers holding certificates")
    response = staff_client.get(CHANGELIST)
    assert f'src="{photo.image.url}" alt="Two officers holding certificates"' in (
        response.content.decode()
    )


def test_photo_change_list_says_how_many_stories_and_officers_use_each_photo(staff_client):
    photo = PhotoFactory()
    StoryFactory.create_batch(2, lead_photo=photo)
    OfficerFactory(photo=photo)
    response = staff_client.get(CHANGELIST)
    assert "2 stories, 1 officer" in response.content.decode()


def test_unused_filter_lists_only_photos_nothing_uses(staff_client):
    unused = PhotoFactory()
    StoryFactory(lead_photo=PhotoFactory())
    OfficerFactory(photo=PhotoFactory())
    response = staff_client.get(CHANGELIST, {"in_use": "no"})
    assert list(response.context["cl"].result_list) == [unused]


def test_photo_add_form_renders(staff_client):
    assert staff_client.get(ADD).status_code == 200


def test_photo_change_form_shows_a_large_preview(staff_client):
    photo = PhotoFactory(image=image_upload(size=(960, 720)), alt_text="Two officers")
    response = staff_client.get(change_url(photo))
    assert response.status_code == 200
    assert (
        f'<img src="{photo.image.url}" alt="Two officers" width="480" height="360" '
        'class="admin-preview"' in response.content.decode()
    )


def test_photo_change_form_links_the_stories_and_officers_that_use_it(staff_client):
    photo = PhotoFactory()
    story = StoryFactory(lead_photo=photo, headline="Officers recognized")
    officer = OfficerFactory(photo=photo, full_name="Alejandra Ruíz Ortiz")
    html = staff_client.get(change_url(photo)).content.decode()
    story_link = reverse("admin:articles_story_change", args=[story.pk])
    officer_link = reverse("admin:people_officer_change", args=[officer.pk])
    assert f'<a href="{story_link}">Officers recognized</a>' in html
    assert f'<a href="{officer_link}">Alejandra Ruíz Ortiz</a>' in html


# Uploads


def test_photo_is_uploaded_through_the_admin_and_records_the_uploader(staff_client):
    response = staff_client.post(ADD, photo_form_data(image_upload(size=(64, 48))))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (64, 48)
    assert photo.uploaded_by == staff_client.user


def test_editing_a_photo_keeps_the_original_uploader(staff_client):
    uploader = UserFactory()
    photo = PhotoFactory(uploaded_by=uploader)
    staff_client.post(change_url(photo), photo_form_data("", caption="New caption"))
    photo.refresh_from_db()
    assert (photo.caption, photo.uploaded_by) == ("New caption", uploader)


def test_uploaded_photo_is_stored_without_its_location(staff_client):
    staff_client.post(ADD, photo_form_data(jpeg_with_gps()))
    photo = Photo.objects.get()
    with Image.open(photo.image.path) as stored:
        assert "exif" not in stored.info
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not stored.getexif()


def test_uploaded_photo_is_stored_under_a_random_name(staff_client):
    staff_client.post(ADD, photo_form_data(jpeg_with_gps()))
    assert "IMG_0001" not in Photo.objects.get().image.name


def test_text_file_renamed_jpg_is_refused_with_a_form_error(staff_client):
    upload = SimpleUploadedFile("photo.jpg", b"Not a photo at all.", content_type="image/jpeg")
    response = staff_client.post(ADD, photo_form_data(upload))
    assert response.status_code == 200
    assert NOT_A_PHOTO in image_errors(response)
    assert not Photo.objects.exists()


def test_truncated_jpeg_is_refused_with_a_form_error(staff_client):
    response = staff_client.post(ADD, photo_form_data(truncated_jpeg()))
    assert response.status_code == 200
    assert DAMAGED in image_errors(response)
    assert not Photo.objects.exists()


def test_svg_is_refused_with_a_form_error(staff_client):
    upload = SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>",
        content_type="image/svg+xml",
    )
    response = staff_client.post(ADD, photo_form_data(upload))
    assert response.status_code == 200
    assert NOT_A_PHOTO in image_errors(response)
    assert not Photo.objects.exists()


def test_gif_is_refused_with_the_formats_staff_may_upload(staff_client):
    response = staff_client.post(ADD, photo_form_data(image_upload("anim.gif", image_format="GIF")))
    assert response.status_code == 200
    assert any("jpeg, jpg, png, webp" in error for error in image_errors(response))
    assert not Photo.objects.exists()


def test_photo_without_a_file_is_refused(staff_client):
    response = staff_client.post(ADD, photo_form_data(""))
    assert response.status_code == 200
    assert "This field is required." in image_errors(response)


# Deleting


def test_deleting_a_photo_a_story_uses_is_refused_with_a_clear_page(staff_client):
    photo = PhotoFactory()
    StoryFactory(lead_photo=photo, headline="Officers recognized")
    delete_url = reverse("admin:photos_photo_delete", args=[photo.pk])
    response = staff_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in (
        response.content.decode()
    )
    assert "Officers recognized" in response.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_deleting_a_photo_an_officer_uses_from_the_change_list_is_refused(staff_client):
    photo = PhotoFactory()
    OfficerFactory(photo=photo)
    response = staff_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"}
    )
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_unused_photo_can_be_deleted(staff_client):
    photo = PhotoFactory()
    response = staff_client.post(
        reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Photo.objects.exists()
