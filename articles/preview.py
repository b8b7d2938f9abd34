"""Previews: a story that is not public yet, rendered exactly as its public page will be.

Staff preview from the admin (``StoryAdmin.preview_view``). A shareable link lets someone without
an account read one version of one story: it is signed (``TimestampSigner``, salted), names the
story and the version it was made for, and expires after ``NEWSROOM_PREVIEW_MAX_AGE`` seconds
(48 hours by default). It opens no session and no other page: once the story is saved again the
link says it is out of date, and a link for one story never opens another.

Every preview answer, valid or not, is kept out of caches and search engines.
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from newsroom.canonical import absolute_url

from .models import Story
from .views import StoryDetailView

SALT = "articles.preview.share-link"


def max_age():
    """How long a share link stays valid, in seconds."""
    return settings.NEWSROOM_PREVIEW_MAX_AGE


def share_token(story):
    signer = signing.TimestampSigner(salt=SALT)
    return signer.sign_object({"story": story.pk, "version": story.version}, compress=True)


def share_url(story):
    """A link to read the story as it now stands, valid for ``max_age()`` seconds."""
    return absolute_url(reverse("articles:story-preview", kwargs={"token": share_token(story)}))


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def read_share_token(token):
    """``(story pk, version)`` from a share token; ``LinkExpired`` or ``LinkInvalid`` if not."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        data = signer.unsign_object(token, max_age=max_age())
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError) as error:
        # ValueError: a well-signed token whose payload is not JSON cannot come from us either.
        raise LinkInvalid from error
    if not isinstance(data, dict):
        raise LinkInvalid
    story_pk, version = data.get("story"), data.get("version")
    if not isinstance(story_pk, int) or not isinstance(version, int):
        raise LinkInvalid
    return story_pk, version


def shared_preview(request, token):
    """The page behind a share link: the story, or a page saying why the link does not open."""
    try:
        story_pk, version = read_share_token(token)
    except LinkExpired:
        return unavailable(request, "expired", status=403)
    except LinkInvalid:
        return unavailable(request, "invalid", status=404)
    story = Story.objects.for_detail().filter(pk=story_pk).first()
    if story is None:
        return unavailable(request, "invalid", status=404)
    if story.version != version:
        return unavailable(request, "outdated", status=403, story=story)
    return render_preview(request, story, shared=True)


def render_preview(request, story, *, shared):
    """``story`` rendered by the public story page's template and view, with a preview banner,
    in the story's own language, as its public page (under its language's prefix) will be."""
    with translation.override(story.language):
        response = StoryPreviewView.as_view(story=story, shared=shared)(request)
        response.render()
    return private(response)


def unavailable(request, reason, *, status, story=None):
    public_story = story if story is not None and story.is_published() else None
    response = render(
        request,
        "articles/story_preview_unavailable.html",
        {"reason": reason, "public_story": public_story, "max_age_hours": max_age() // 3600},
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

    def get_object(self, queryset=None):
        return as_if_published(self.story)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview_shared=self.shared, preview_story_is_public=self.story.is_published(), **kwargs
        )


def as_if_published(story, now=None):
    """The story with the dates it would have if published now, unsaved: a draft has none yet,
    and the page (and its schema.org data) shows them."""
    if story.published_at is None:
        story.published_at = now or timezone.now()
    if story.dateline_date is None:
        story.dateline_date = timezone.localdate(story.published_at)
    return story
