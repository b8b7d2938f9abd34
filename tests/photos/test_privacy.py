"""No stored file carries where a photo was taken: the original, every rendition, the crop.

Each test uploads a file as a phone, a camera or an agency would send it, then reads back the
bytes the storage holds.
"""

import io

import pytest
from PIL import Image

from tests.photos.crafted import (
    jpeg_with_everything,
    metadata_in,
    png_with_text,
    upload,
    webp_with_metadata,
)

pytestmark = pytest.mark.django_db

MOTION_PHOTO_VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"Morelia video frames" * 50


def stored_bytes(photo):
    """Every stored file of the photo, by name: the original, its renditions and its crop."""
    storage = photo.image.storage
    files = {}
    for name in photo.stored_file_names():
        with storage.open(name, "rb") as file:
            files[name] = file.read()
    return files


def test_jpeg_from_a_phone_leaves_no_metadata_in_any_stored_file(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    files = stored_bytes(photo)
    assert len(files) == 1 + 2 * 5 + 1
    assert {name: metadata_in(data) for name, data in files.items()} == {name: [] for name in files}


def test_stored_files_read_back_without_exif_xmp_or_profile(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    for data in stored_bytes(photo).values():
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif()
            assert not {"exif", "xmp", "icc_profile", "comment", "photoshop"} & set(image.info)


def test_video_a_motion_photo_appends_is_not_stored(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything(trailer=MOTION_PHOTO_VIDEO)))
    for data in stored_bytes(photo).values():
        assert b"ftypmp42" not in data


def test_png_text_chunks_naming_a_place_are_not_stored(saved_photo):
    photo = saved_photo(image=upload(png_with_text(), "chart.png", "image/png"))
    files = stored_bytes(photo)
    assert photo.image.name.endswith(".png")
    assert {name: metadata_in(data) for name, data in files.items()} == {name: [] for name in files}


def test_webp_exif_and_xmp_chunks_are_not_stored(saved_photo):
    photo = saved_photo(image=upload(webp_with_metadata(), "photo.webp", "image/webp"))
    files = stored_bytes(photo)
    assert photo.image.name.endswith(".webp")
    assert {name: metadata_in(data) for name, data in files.items()} == {name: [] for name in files}


def test_renditions_are_made_from_the_upright_photo(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything(size=(1600, 1000), orientation=6)))
    assert (photo.width, photo.height) == (1000, 1600)
    widest = photo.rendition_set.webp[-1]
    assert (widest.width, widest.height) == (1000, 1600)
