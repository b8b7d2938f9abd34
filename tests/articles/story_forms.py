"""What the story admin's forms post, built from stored stories, for tests that save through it."""

from django.urls import reverse
from django.utils import timezone

INLINE_PREFIXES = ["quotes", "links", "corrections"]


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def change_form_data(story, **fields):
    """The change form of ``story`` as stored (its quotes and links left as they are), posted
    from the version it is at now, with ``fields`` changed."""
    published_at = timezone.localtime(story.published_at) if story.published_at else None
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "body": story.body,
        "dateline_place": story.dateline_place,
        "dateline_date": story.dateline_date.isoformat() if story.dateline_date else "",
        "lead_photo": story.lead_photo_id or "",
        "lead_photo_caption": story.lead_photo_caption,
        "officers": [officer.pk for officer in story.officers.all()],
        "programmes": [programme.pk for programme in story.programmes.all()],
        "awards": [award.pk for award in story.awards.all()],
        "tags": ", ".join(tag.name for tag in story.tags.all()),
        "section": story.section_id,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "language": story.language,
        "translation_of": story.translation_of_id or "",
        "publisher": story.publisher_id or "",
        "base_version": story.version,
    }
    if story.featured:
        data["featured"] = "on"
    for prefix in INLINE_PREFIXES:
        data.update(management(prefix))
    data.update(fields)
    return data
