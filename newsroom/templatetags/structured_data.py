import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom import structured_data
from newsroom.canonical import absolute_url

register = template.Library()

# Escaping <, > and & as JSON unicode escapes keeps any field from closing the script element.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> element that no field can break out of."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag
def story_json_ld(story, contacts=()):
    return json_ld(structured_data.news_article(story, contacts))


@register.simple_tag
def officer_json_ld(officer):
    return json_ld(structured_data.person(officer))


@register.simple_tag
def programme_json_ld(programme):
    return json_ld(structured_data.programme(programme))


@register.simple_tag
def website_json_ld():
    return json_ld(structured_data.website())


@register.filter
def absolute(url):
    """``url`` made absolute against NEWSROOM_BASE_URL; an already absolute URL (S3) is kept."""
    return absolute_url(url) if url else ""
