"""Previews: a story that is not public yet, rendered exactly as its public page will be.

Staff preview from the admin (``StoryAdmin.preview_view``). A share link (``ShareLink``) lets
someone without an account read one story: its address holds a random token, it shows the story
as it stands whenever it is opened, through "Submit for review" and every other move, and it
works for ``NEWSROOM_PREVIEW_MAX_AGE`` seconds (48 hours by default) unless revoked sooner. It
opens no session and no other page. A link that no longer shows the story says why: expired,
revoked, published (with the way to the public page) or withdrawn.

Every preview answer, valid or not, is kept out of caches and search engines.
"""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from newsroom.methods import read_only

from .models import ShareLink, Story
from .views import StoryDetailView

# How each reason a link no longer opens is answered.
CLOSED_STATUS = {"expired": 403, "revoked": 403, "withdrawn": 410, "published": 200}


def max_age():
    """How long a share link stays valid, in seconds."""
    return settings.NEWSROOM_PREVIEW_MAX_AGE


def create_share_link(*, story, user, now=None):
    """A new link to read ``story`` for ``max_age()`` seconds."""
    now = now or timezone.now()
    return ShareLink.objects.create(
        story=story,
        created_by=user,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=max_age()),
    )


def revoke_share_link(*, link, user, now=None):
    """Close ``link`` at once; revoking a closed link changes nothing."""
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.revoked_by = user
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


@read_only
def shared_preview(request, token):
    """The page behind a share link: the story, or a page saying why the link does not open."""
    link = ShareLink.objects.filter(token=token).select_related("story").first()
    if link is None:
        return unavailable(request, "invalid", status=404)
    reason = link.why_closed()
    if reason is not None:
        return unavailable(request, reason, status=CLOSED_STATUS[reason], link=link)
    story = Story.objects.for_detail().get(pk=link.story_id)
    return render_preview(request, story, shared=True, link=link)


def render_preview(request, story, *, shared, link=None):
    """``story`` rendered by the public story page's template and view, with a preview banner,
    in the story's own language, as its public page (under its language's prefix) will be."""
    with translation.override(story.language):
        response = StoryPreviewView.as_view(story=story, shared=shared, link=link)(request)
        response.render()
    return private(response)


def unavailable(request, reason, *, status, link=None):
    story = link.story if link is not None else None
    response = render(
        request,
        "articles/story_preview_unavailable.html",
        {
            "reason": reason,
            "public_story": story if reason == "published" else None,
            "link": link,
            "max_age_hours": max_age() // 3600,
        },
        status=status,
    )
    return private(response)


def private(response):
    """Never stored by a browser, proxy or CDN, never indexed, never sent on as a referrer."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    if "ETag" in response:
        del response["ETag"]
    return response


class StoryPreviewView(StoryDetailView):
    """The public story view, given its story rather than finding a published one."""

    template_name = "articles/story_preview.html"
    story = None
    shared = False
    link = None

    def get_object(self, queryset=None):
        # The version and time of the last change are read before the preview fills in dates.
        self.version, self.changed_at = self.story.version, self.story.updated_at
        return as_if_published(self.story)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview_shared=self.shared,
            preview_story_is_public=self.story.is_published(),
            preview_version=self.version,
            preview_changed_at=self.changed_at,
            preview_link=self.link,
            **kwargs,
        )


def as_if_published(story, now=None):
    """The story with the dates it would have if published now, unsaved: a draft has none yet,
    and the page (and its schema.org data) shows them."""
    if story.published_at is None:
        story.published_at = now or timezone.now()
    if story.dateline_date is None:
        story.dateline_date = timezone.localdate(story.published_at)
    return story
