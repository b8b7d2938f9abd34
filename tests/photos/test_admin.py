import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from photos import imaging
from photos.models import Photo
from tests.factories import (
    OfficerFactory,
    PhotoFactory,
    StoryFactory,
    UserFactory,
    image_upload,
)
from tests.photos.crafted import (
    encoded,
    heavy_jpeg,
    jpeg_with_everything,
    metadata_in,
    png_claiming_size,
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


def test_upload_through_the_admin_makes_renditions_and_crop_without_metadata(staff_client, commit):
    data = jpeg_with_everything(size=(1400, 900))
    response = commit(
        staff_client.post, ADD, photo_form_data(SimpleUploadedFile("IMG_0001.jpg", data))
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert [rendition.width for rendition in photo.rendition_set.webp] == [
        320,
        640,
        960,
        1280,
        1400,
    ]
    assert (photo.social_image.width, photo.social_image.height) == (1200, 630)
    storage = photo.image.storage
    for name in photo.stored_file_names():
        with storage.open(name, "rb") as stored:
            assert metadata_in(stored.read()) == []


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


def test_svg_is_refused_with_a_form_error_saying_what_it_is(staff_client):
    upload = SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>",
        content_type="image/svg+xml",
    )
    response = staff_client.post(ADD, photo_form_data(upload))
    assert response.status_code == 200
    assert image_errors(response) == [
        "This file is an SVG drawing, not a JPEG, PNG or WebP photo. "
        "Save it as JPEG and upload it again."
    ]
    assert not Photo.objects.exists()


def test_gif_is_refused_with_a_form_error_saying_what_it_is(staff_client):
    response = staff_client.post(ADD, photo_form_data(image_upload("anim.gif", image_format="GIF")))
    assert response.status_code == 200
    assert any("a GIF image" in error for error in image_errors(response))
    assert not Photo.objects.exists()


def test_decompression_bomb_is_refused_with_a_form_error(staff_client):
    bomb = SimpleUploadedFile("bomb.png", png_claiming_size(40_000, 40_000), "image/png")
    response = staff_client.post(ADD, photo_form_data(bomb))
    assert response.status_code == 200
    assert image_errors(response) == [
        "This photo is over the pixel limit: it is 1600 megapixels, and the most accepted is "
        "102 megapixels. Export it smaller and upload it again."
    ]
    assert not Photo.objects.exists()


def test_photo_over_the_pixel_limit_is_refused_with_its_size(staff_client):
    bomb = SimpleUploadedFile("bomb.png", png_claiming_size(11_000, 10_000), "image/png")
    response = staff_client.post(ADD, photo_form_data(bomb))
    assert image_errors(response) == [
        "This photo is over the pixel limit: it is 11000 × 10000 pixels (110 megapixels), and "
        "the most accepted is 102 megapixels. Export it smaller and upload it again."
    ]


def test_oversize_file_is_refused_with_a_form_error(staff_client, monkeypatch):
    monkeypatch.setattr(imaging, "MAX_UPLOAD_BYTES", 1024 * 1024)
    big = SimpleUploadedFile("big.jpg", heavy_jpeg(), "image/jpeg")
    assert big.size > 1024 * 1024
    response = staff_client.post(ADD, photo_form_data(big))
    assert response.status_code == 200
    assert image_errors(response) == [
        "This photo is over the file size limit: it is 2 MB, and the most accepted is 1 MB. "
        "Export it smaller and upload it again."
    ]
    assert not Photo.objects.exists()


def test_animated_webp_is_refused_with_a_form_error(staff_client):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    animated = SimpleUploadedFile(
        "anim.webp",
        encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:]),
        "image/webp",
    )
    response = staff_client.post(ADD, photo_form_data(animated))
    assert image_errors(response) == ["Animated images are not accepted. Upload a still photo."]


def test_real_jpeg_without_an_extension_is_accepted(staff_client):
    response = staff_client.post(ADD, photo_form_data(image_upload(name="IMG_0001")))
    assert response.status_code == 302
    assert Photo.objects.get().image.name.endswith(".jpg")


def test_a_file_name_over_100_characters_is_accepted_and_thrown_away(staff_client):
    name = "Entrega de reconocimientos al mérito social, Morelia, Michoacán, 12 de enero de " * 2
    upload = image_upload(name=f"{name}.jpg")
    assert len(upload.name) > 100
    response = staff_client.post(ADD, photo_form_data(upload))
    assert response.status_code == 302
    assert "Morelia" not in Photo.objects.get().image.name


def test_the_upload_form_states_its_limits(staff_client):
    html = staff_client.get(ADD).content.decode()
    assert "JPEG, PNG or WebP, at most 60 MB and 102 megapixels." in html
    assert "stored scaled down, keeping its shape" in html


