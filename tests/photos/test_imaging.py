import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from photos import imaging
from photos.models import Photo
from tests.factories import image_upload
from tests.photos.crafted import (
    encoded,
    heavy_jpeg,
    jpeg_with_everything,
    metadata_in,
    png_claiming_size,
    sixteen_bit_grey_png,
    upload,
)

pytestmark = pytest.mark.django_db


def refusal_code(file):
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(file)
    return error.value.code


def refusal_message(file):
    with pytest.raises(ValidationError) as error:
        imaging.open_checked(file)
    return error.value.messages[0]


def stored_image(photo):
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


# Refused: what the bytes are, not what the name says


def test_text_file_renamed_as_jpeg_is_refused():
    text = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    assert refusal_code(text) == "unsupported_format"


def test_svg_named_png_is_refused_and_called_a_drawing():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    file = SimpleUploadedFile("logo.png", svg, content_type="image/png")
    assert refusal_code(file) == "unsupported_format"
    assert "an SVG drawing" in refusal_message(file)


def test_svg_with_an_xml_declaration_is_refused():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'
    assert refusal_code(upload(svg, "logo.jpg")) == "unsupported_format"


def test_gif_is_refused_and_named():
    gif = image_upload(name="anim.gif", image_format="GIF")
    assert refusal_code(gif) == "unsupported_format"
    assert "a GIF image" in refusal_message(gif)


def test_heic_from_an_iphone_is_refused_with_advice_to_save_it_as_jpeg():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    message = refusal_message(upload(heic, "IMG_0001.HEIC"))
    assert "an HEIC photo" in message
    assert "Save it as JPEG" in message


def test_tiff_is_refused_even_though_pillow_could_read_it():
    tiff = encoded(Image.new("RGB", (20, 20)), "TIFF")
    assert refusal_code(upload(tiff, "scan.jpg")) == "unsupported_format"


def test_jpeg_named_png_is_accepted_as_the_jpeg_it_is():
    photo = Photo.objects.create(image=image_upload(name="photo.png"))
    assert photo.image.name.endswith(".jpg")
    assert photo.mime_type == "image/jpeg"


def test_png_stays_png():
    photo = Photo.objects.create(image=image_upload(name="chart.png", image_format="PNG"))
    assert photo.image.name.endswith(".png")


def test_webp_stays_webp_and_records_its_size_and_type():
    photo = Photo.objects.create(image=image_upload(name="x.webp", image_format="WEBP"))
    assert photo.file_size == photo.image.size
    assert photo.mime_type == "image/webp"


# Refused: damaged files


