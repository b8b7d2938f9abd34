"""Whether a photo's alt text describes it, for readers who cannot see it.

Screen readers already say "image" before reading an alt text, so alt text that is only a word
for "photo", a camera's file name or a copy of the caption (read out right after it) tells those
readers nothing. Each check returns a ``ValidationError`` with a code and a message that says what
to write instead; ``None`` means the text is fine.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Words that say only that there is a picture, in English and Spanish. Compared after folding case
# and accents, with articles and numbers dropped ("An image", "Foto 3", "la fotografía").
PLACEHOLDER_WORDS = {
    "image",
    "images",
    "img",
    "photo",
    "photos",
    "photograph",
    "picture",
    "pic",
    "imagen",
    "imagenes",
    "foto",
    "fotos",
    "fotografia",
    "untitled",
    "sin titulo",
    "alt",
    "alt text",
}
ARTICLES = {"a", "an", "the", "un", "una", "el", "la", "los", "las"}
# A name as files have them: no spaces, ending in an image extension ("IMG_0001.JPG"), or as
# cameras and phones number them without the extension ("DSC01234", "PXL_20210112_101500").
FILE_NAME = re.compile(
    r"^\S+\.(jpe?g|png|webp|gif|heic|heif|avif|tiff?|bmp|raw|cr2|nef|arw|dng)$", re.IGNORECASE
)
CAMERA_NAME = re.compile(
    r"^(img|dsc[nf]?|dcim|pxl|gopr|mvimg|dji|sam|wp|photo|image|screenshot|captura)"
    r"[\s_-]*\d[\d_-]*(\s*\(\d+\))?$",
    re.IGNORECASE,
)

REQUIRED = _(
    "Say what the photo shows, for readers who cannot see it, or tick “Decorative” if it adds "
    "nothing the text beside it does not already say."
)
FILE_NAME_MESSAGE = _(
    "“%(text)s” is a file name, not a description. Say what the photo shows, e.g. 'Two police "
    "officers in uniform holding framed certificates'."
)
PLACEHOLDER_MESSAGE = _(
    "“%(text)s” does not say what the photo shows: screen readers already say it is an image. "
    "Describe what is in it, e.g. 'Two police officers in uniform holding framed certificates'."
)
SAME_AS_CAPTION_MESSAGE = _(
    "The alt text repeats the caption, so people using a screen reader would hear it twice. "
    "Describe what the photo shows instead."
)
DECORATIVE_WITH_TEXT = _(
    "A decorative photo has no alt text. Clear the alt text, or untick “Decorative”."
)


def folded(text):
    """``text`` without case, accents, punctuation or repeated spaces, for comparing."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w\s]|_", " ", letters).split())


def is_placeholder(text):
    words = [word for word in folded(text).split() if word not in ARTICLES and not word.isdigit()]
    return " ".join(words) in PLACEHOLDER_WORDS or (
        bool(words) and all(word in PLACEHOLDER_WORDS for word in words)
    )


def is_file_name(text):
    text = text.strip()
    return bool(FILE_NAME.match(text) or CAMERA_NAME.match(text))


def problem(alt_text, *, caption="", decorative=False):
    """Why ``alt_text`` does not describe its photo, as a ``ValidationError``; None if it does."""
    text = alt_text.strip()
    if decorative:
        if text:
            return ValidationError(DECORATIVE_WITH_TEXT, code="decorative_with_alt_text")
        return None
    if not text:
        return ValidationError(REQUIRED, code="alt_text_required")
    if is_file_name(text):
        return ValidationError(FILE_NAME_MESSAGE % {"text": text}, code="alt_text_file_name")
    if is_placeholder(text):
        return ValidationError(PLACEHOLDER_MESSAGE % {"text": text}, code="alt_text_placeholder")
    if caption.strip() and folded(text) == folded(caption):
        return ValidationError(SAME_AS_CAPTION_MESSAGE, code="alt_text_same_as_caption")
    return None