def test_the_upload_form_previews_the_chosen_photo_with_a_script_from_the_site(staff_client):
    response = staff_client.get(ADD)
    html = response.content.decode()
    assert "data-photo-upload" in html
    assert 'src="/static/photos/upload-preview.js"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    # The preview is a data: address; the policy already allows those for images, and scripts
    # from the site itself.
    policy = response["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy


def test_a_photo_added_from_the_story_form_popup_is_handed_back_to_it(staff_client):
    response = staff_client.post(
        f"{ADD}?_to_field=id&_popup=1",
        {**photo_form_data(image_upload(size=(64, 48))), "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200
    photo = Photo.objects.get()
    assert "popup_response" in response.content.decode()

    assert f"&quot;value&quot;: &quot;{photo.pk}&quot;" in response.content.decode()


def test_the_popup_shows_the_same_preview_and_limits(staff_client):
    html = staff_client.get(f"{ADD}?_to_field=id&_popup=1").content.decode()
    assert "data-photo-upload" in html
    assert "at most 60 MB and 102 megapixels" in html


def test_photo_without_a_file_is_refused(staff_client):
    response = staff_client.post(ADD, photo_form_data(""))
    assert response.status_code == 200
    assert "This field is required." in image_errors(response)


# The focal point


def test_focal_point_is_saved_from_the_form(staff_client):
    photo = PhotoFactory()
    response = staff_client.post(
        change_url(photo), photo_form_data("", focal_point_x="0.3", focal_point_y="0.25")
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.focal_point == (0.3, 0.25)


def test_focal_point_with_one_position_only_is_refused(staff_client):
    photo = PhotoFactory()
    response = staff_client.post(change_url(photo), photo_form_data("", focal_point_x="0.3"))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Give both positions of the focal point, across and down, or leave both empty."
    ]


def test_focal_point_outside_the_photo_is_refused(staff_client):
    photo = PhotoFactory()
    response = staff_client.post(
        change_url(photo), photo_form_data("", focal_point_x="1.5", focal_point_y="0.5")
    )
    assert response.status_code == 200
    assert "focal_point_x" in response.context["adminform"].form.errors


def test_photo_without_a_focal_point_is_cropped_around_the_centre():
    assert PhotoFactory().focal_point == (0.5, 0.5)


def test_change_form_shows_the_social_crop_and_the_renditions(staff_client, saved_photo):
    photo = saved_photo(image=image_upload(size=(1600, 900)))
    html = staff_client.get(change_url(photo)).content.decode()
    assert f'src="{photo.social_image.url}"' in html
    for rendition in photo.rendition_set.webp:
        assert rendition.url in html


def test_change_list_thumbnail_comes_from_a_small_rendition(staff_client, saved_photo):
    photo = saved_photo(image=image_upload(size=(1600, 900)))
    html = staff_client.get(CHANGELIST).content.decode()
    smallest = photo.rendition_set.webp[0]
    assert smallest.width == 320
    assert f'src="{smallest.url}"' in html
    assert f'src="{photo.image.url}"' not in html


# Deleting


def delete(staff_client, photo):
    return staff_client.post(reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"})


def error_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_deleting_a_photo_a_published_story_uses_is_refused_naming_the_story(staff_client):
    photo = PhotoFactory(caption="Award recipients")
    StoryFactory(lead_photo=photo, headline="Officers recognized")
    response = delete(staff_client, photo)
    assert response.status_code == 302
    assert response.url == change_url(photo)
    assert error_messages(response) == [
        "The photo “Award recipients” cannot be deleted: it is the lead photo of the published "
        "story “Officers recognized”. Choose another photo for them first."
    ]
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_refusal_also_counts_unpublished_stories_and_officers(staff_client):
    photo = PhotoFactory(caption="Award recipients")
    StoryFactory(lead_photo=photo, headline="Officers recognized")
    StoryFactory(lead_photo=photo, draft=True)
    OfficerFactory.create_batch(2, photo=photo)
    [message] = error_messages(delete(staff_client, photo))
    assert "the published story “Officers recognized”" in message
    assert "It is also used by 1 unpublished story and 2 officers' profiles." in message


def test_deleting_a_photo_only_a_draft_uses_is_refused_too(staff_client):
    photo = PhotoFactory(caption="Award recipients")
    StoryFactory(lead_photo=photo, draft=True)
    assert error_messages(delete(staff_client, photo)) == [
        "The photo “Award recipients” cannot be deleted: it is used by 1 unpublished story. "
        "Choose another photo for them first."
    ]
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_delete_page_of_a_photo_in_use_is_never_shown(staff_client):
    photo = PhotoFactory()
    OfficerFactory(photo=photo)
    response = staff_client.get(reverse("admin:photos_photo_delete", args=[photo.pk]))
    assert response.status_code == 302


def test_deleting_photos_in_use_from_the_change_list_is_refused_naming_each(staff_client):
    used = PhotoFactory(caption="Award recipients")
    StoryFactory(lead_photo=used, headline="Officers recognized")
    unused = PhotoFactory()
    response = staff_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )
    assert response.status_code == 302
    [message] = error_messages(response)
    assert "“Officers recognized”" in message
    assert Photo.objects.count() == 2


def test_unused_photos_can_be_deleted_from_the_change_list(staff_client):
    photos = PhotoFactory.create_batch(2)
    response = staff_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [p.pk for p in photos], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Photo.objects.exists()


def test_unused_photo_can_be_deleted_and_its_files_go_with_it(staff_client, saved_photo, commit):
    photo = saved_photo()
    files = photo.stored_file_names()
    response = commit(delete, staff_client, photo)
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert not any(photo.image.storage.exists(name) for name in files)
