import io

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import transaction
from django.db.models.signals import post_save
from PIL import Image

from photos import renditions
from photos.management.commands.photo_benchmark import camera_photo
from photos.models import Photo
from tests.factories import PhotoFactory, image_upload
from tests.photos.crafted import encoded, photo_like, upload

pytestmark = pytest.mark.django_db


def photo_upload(size, image_format="JPEG", mode="RGB"):
    image = photo_like(size).convert(mode)
    name = f"photo.{image_format.lower()}"
    return upload(encoded(image, image_format), name, f"image/{image_format.lower()}")


def read(storage, name):
    with storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def made(photo):
    """(format, width, height) of every rendition, as stored, read back from the storage."""
    storage = photo.image.storage
    return sorted(
        (entry["format"], *read(storage, entry["name"]).size) for entry in photo.renditions["files"]
    )


# Sizes and formats


def test_large_photo_gets_every_standard_width_in_webp_and_jpeg(saved_photo):
    photo = saved_photo(image=photo_upload((2400, 1600)))
    expected = [(320, 213), (640, 427), (960, 640), (1280, 853), (1920, 1280)]
    assert made(photo) == sorted(
        [("jpeg", *size) for size in expected] + [("webp", *size) for size in expected]
    )


def test_stored_files_are_the_formats_the_manifest_says(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500)))
    storage = photo.image.storage
    for entry in photo.renditions["files"]:
        assert read(storage, entry["name"]).format == entry["format"].upper()
        assert storage.size(entry["name"]) == entry["bytes"]


def test_photo_narrower_than_the_largest_width_is_never_enlarged(saved_photo):
    photo = saved_photo(image=photo_upload((1000, 800)))
    widths = sorted({entry["width"] for entry in photo.renditions["files"]})
    assert widths == [320, 640, 960, 1000]


def test_photo_narrower_than_the_smallest_width_gets_only_its_own_width(saved_photo):
    photo = saved_photo(image=image_upload(size=(64, 48)))
    assert made(photo) == [("jpeg", 64, 48), ("webp", 64, 48)]


def test_tall_narrow_photo_keeps_its_shape(saved_photo):
    photo = saved_photo(image=photo_upload((400, 3000)))
    assert made(photo) == [("jpeg", 320, 2400), ("jpeg", 400, 3000)] + [
        ("webp", 320, 2400),
        ("webp", 400, 3000),
    ]


def test_png_with_transparency_falls_back_to_png_and_keeps_it_in_webp(saved_photo):
    logo = Image.new("RGBA", (700, 300), (0, 90, 156, 255))
    logo.paste((0, 0, 0, 0), (0, 0, 100, 100))
    photo = saved_photo(image=upload(encoded(logo, "PNG"), "logo.png", "image/png"))
    formats = {entry["format"] for entry in photo.renditions["files"]}
    assert formats == {"webp", "png"}
    storage = photo.image.storage
    for entry in photo.renditions["files"]:
        assert read(storage, entry["name"]).getpixel((0, 0))[3] == 0


def test_opaque_png_falls_back_to_jpeg(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500), image_format="PNG"))
    assert {entry["format"] for entry in photo.renditions["files"]} == {"webp", "jpeg"}


def test_webp_renditions_are_smaller_than_the_jpeg_fallback(saved_photo):
    photo = saved_photo(image=upload(camera_photo((1600, 1000))))
    sizes = photo.rendition_set
    for webp, fallback in zip(sizes.webp, sizes.fallback, strict=True):
        assert webp.width == fallback.width
        assert webp.bytes < fallback.bytes


def test_fallback_src_is_the_960_wide_jpeg(saved_photo):
    photo = saved_photo(image=photo_upload((2400, 1600)))
    src = photo.rendition_set.src
    assert (src.width, src.format) == (960, "jpeg")


# The social-media crop


