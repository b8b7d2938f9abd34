"""Reading uploaded images safely and writing them back without metadata.

Every stored photo is re-encoded from its pixels alone: EXIF (with GPS), XMP, IPTC and comments
never reach the disk, and the EXIF orientation is applied first so the photo stays upright.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# The formats staff may upload, by what the bytes say, not the file name.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# About 50 megapixels: a 24-megapixel camera fits with room; a decompression bomb does not.
MAX_PIXELS = 50_000_000


def _refuse(message, code):
    raise ValidationError(message, code=code)


def open_checked(file):
    """Open an uploaded file as an image, or raise ValidationError saying why it is refused."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        _refuse(
            _("The file is %(size)d MB; photos may be at most %(max)d MB.")
            % {"size": size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            "too_large",
        )
    file.seek(0)
    data = file.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                _refuse(
                    _("This file is not a JPEG, PNG or WebP photo."),
                    "unsupported_format",
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                _refuse(
                    _("The photo is %(w)d×%(h)d pixels; the limit is %(max)d megapixels.")
                    % {"w": width, "h": height, "max": MAX_PIXELS // 1_000_000},
                    "too_many_pixels",
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_("The photo has too many pixels to be processed safely."), "too_many_pixels")
    except UnidentifiedImageError:
        _refuse(_("This file is not a JPEG, PNG or WebP photo."), "unsupported_format")
    except (OSError, SyntaxError, ValueError):
        _refuse(_("The photo is damaged or incomplete. Please export it again."), "corrupt")
    return image


def strip_metadata(image):
    """The image's pixels, upright, in a fresh image that carries no metadata at all."""
    source_format = image.format
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in {"RGB", "RGBA", "L", "LA"}:
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    clean.format = source_format
    return clean


def encode(image, source_format):
    """Encode an image as a ContentFile in its own format, with no metadata."""
    buffer = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif source_format == "WEBP":
        image.save(buffer, "WEBP", quality=85, method=4)
    else:
        image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue())


def clean_upload(file):
    """Validate an upload and return (ContentFile without metadata, extension, width, height)."""
    image = open_checked(file)
    source_format = image.format
    clean = strip_metadata(image)
    return encode(clean, source_format), ALLOWED_FORMATS[source_format], clean.width, clean.height
