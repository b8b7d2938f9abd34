from django import template

from newsroom.translated import translated_name as _translated_name

register = template.Library()


@register.filter
def translated_name(obj):
    """``obj``'s name in the reader's language, falling back to the original: for tags, whose
    model (django-taggit's) has no ``translated_name`` of its own."""
    return _translated_name(obj)