def test_social_crop_is_1200_by_630_jpeg(saved_photo):
    photo = saved_photo(image=photo_upload((2400, 1600)))
    crop = photo.social_image
    assert (crop.width, crop.height, crop.mime_type) == (1200, 630, "image/jpeg")
    stored = read(photo.image.storage, crop.name)
    assert (stored.format, stored.size) == ("JPEG", (1200, 630))
    assert crop.url == photo.image.storage.url(crop.name)


def test_social_crop_of_a_small_photo_keeps_the_shape_without_enlarging(saved_photo):
    photo = saved_photo(image=photo_upload((800, 800)))
    crop = photo.social_image
    assert (crop.width, crop.height) == (800, 420)


def dark_left_image():
    """2400×1000, black up to x=700 and white after: where the crop falls shows in its pixels.
    Centred, the crop spans x=248 to 2153; at focal point 0.9 across, x=495 to 2400."""
    image = Image.new("RGB", (2400, 1000), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 700, 1000))
    return upload(encoded(image, "PNG"), "dark-left.png", "image/png")


def brightness_at(photo, x):
    return read(photo.image.storage, photo.social_image.name).getpixel((x, 315))[0]


def test_social_crop_is_centred_by_default(saved_photo):
    photo = saved_photo(image=dark_left_image())
    assert brightness_at(photo, 200) < 30


def test_social_crop_follows_the_focal_point(saved_photo):
    photo = saved_photo(image=dark_left_image(), focal_point_x=0.9, focal_point_y=0.5)
    assert brightness_at(photo, 200) > 225


@pytest.mark.parametrize(
    ("focal_point", "box"),
    [
        ((0.5, 0.5), (248, 0, 2153, 1000)),
        ((0.0, 0.0), (0, 0, 1905, 1000)),
        ((1.0, 0.2), (495, 0, 2400, 1000)),
    ],
)
def test_crop_box_centres_on_the_focal_point_and_stays_inside(focal_point, box):
    assert renditions.social_crop_box(2400, 1000, focal_point) == box


def test_crop_box_of_a_portrait_photo_moves_down_to_the_faces():
    assert renditions.social_crop_box(1000, 3000, (0.5, 0.2)) == (0, 338, 1000, 863)


def test_changing_the_focal_point_remakes_the_crop_and_deletes_the_old_one(saved_photo, commit):
    photo = saved_photo(image=dark_left_image())
    old_crop = photo.social_image.name
    old_files = [entry["name"] for entry in photo.renditions["files"]]
    photo.focal_point_x, photo.focal_point_y = 0.9, 0.5
    commit(photo.save)
    photo.refresh_from_db()
    storage = photo.image.storage
    assert photo.social_image.name != old_crop
    assert not storage.exists(old_crop)
    assert [entry["name"] for entry in photo.renditions["files"]] == old_files


# Made once, through the storage, and cleaned up


def test_saving_a_photo_again_writes_no_file(saved_photo, commit, media_root):
    photo = saved_photo(image=photo_upload((700, 500)))
    before = {path: path.stat().st_mtime_ns for path in media_root.rglob("*") if path.is_file()}
    photo.caption = "New caption"
    commit(photo.save)
    after = {path: path.stat().st_mtime_ns for path in media_root.rglob("*") if path.is_file()}
    assert after == before


def test_renditions_work_with_a_storage_that_has_no_local_paths(settings, saved_photo):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    photo = saved_photo(image=photo_upload((700, 500)))
    storage = photo.image.storage
    assert isinstance(storage, InMemoryStorage)
    assert all(storage.exists(name) for name in photo.stored_file_names())
    assert len(photo.stored_file_names()) == 1 + 2 * 3 + 1


def test_renditions_are_not_made_until_the_upload_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = PhotoFactory(image=photo_upload((700, 500)))
    assert callbacks
    assert photo.rendition_set is None
    assert Photo.objects.get().renditions == {}


