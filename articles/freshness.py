"""Validators for conditional GET on story pages."""

from newsroom.conditional import Freshness

from .models import Story


def story_page_freshness(request, slug):
    """None for a story that is not public, so that the view answers 404 or 410 itself."""
    changed = Story.objects.published().page_last_changed(slug)
    return Freshness(changed) if changed else None
