"""The language switcher: for each interface language, the address of this page in it."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, each to the same page in that language; plain links, no form.

    On a story page, a language with an edition of the story links to that edition; any other
    page (or a story without one) links to the same address under the other language's prefix,
    query string included, so a search stays a search.
    """
    request = context.get("request")
    if request is None:
        return []
    editions = _story_editions(context, request)
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = editions.get(code) or translate_url(request.get_full_path(), code)
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"].capitalize(),
                url=url,
                current=code == current,
            )
        )
    return links


def _story_editions(context, request):
    match = request.resolver_match
    story = context.get("story")
    if match is None or match.view_name != "articles:story-detail" or story is None:
        return {}
    return {edition.language: edition.get_absolute_url() for edition in story.other_editions}
