"""Who may change which photo.

A photo readers see (``PhotoQuerySet.in_public_use()``) changes the live story pages, home page,
feeds and social cards the moment it is saved, with no review. So only people with the
``photos.change_photo_in_public_use`` permission (Editors and Administrators) may change its
image, words or crop; a Writer uploads another photo and chooses it for their own story instead.
The admin asks ``guarded_fields()`` both to show the page and to check what is posted, so a
hand-made request cannot do what the page would not offer.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .querysets import public_officers, public_stories

# What readers see of a photo: its pixels, its words, and the crop of its social card.
GUARDED_FIELDS = (
    "image",
    "alt_text",
    "decorative",
    "caption",
    "credit",
    "source",
    "focal_point_x",
    "focal_point_y",
)
# How many of the places that show a photo a message names before counting the rest.
NAMED_PLACES = 3


def can_change_in_public_use(user):
    return user.has_perm("photos.change_photo_in_public_use")


def guarded_fields(user, photo):
    """The fields of ``photo`` that ``user`` may not change; empty when they may change all."""
    if photo is None or photo.pk is None or can_change_in_public_use(user):
        return ()
    return GUARDED_FIELDS if photo.is_in_public_use() else ()


def public_places(photo):
    """Where readers see ``photo``, in words: story headlines in quotes, then officers' names."""
    headlines = public_stories().filter(lead_photo=photo).order_by("headline")
    officers = public_officers().filter(photo=photo)
    places = [
        _("“%(headline)s”") % {"headline": headline}
        for headline in headlines.values_list("headline", flat=True)
    ]
    places += [
        _("the public profile of %(name)s") % {"name": officer.display_name}
        for officer in officers.only("full_name", "rank")
    ]
    return places


def describe_places(places):
    shown = ", ".join(places[:NAMED_PLACES])
    hidden = len(places) - NAMED_PLACES
    if hidden > 0:
        shown += " " + ngettext("and %(count)d more", "and %(count)d more", hidden) % {
            "count": hidden
        }
    return shown


def refusal(photo):
    """Why a person without the permission may not change ``photo``, naming where it is seen."""
    return _(
        "Readers see this photo in %(places)s, so only an Editor can change its image, alt text, "
        "caption, credit or crop. To show a different photo in your story, upload a new one and "
        "choose it there, or ask an Editor."
    ) % {"places": describe_places(public_places(photo))}
