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

from photos.layouts import LAYOUTS

register = template.Library()


@register.inclusion_tag("includes/photo.html")
def picture(photo, layout, css_class="photo", priority=False, decorative=False):
    try:
        sizes = LAYOUTS[layout].sizes
    except KeyError:
        raise template.TemplateSyntaxError(
            f"Unknown photo layout {layout!r}; the layouts are {', '.join(LAYOUTS)}."
        ) from None
    context = {
        "photo": photo,
        "css_class": css_class,
        "priority": priority,
        "alt": "" if decorative else photo.alt_text,
        "sizes": sizes,
    }
    renditions = photo.rendition_set
    if renditions is None:
        return {**context, "src": photo.image.url, "width": photo.width, "height": photo.height}
    src = renditions.src
    return {
        **context,
        "src": src.url,
        "width": src.width,
        "height": src.height,
        "srcset": srcset(renditions.fallback),
        "sources": [{"type": "image/webp", "srcset": srcset(renditions.webp)}]
        if renditions.webp
        else [],
    }


def srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)
