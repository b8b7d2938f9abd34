"""Names staff give in each language, shown in the reader's language.

A record's own field (``name``) holds the name as the office first wrote it; ``name_es`` holds
the Spanish one, when staff gave it. Readers of the Spanish site see the Spanish name, everyone
else (and Spanish readers where none was given) the original. Tags, which belong to
django-taggit, keep their Spanish name in ``articles.TagTranslation``, read along with the tag
(``select_related("translation")``) so that showing it costs no query.
"""

from django.conf import settings
from django.utils.translation import get_language


def translated_value(obj, field="name"):
    """``obj.<field>`` in the active language, falling back to the original."""
    if obj is None:
        return ""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    holder = obj
    if not hasattr(obj, f"{field}_es"):
        # A tag: its translations live beside it; a missing row reads as no translation.
        holder = getattr(obj, "translation", None)
    if language != settings.LANGUAGE_CODE and holder is not None:
        value = getattr(holder, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


def translated_name(obj):
    return translated_value(obj, "name")


def site_publisher_name():
    """The site's own publisher (``NEWSROOM_PUBLISHER_NAME``), in Spanish on the Spanish site
    when ``NEWSROOM_PUBLISHER_NAME_ES`` gives it."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == "es" and settings.NEWSROOM_PUBLISHER_NAME_ES:
        return settings.NEWSROOM_PUBLISHER_NAME_ES
    return settings.NEWSROOM_PUBLISHER_NAME
