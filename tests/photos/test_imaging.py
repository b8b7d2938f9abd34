import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from photos import imaging
from photos.models import Photo
from tests.factories import image_upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps_and_rotation(size=(80, 40)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (19.0, 42.0, 7.0), 3: "W", 4: (101.0, 11.0, 3.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"taken at the shelter")
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_stored_photo_carries_no_exif_or_gps():
    photo = Photo.objects.create(image=jpeg_with_gps_and_rotation(), alt_text="Officers")
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert "comment" not in image.info
    assert b"PhoneMaker" not in open(photo.image.path, "rb").read()


def test_stored_photo_is_turned_upright_before_metadata_is_dropped():
    photo = Photo.objects.create(image=jpeg_with_gps_and_rotation(size=(80, 40)))
    assert (photo.width, photo.height) == (40, 80)


def test_stored_file_name_does_not_keep_the_uploaded_name():
    photo = Photo.objects.create(image=image_upload(name="shelter-location-morelia.jpg"))
    assert "shelter" not in photo.image.name
    assert photo.image.name.endswith(".jpg")


def test_png_stays_png():
    photo = Photo.objects.create(image=image_upload(name="chart.png", image_format="PNG"))
    assert photo.image.name.endswith(".png")


def test_text_file_renamed_as_jpeg_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(upload)
    assert error.value.code == "unsupported_format"


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    upload = SimpleUploadedFile("logo.png", svg, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(upload)
    assert error.value.code == "unsupported_format"


def test_truncated_jpeg_is_refused():
    data = image_upload(size=(400, 300)).read()
    upload = SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(upload)
    assert error.value.code == "corrupt"


def test_gif_is_refused():
    upload = image_upload(name="anim.gif", image_format="GIF")
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(upload)
    assert error.value.code == "unsupported_format"


def test_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(imaging, "MAX_PIXELS", 100 * 100)
    upload = image_upload(size=(200, 200))
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(upload)
    assert error.value.code == "too_many_pixels"


def test_oversize_file_is_refused(monkeypatch):
    monkeypatch.setattr(imaging, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(image_upload())
    assert error.value.code == "too_large"


def test_invalid_upload_is_a_field_error_on_the_model():
    photo = Photo(image=SimpleUploadedFile("x.jpg", b"GIF89a nonsense"))
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "image" in error.value.message_dict


def png_claiming_size(width, height):
    """A few hundred bytes of PNG whose header claims an enormous canvas."""
    import struct
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [9_000, 40_000])
def test_crafted_png_claiming_a_huge_canvas_is_refused(side):
    upload = SimpleUploadedFile("bomb.png", png_claiming_size(side, side), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(upload)
    assert error.value.code == "too_many_pixels"


def test_stored_file_size_and_type_are_recorded():
    photo = Photo.objects.create(image=image_upload(name="x.webp", image_format="WEBP"))
    assert photo.file_size == photo.image.size
    assert photo.mime_type == "image/webp"
