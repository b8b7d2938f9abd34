"""Validators for conditional GET on story pages."""

from newsroom.conditional import Freshness

from .models import Story
from .querysets import page_last_changed


def story_page_freshness(request, slug):
    """None for a story that is not public, so that the view answers 404 or 410 itself.

    The story's own row is read here, with what its page's freshness depends on, and handed to
    the view (``StoryDetailView.get_object()``): a page that has changed costs no extra query
    for having been checked first.
    """
    story = Story.objects.published().for_detail_row().with_page_changes().filter(slug=slug).first()
    if story is None:
        return None
    request.newsroom_story = story
    return Freshness(page_last_changed(story))