def test_upload_rolled_back_leaves_no_renditions(media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            PhotoFactory(image=photo_upload((700, 500)))
            raise RuntimeError("the rest of the request failed")
    assert not callbacks
    assert not list((media_root / "photos").glob("renditions/**/*.*"))


def test_replacing_the_image_deletes_the_old_files_once_committed(saved_photo, commit):
    photo = saved_photo(image=photo_upload((700, 500)))
    old_files = photo.stored_file_names()
    photo.image = photo_upload((900, 600))
    commit(photo.save)
    photo.refresh_from_db()
    storage = photo.image.storage
    assert not any(storage.exists(name) for name in old_files)
    assert all(storage.exists(name) for name in photo.stored_file_names())
    assert photo.rendition_set.webp[-1].width == 900


def test_deleting_a_photo_deletes_every_stored_file_once_committed(saved_photo, commit):
    photo = saved_photo(image=photo_upload((700, 500)))
    files = photo.stored_file_names()
    storage = photo.image.storage
    commit(photo.delete)
    assert files
    assert not any(storage.exists(name) for name in files)


def test_deleting_photos_in_bulk_deletes_their_files(saved_photo, commit):
    photos = [saved_photo(image=photo_upload((400, 300))) for _ in range(2)]
    files = [name for photo in photos for name in photo.stored_file_names()]
    commit(Photo.objects.all().delete)
    assert not any(photos[0].image.storage.exists(name) for name in files)


def test_manifest_made_from_another_original_is_ignored(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500)))
    photo.renditions = {**photo.renditions, "source": "photos/another.jpg"}
    assert photo.rendition_set is None
    assert photo.social_image is None


def test_renditions_are_remade_on_save_when_missing(saved_photo, commit):
    photo = saved_photo(image=photo_upload((700, 500)))
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    photo.refresh_from_db()
    commit(photo.save)
    photo.refresh_from_db()
    assert photo.rendition_set is not None


def test_making_renditions_moves_the_photos_last_change(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500)))
    assert photo.updated_at >= photo.uploaded_at
    stamp = photo.updated_at
    renditions.refresh(photo, force=True)
    photo.refresh_from_db()
    assert photo.updated_at > stamp


def test_making_renditions_is_announced_like_a_save_so_page_caches_refresh(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500)))
    heard = []

    def receiver(sender, instance, update_fields, **kwargs):
        heard.append((instance.pk, update_fields))

    post_save.connect(receiver, sender=Photo)
    try:
        renditions.refresh(photo, force=True)
    finally:
        post_save.disconnect(receiver, sender=Photo)
    assert heard == [(photo.pk, frozenset({"renditions", "updated_at"}))]


# Planning


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (6000, [320, 640, 960, 1280, 1920]),
        (1920, [320, 640, 960, 1280, 1920]),
        (1500, [320, 640, 960, 1280, 1500]),
        (320, [320]),
        (100, [100]),
    ],
)
def test_planned_widths_never_exceed_the_photo(width, widths):
    assert renditions.planned_widths(width) == widths


def test_rendition_set_is_worked_out_once_per_manifest(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500)))
    again = Photo.objects.get(pk=photo.pk)
    assert again.rendition_set is photo.rendition_set


def test_rendition_set_follows_a_changed_manifest(saved_photo):
    photo = saved_photo(image=photo_upload((700, 500)))
    assert photo.rendition_set is not None
    photo.renditions = {**photo.renditions, "files": photo.renditions["files"][:2]}
    assert len(photo.rendition_set.webp) + len(photo.rendition_set.fallback) == 2


def test_rendition_set_follows_the_media_address(saved_photo, settings):
    photo = saved_photo(image=photo_upload((700, 500)))
    assert photo.rendition_set.src.url.startswith(settings.MEDIA_URL)
    settings.MEDIA_URL = "https://photos.example.org/"
    assert photo.rendition_set.src.url.startswith("https://photos.example.org/")
