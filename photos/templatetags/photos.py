"""``{% picture %}``: a library photo as a responsive <picture>, with its alt text.

    {% load photos %}
    {% picture story.lead_photo "story-lead" css_class="story__image" priority=True %}

The layout names an entry of ``photos.layouts.LAYOUTS`` (the ``sizes`` attribute). ``priority``
marks the one image that leads a page: fetched first and at once; every other image loads lazily
as it nears the screen and is decoded off the main thread. ``decorative`` gives an empty alt, for
an image that repeats what the text beside it says. Until a photo's renditions exist (just after
an upload, or before `regenerate_renditions` has run), the stored original is shown instead.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from photos.layouts import LAYOUTS

register = template.Library()


# The markup is built here rather than in an included template: a list page shows a picture per
# card, and an inclusion tag's template costs several times what the markup itself does.
@register.simple_tag
def picture(photo, layout, css_class="photo", priority=False, decorative=False):
    try:
        sizes = LAYOUTS[layout].sizes
    except KeyError:
        raise template.TemplateSyntaxError(
            f"Unknown photo layout {layout!r}; the layouts are {', '.join(LAYOUTS)}."
        ) from None
    alt = "" if decorative else photo.alt_text
    # The lead image of a page loads first and at once; the others as they near the screen.
    loading = (
        mark_safe('loading="eager" fetchpriority="high"')
        if priority
        else mark_safe('loading="lazy" decoding="async"')
    )
    renditions = photo.rendition_set
    if renditions is None:
        return format_html(
            '<img class="{}" src="{}" width="{}" height="{}" alt="{}" {}>',
            css_class,
            photo.image.url,
            photo.width,
            photo.height,
            alt,
            loading,
        )
    src = renditions.src
    sources = format_html_join(
        "",
        '<source type="image/webp" srcset="{}" sizes="{}">',
        [(renditions.webp_srcset, sizes)] if renditions.webp else [],
    )
    return format_html(
        '<picture>{}<img class="{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}" {}></picture>',
        sources,
        css_class,
        src.url,
        renditions.fallback_srcset,
        sizes,
        src.width,
        src.height,
        alt,
        loading,
    )
