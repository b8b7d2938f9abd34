"""Reading uploaded images safely and writing them back without metadata.

Guarantees:
- Only still JPEG, PNG and WebP images are accepted, decided by the file's bytes and never by its
  name. Pillow is asked to recognise those formats and no others, so a crafted file cannot reach
  the decoders of formats the library does not use. Multi-picture JPEGs, which many cameras and
  phones write, are JPEGs: their first picture is the photo.
- Files that are too large, have too many pixels (decompression bombs among them), are animated,
  or are truncated or damaged are refused with a ``ValidationError`` whose code says why
  (``too_large``, ``too_many_pixels``, ``animated``, ``corrupt``, ``unsupported_format``) and
  whose message tells staff what to do. Both limits are refused with one message, which names
  the limit, the file's figure and the most accepted.
- Photos up to ``MAX_PIXELS`` (a 100-megapixel camera's) are accepted; one with more pixels than
  ``MASTER_MAX_PIXELS``, or a side longer than ``MAX_SIDE``, is stored scaled down to fit, keeping
  its shape, so the rendition pipeline only ever reads what it was built for.
- Every stored file is re-encoded from its pixels alone: EXIF (with GPS), XMP, IPTC, comments,
  text chunks and colour profiles never reach the storage. The EXIF orientation is applied first,
  so the photo stays upright, and colours described by an embedded profile are converted to sRGB
  first, so they stay true once the profile is gone.
"""

import io
import math
import re
import struct
import warnings
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# What Pillow may recognise, and the format each is stored in. MPO is how Pillow names a JPEG that
# carries a second picture (a depth map, a stereo pair); the photo is the first.
STORED_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# The decoders Pillow may try; its JPEG decoder itself recognises MPO.
DECODERS = ["JPEG", "PNG", "WEBP"]
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A 100-megapixel camera's JPEG at its finest quality.
MAX_UPLOAD_BYTES = 60 * 1024 * 1024
# A 100-megapixel camera's photo is accepted (11,648 × 8,736 pixels from Fujifilm's, 11,656 ×
# 8,742 from Hasselblad's: nearly 102 million); a decompression bomb claims far more.
MAX_PIXELS = 102_000_000
# The stored original ("master") every rendition is made from: what the rendition pipeline was
# built and measured for. Larger photos are scaled down to it, keeping their shape.
MASTER_MAX_PIXELS = 50_000_000
# WebP cannot encode a longer side, and renditions are never taller or wider than the original.
MAX_SIDE = 16_383

# Pillow's own guard against decompression bombs follows the library's limit: it warns above it
# (``_check_dimensions`` refuses those) and refuses outright above twice it, before decoding.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Quality of the stored original, which every rendition is made from; readers never download it.
ORIGINAL_QUALITY = 90

# The errors Pillow's decoders raise on damaged data; anything else is a bug and must be seen.
DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, zlib.error)

