"""Tags that differ only by accents or case are one tag: finding them, and merging two.

"Michoacan" typed on a story whose office already has "Michoacán" should use that tag, not make a
second one beside it, which would split the topic's page. ``similar_tags()`` finds the existing
tags a new name would clash with, so the story form can ask first; ``merge_tags()`` joins two
tags that exist already, and the merged tag's address redirects to the kept tag's page.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from search.text import fold

# How many suggestions the tag field offers as staff type.
SUGGESTIONS = 10


def suggest_tags(text, limit=SUGGESTIONS):
    """Existing tags whose name contains ``text``, accents and case ignored; names that start
    with it first, then by name."""
    folded = fold(text.strip())
    if not folded:
        return []
    tags = list(
        Tag.objects.filter(name__folded__contains=folded)
        .select_related("translation")
        .order_by("name")[: limit * 5]
    )
    tags.sort(key=lambda tag: (not fold(tag.name).startswith(folded), fold(tag.name)))
    return tags[:limit]


def similar_tags(names):
    """For each of ``names`` that is not a tag yet, the existing tag it differs from only by
    accents or case, as ``{name: tag}``: "michoacan" and "Michoacan" both clash with
    "Michoacán". A name that is a tag exactly is that tag, so it is left out, as are names like
    no tag at all."""
    names = [name for name in names if name.strip()]
    if not names:
        return {}
    tags = list(Tag.objects.filter(name__folded__in=[fold(name) for name in names]))
    clashes = {}
    for name in names:
        alike = [tag for tag in tags if fold(tag.name) == fold(name)]
        if alike and not any(tag.name == name for tag in alike):
            clashes[name] = alike[0]
    return clashes


@transaction.atomic
def merge_tags(*, keep, merged):
    """Move every story of ``merged`` to ``keep``, then delete ``merged``; its address
    redirects to ``keep``'s page from then on. Returns the number of stories moved.

    A story that carries both tags keeps one. The stories moved count as changed (their
    ``updated_at``), so the pages and feeds that list them are answered afresh.
    """
    from .models import Story, TagRedirect, TagTranslation

    if keep.pk == merged.pk:
        raise ValueError("A tag cannot be merged into itself.")
    content_type = ContentType.objects.get_for_model(Story)
    items = TaggedItem.objects.filter(tag=merged, content_type=content_type)
    story_ids = list(items.values_list("object_id", flat=True))
    carrying_both = TaggedItem.objects.filter(tag=keep, content_type=content_type)
    items.exclude(object_id__in=carrying_both.values("object_id")).update(tag=keep)
    TaggedItem.objects.filter(tag=merged).delete()
    if story_ids:
        Story.objects.filter(pk__in=story_ids).update(updated_at=timezone.now())
    spanish_name = (
        TagTranslation.objects.filter(tag=merged).values_list("name_es", flat=True).first()
    )
    if spanish_name and not TagTranslation.objects.filter(tag=keep).exclude(name_es="").exists():
        TagTranslation.objects.update_or_create(tag=keep, defaults={"name_es": spanish_name})
    TagRedirect.objects.filter(tag=merged).update(tag=keep)
    if merged.slug and merged.slug != keep.slug:
        TagRedirect.objects.update_or_create(old_slug=merged.slug, defaults={"tag": keep})
    merged.delete()
    return len(story_ids)


def merged_tag_redirect(slug, url_name):
    """A 301 to the same kind of page (``url_name``) of the tag that ``slug`` was merged into,
    or None when no tag was merged away from that address."""
    from .models import TagRedirect

    redirect = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
    if redirect is None or not redirect.tag.slug:
        return None
    return HttpResponsePermanentRedirect(reverse(url_name, kwargs={"slug": redirect.tag.slug}))