def test_truncated_jpeg_is_refused_as_damaged():
    data = encoded(Image.effect_noise((400, 300), 50).convert("RGB"), "JPEG")
    assert refusal_code(upload(data[: len(data) // 2], "cut.jpg")) == "corrupt"


def test_truncated_png_is_refused_as_damaged():
    data = encoded(Image.effect_noise((400, 300), 50).convert("RGB"), "PNG")
    assert refusal_code(upload(data[: len(data) // 2], "cut.png")) == "corrupt"


def test_truncated_webp_is_refused_as_damaged():
    data = encoded(Image.effect_noise((400, 300), 50).convert("RGB"), "WEBP")
    assert refusal_code(upload(data[: len(data) // 2], "cut.webp")) == "corrupt"


def test_jpeg_header_followed_by_garbage_is_refused_as_damaged():
    data = encoded(Image.new("RGB", (50, 50)), "JPEG")
    assert refusal_code(upload(data[:40] + b"\x00garbage" * 50, "x.jpg")) == "corrupt"


def test_empty_file_is_refused():
    assert refusal_code(upload(b"", "empty.jpg")) == "unsupported_format"


# Refused: too big


def test_file_over_the_size_limit_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setattr(imaging, "MAX_UPLOAD_BYTES", 1024 * 1024)
    file = upload(heavy_jpeg())
    assert file.size > 1024 * 1024
    assert refusal_code(file) == "too_large"


def test_file_over_the_size_limit_without_a_declared_size_is_refused(monkeypatch):
    monkeypatch.setattr(imaging, "MAX_UPLOAD_BYTES", 1_000)
    stream = io.BytesIO(jpeg_with_everything(size=(200, 200)))
    assert refusal_code(stream) == "too_large"


@pytest.mark.parametrize("side", [10_100, 12_000, 40_000])
def test_crafted_png_claiming_a_huge_canvas_is_refused_as_a_bomb(side):
    bomb = png_claiming_size(side, side)
    assert len(bomb) < 1_000
    assert refusal_code(upload(bomb, "bomb.png", "image/png")) == "too_many_pixels"


def test_real_image_over_the_pixel_limit_is_refused(monkeypatch):
    monkeypatch.setattr(imaging, "MAX_PIXELS", 100 * 100)
    assert refusal_code(image_upload(size=(200, 200))) == "too_many_pixels"


def test_crafted_png_claiming_a_canvas_within_the_limit_is_refused_as_damaged():
    bomb = png_claiming_size(9_000, 9_000)
    assert refusal_code(upload(bomb, "bomb.png", "image/png")) == "corrupt"


def test_both_limits_are_refused_with_one_message_naming_the_limit(monkeypatch):
    monkeypatch.setattr(imaging, "MAX_UPLOAD_BYTES", 1024 * 1024)
    with pytest.raises(ValidationError) as too_large:
        imaging.open_checked(upload(heavy_jpeg()))
    assert too_large.value.messages == [
        "This photo is over the file size limit: it is 2 MB, and the most accepted is 1 MB. "
        "Export it smaller and upload it again."
    ]
    with pytest.raises(ValidationError) as too_many:
        imaging.open_checked(upload(png_claiming_size(12_000, 9_000), "big.png", "image/png"))
    assert too_many.value.messages == [
        "This photo is over the pixel limit: it is 12000 × 9000 pixels (108 megapixels), and "
        "the most accepted is 102 megapixels. Export it smaller and upload it again."
    ]


# Accepted and scaled down: camera files up to 100 megapixels


def test_a_photo_over_the_master_size_is_stored_scaled_down_keeping_its_shape(monkeypatch):
    monkeypatch.setattr(imaging, "MASTER_MAX_PIXELS", 300 * 200)
    photo = Photo.objects.create(image=image_upload(size=(900, 600)))
    assert (photo.width, photo.height) == (300, 200)
    assert stored_image(photo).size == (300, 200)


@pytest.mark.parametrize("size", [(11648, 8736), (11656, 8742)], ids=["Fujifilm", "Hasselblad"])
def test_a_100_megapixel_cameras_photo_is_within_the_limit(size):
    imaging._check_dimensions(Image.new("1", size))


def test_a_long_strip_is_stored_no_longer_than_webp_can_encode():
    strip = encoded(Image.new("L", (2, 17_000)), "PNG")
    photo = Photo.objects.create(image=upload(strip, "strip.png", "image/png"))
    assert photo.height == imaging.MAX_SIDE
    assert photo.width == 1


@pytest.mark.parametrize(
    "size, stored",
    [
        ((6000, 4000), (6000, 4000)),
        ((9504, 6336), (8660, 5773)),
        ((11648, 8736), (8164, 6123)),
        ((20000, 5000), (14142, 3535)),
    ],
)
def test_master_size_fits_the_pipeline_and_keeps_the_aspect_ratio(size, stored):
    assert imaging.master_size(*size) == stored
    width, height = stored
    assert width * height <= imaging.MASTER_MAX_PIXELS
    assert abs(width / height - size[0] / size[1]) < 0.001


def test_a_61_megapixel_press_camera_jpeg_with_location_is_accepted_and_scaled_down():
    camera = jpeg_with_everything(size=(9504, 6336))
    photo = Photo.objects.create(image=upload(camera, "DSC00001.JPG"))
    assert (photo.width, photo.height) == (8660, 5773)
    with photo.image.open("rb") as stored:
        assert metadata_in(stored.read()) == []


# Refused: animation


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_animated_image_is_refused(image_format):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    data = encoded(frames[0], image_format, save_all=True, append_images=frames[1:])
    assert refusal_code(upload(data, f"anim.{image_format.lower()}")) == "animated"


# Accepted and normalised


def test_multi_picture_jpeg_from_a_camera_is_accepted_as_its_first_picture():
    first = Image.new("RGB", (64, 48), (200, 30, 30))
    second = Image.new("RGB", (64, 48), (30, 200, 30))
    data = encoded(first, "MPO", save_all=True, append_images=[second])
    photo = Photo.objects.create(image=upload(data, "DSCF0001.jpg"))
    assert photo.image.name.endswith(".jpg")
    red, green, _blue = stored_image(photo).getpixel((32, 24))
    assert red > 150 and green < 80


def test_stored_photo_is_turned_upright_before_metadata_is_dropped():
    photo = Photo.objects.create(image=upload(jpeg_with_everything((80, 40), orientation=6)))
    assert (photo.width, photo.height) == (40, 80)
    assert stored_image(photo).size == (40, 80)


def test_cmyk_jpeg_is_stored_as_rgb_with_its_colours():
    cyan = Image.new("CMYK", (32, 32), (255, 0, 0, 0))
    photo = Photo.objects.create(image=upload(encoded(cyan, "JPEG"), "print.jpg"))
    stored = stored_image(photo)
    assert stored.mode == "RGB"
    red, green, blue = stored.getpixel((16, 16))
    assert red < 40 and green > 200 and blue > 200


def test_sixteen_bit_grey_png_keeps_its_tone_instead_of_turning_white():
    photo = Photo.objects.create(image=upload(sixteen_bit_grey_png(32_768), "scan.png"))
    stored = stored_image(photo)
    assert stored.mode == "L"
    assert 120 <= stored.getpixel((5, 5)) <= 135


def test_png_with_transparent_pixels_keeps_them():
    image = Image.new("RGBA", (20, 20), (0, 90, 156, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    photo = Photo.objects.create(image=upload(encoded(image, "PNG"), "logo.png"))
    stored = stored_image(photo)
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0


def test_png_with_a_transparent_colour_keeps_it_transparent():
    image = Image.new("RGB", (20, 20), (0, 90, 156))
    image.putpixel((0, 0), (255, 255, 255))
    data = encoded(image, "PNG", transparency=(255, 255, 255))
    stored = stored_image(Photo.objects.create(image=upload(data, "logo.png")))
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0
    assert stored.getpixel((5, 5)) == (0, 90, 156, 255)


def test_png_with_an_alpha_channel_but_no_transparent_pixel_drops_the_channel():
    image = Image.new("RGBA", (20, 20), (0, 90, 156, 255))
    photo = Photo.objects.create(image=upload(encoded(image, "PNG"), "flat.png"))
    assert stored_image(photo).mode == "RGB"


def test_palette_png_is_stored_in_full_colour():
    image = Image.new("RGB", (20, 20), (0, 90, 156)).convert("P", palette=Image.Palette.ADAPTIVE)
    photo = Photo.objects.create(image=upload(encoded(image, "PNG"), "palette.png"))
    stored = stored_image(photo)
    assert (stored.mode, stored.getpixel((3, 3))) == ("RGB", (0, 90, 156))


def test_same_upload_is_decoded_once_for_the_form_the_model_and_the_save():
    file = image_upload()
    assert imaging.open_checked(file) is imaging.open_checked(file)


# Through the model


def test_invalid_upload_is_a_field_error_on_the_model():
    photo = Photo(image=SimpleUploadedFile("x.jpg", b"GIF89a nonsense"))
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "image" in error.value.message_dict


def test_saving_an_invalid_upload_raises_a_field_error_and_stores_nothing(media_root):
    with pytest.raises(ValidationError) as error:
        Photo(image=SimpleUploadedFile("x.jpg", b"not a photo")).save()
    assert "image" in error.value.message_dict
    assert not Photo.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_stored_file_name_does_not_keep_the_uploaded_name():
    photo = Photo.objects.create(image=image_upload(name="shelter-location-morelia.jpg"))
    assert "shelter" not in photo.image.name
    assert photo.image.name.endswith(".jpg")