NOT_A_PHOTO = _("This file is not a JPEG, PNG or WebP photo.")
# Formats staff meet in practice, recognised by their first bytes, to say what the file is.
OTHER_KINDS = [
    (lambda head: head[:6] in (b"GIF87a", b"GIF89a"), _("a GIF image")),
    (
        lambda head: (
            head[4:8] == b"ftyp"
            and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1")
        ),
        _("an HEIC photo, the iPhone's own format"),
    ),
    (lambda head: head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"), _("an AVIF image")),
    (lambda head: head[:4] in (b"II*\x00", b"MM\x00*"), _("a TIFF image")),
    (lambda head: head[:2] == b"BM", _("a BMP image")),
    (lambda head: head[:5] == b"%PDF-", _("a PDF document")),
    (lambda head: b"<svg" in head.lower(), _("an SVG drawing")),
]
ACCEPTED_SIGNATURES = [
    lambda head: head[:3] == b"\xff\xd8\xff",
    lambda head: head[:8] == b"\x89PNG\r\n\x1a\n",
    lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
]


@dataclass
class CleanImage:
    """An upload made safe to store: its re-encoded bytes, their format and size in pixels."""

    content: ContentFile
    format: str
    size: tuple

    @property
    def extension(self):
        return EXTENSIONS[self.format]


def _refuse(message, code):
    raise ValidationError(message, code=code)


def open_checked(file):
    """Open an uploaded file as a still image, or raise ValidationError saying why it is refused.

    The decoded image is remembered on the file object, so that a form, the model's ``clean()``
    and its ``save()`` decode a large photo once between them.
    """
    checked = getattr(file, "_checked_image", None)
    if checked is not None:
        return checked
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        _refuse_size(size)
    file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        _refuse_size(len(data))
    image = _decode(data)
    file._checked_image = image
    return image


OVER_LIMIT = _(
    "This photo is over the %(limit)s limit: it is %(actual)s, and the most accepted is "
    "%(most)s. Export it smaller and upload it again."
)


def _refuse_over_limit(limit, actual, most, code):
    _refuse(OVER_LIMIT % {"limit": limit, "actual": actual, "most": most}, code)


def megabytes(size):
    return _("%(count)d MB") % {"count": -(-size // (1024 * 1024))}


def megapixels(pixels):
    return _("%(count)d megapixels") % {"count": -(-pixels // 1_000_000)}


def _refuse_size(size):
    _refuse_over_limit(_("file size"), megabytes(size), megabytes(MAX_UPLOAD_BYTES), "too_large")


def _refuse_pixels(width=None, height=None, pixels=None):
    if width and height:
        actual = _("%(width)d × %(height)d pixels (%(megapixels)s)") % {
            "width": width,
            "height": height,
            "megapixels": megapixels(width * height),
        }
    elif pixels:
        actual = megapixels(pixels)
    else:
        actual = _("larger")
    _refuse_over_limit(_("pixel"), actual, megapixels(MAX_PIXELS), "too_many_pixels")


def _decode(data):
    head = data[:1024]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it, before decoding anything;
            # the check below refuses those, naming their size, and it runs before any decoding.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=DECODERS)
            _check_dimensions(image)
            if image.format != "MPO" and getattr(image, "is_animated", False):
                _refuse(
                    _("Animated images are not accepted. Upload a still photo."),
                    "animated",
                )
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        # Refused before anything is decoded; Pillow's message is the only place its size is.
        claimed = re.search(r"\((\d+) pixels\)", str(error))
        _refuse_pixels(pixels=int(claimed.group(1)) if claimed else None)
    except UnidentifiedImageError:
        if any(signature(head) for signature in ACCEPTED_SIGNATURES):
            _refuse_damaged()
        _refuse_format(head)
    except DECODING_ERRORS:
        _refuse_damaged()
    return image


def _check_dimensions(image):
    width, height = image.size
    if width * height > MAX_PIXELS:
        _refuse_pixels(width, height)
    if not width or not height:
        _refuse_damaged()


def master_size(width, height):
    """The size a photo is stored at: its own, or scaled down, keeping its shape, to at most
    ``MASTER_MAX_PIXELS`` and ``MAX_SIDE`` on its longer side."""
    scale = min(1, math.sqrt(MASTER_MAX_PIXELS / (width * height)), MAX_SIDE / max(width, height))
    if scale >= 1:
        return width, height
    return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


def _to_master_size(image):
    size = master_size(*image.size)
    if size == image.size:
        return image
    # reducing_gap first shrinks by a whole factor, then resamples: as sharp, far faster.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _refuse_damaged():
    _refuse(_("The photo is damaged or incomplete. Please export it again."), "corrupt")


def _refuse_format(head):
    for matches, kind in OTHER_KINDS:
        if matches(head):
            _refuse(
                _(
                    "This file is %(kind)s, not a JPEG, PNG or WebP photo. "
                    "Save it as JPEG and upload it again."
                )
                % {"kind": kind},
                "unsupported_format",
            )
    _refuse(NOT_A_PHOTO, "unsupported_format")


def strip_metadata(image):
    """The image's pixels, upright, in sRGB and at its master size (``master_size()``), in a
    fresh image that carries no metadata at all.

    A fresh image matters: Pillow's encoders copy a comment, a colour profile or XMP from the
    ``info`` of the image they are given, and a copied image keeps its ``info``.
    """
    upright = ImageOps.exif_transpose(image)
    upright = _expand_transparency(upright)
    upright = _to_srgb(upright, image.info.get("icc_profile"))
    upright = _to_master_size(_to_web_mode(upright))
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    return clean


def _expand_transparency(image):
    """Give transparency kept in ``info`` (a palette entry, a PNG tRNS colour) an alpha channel,
    before anything that drops ``info`` loses it."""
    if image.mode in {"P", "PA"}:
        return image.convert(
            "RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB"
        )
    if image.mode in {"L", "RGB"} and "transparency" in image.info:
        return image.convert("LA" if image.mode == "L" else "RGBA")
    return image


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image, icc_profile):
    """Convert colours described by an embedded profile to sRGB, which browsers assume."""
    if image.mode == "CMYK" and not icc_profile:
        return image.convert("RGB")
    if not icc_profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        # Grey and palette images with a profile are rare and differ only in tone: drop it.
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if image.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(source).lower():
            return image
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        colour = image.convert("RGB") if alpha is not None else image
        converted = ImageCms.profileToProfile(colour, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, *DECODING_ERRORS):
        # A profile that cannot be read cannot be honoured either; the pixels are kept as they are.
        return image.convert("RGB") if image.mode == "CMYK" else image
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _to_web_mode(image):
    """RGB or grey, with an alpha channel only where some pixel is actually transparent."""
    mode = image.mode
    if mode in {"I;16", "I;16L", "I;16B", "I;16N", "I"}:
        # Sixteen-bit grey: Pillow's own conversion clips at 255, which would turn it white.
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if mode in {"P", "PA"}:
        image = _expand_transparency(image)
        mode = image.mode
    elif mode in {"RGBa", "RGBX"}:
        mode = "RGBA"
        image = image.convert(mode)
    elif mode == "La":
        mode = "LA"
        image = image.convert(mode)
    elif mode == "1":
        return image.convert("L")
    elif mode not in {"RGB", "RGBA", "L", "LA"}:
        return image.convert("RGB")
    if mode in {"RGBA", "LA"} and image.getchannel("A").getextrema()[0] == 255:
        return image.convert(mode[:-1] if mode == "LA" else "RGB")
    return image


def has_transparency(image):
    return image.mode in {"RGBA", "LA"}


def encode(image, image_format, **options):
    """Encode an image with no metadata, as bytes, in JPEG, PNG or WebP."""
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = flatten(image)
        image.save(buffer, "JPEG", optimize=True, **options)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", method=4, **options)
    else:
        image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def flatten(image):
    """The image on a white background, for formats without transparency."""
    if not has_transparency(image):
        return image.convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
    return background


def clean_upload(file):
    """Validate an upload and return it re-encoded without metadata, as a ``CleanImage``."""
    image = open_checked(file)
    stored_format = STORED_FORMAT[image.format]
    clean = strip_metadata(image)
    if stored_format == "JPEG":
        data = encode(clean, "JPEG", quality=ORIGINAL_QUALITY, progressive=True)
    elif stored_format == "WEBP":
        data = encode(clean, "WEBP", quality=ORIGINAL_QUALITY)
    else:
        data = encode(clean, "PNG")
    return CleanImage(content=ContentFile(data), format=stored_format, size=clean.size)


def open_stored(file):
    """Open a stored original (already clean) to make renditions from it.

    Renditions are always made from the stored bytes, never from the pixels before they were
    encoded, so making them again gives byte-identical files (and the same names).
    """
    file.seek(0)
    image = _decode(file.read())
    return _to_web_mode(image)
