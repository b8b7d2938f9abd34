"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 editions of the published stories.

Every feed lists ``Story.objects.published().for_feed()``, newest first, at most
``NEWSROOM_FEED_LENGTH`` entries. Absolute URLs come from ``NEWSROOM_BASE_URL`` (see
``newsroom.canonical``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsroom.caching.dependencies import depends_on, list_of, stories_of
from newsroom.canonical import absolute_url, canonical_request
from newsroom.conditional import Freshness, conditional
from newsroom.methods import read_only
from newsroom.translated import site_publisher_name, translated_name

from . import websub
from .models import Section, Story
from .querysets import public_tags
from .tagging import merged_tag_redirect

MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def add_media_content(handler, item):
    """Media RSS for the lead photo: readers show it with its credit and description."""
    media = item.get("media")
    if not media:
        return
    handler.startElement(
        "media:content",
        {
            "url": media["url"],
            "type": media["type"],
            "medium": "image",
            "width": str(media["width"]),
            "height": str(media["height"]),
            "fileSize": str(media["length"]),
        },
    )
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    if media["description"]:
        handler.addQuickElement("media:description", media["description"], {"type": "plain"})
    handler.endElement("media:content")


class StoryRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full text (content:encoded), the photo (Media RSS) and the update time."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:media": MEDIA_RSS_NS,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for hub in websub.hubs():
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("updateddate"):
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        add_media_content(handler, item)


class StoryAtomFeed(Atom1Feed):
    """Atom 1.0 with the full text as HTML content and the photo (Media RSS)."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for hub in websub.hubs():
            handler.addQuickElement("link", "", {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        add_media_content(handler, item)


def story_guid(story):
    """A permanent id: it names the story's number, not its address, so it survives a new slug.

    Every edition of a story carries its original's id, so a subscriber who was given the
    English edition on the Spanish feed (no Spanish one yet) gets the Spanish edition later as
    the same entry, updated, not as a second story. ``for_feed()`` reads the original along.
    """
    host = urlsplit(settings.NEWSROOM_BASE_URL).hostname
    original = story.translation_of if story.translation_of_id else story
    first_public = original.first_published_at or story.first_published_at or story.published_at
    return f"tag:{host},{first_public:%Y-%m-%d}:story:{original.pk}"


class StoryFeed(Feed):
    """The newest published stories. Subclasses narrow ``stories(obj)`` and name the feed."""

    feed_type = StoryRssFeed
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        request = canonical_request(request)
        response = super().__call__(request, *args, **kwargs)
        return with_websub_links(response, request)

    @classmethod
    def view(cls):
        """The feed as a view that answers 304 to a reader whose copy is current."""
        feed = cls()
        # Readers and aggregators only read a feed: any other method is 405 with Allow.
        return read_only(conditional(feed.freshness)(feed))

    def freshness(self, request, **kwargs):
        changed = self.stories_that_may_change_it(**kwargs).last_changed()
        return Freshness(changed) if changed else None

    def stories_that_may_change_it(self, **kwargs):
        """Every story, in any state, whose change could change this feed."""
        return Story.objects.all()

    def stories(self, obj):
        return Story.objects.published().for_language(get_language())

    def items(self, obj):
        depends_on(list_of(Story) if obj is None else stories_of(obj))
        return self.stories(obj).for_feed()[: settings.NEWSROOM_FEED_LENGTH]

    def title(self, obj):
        return _("%(site)s: latest stories") % {"site": settings.NEWSROOM_SITE_NAME}

    def link(self, obj):
        return reverse("articles:story-list")

    def description(self, obj):
        return _("Stories published by %(publisher)s.") % {"publisher": site_publisher_name()}

    def author_name(self, obj):
        return site_publisher_name()

    def feed_copyright(self, obj):
        return site_publisher_name()

    def item_title(self, story):
        if story.language == get_language():
            return story.headline
        # A story with no edition in this feed's language says which language it is in.
        return f"{story.headline} ({story.language_label})"

    def item_description(self, story):
        # The standfirst is plain text, and RSS descriptions and Atom summaries (type="html")
        # are read as HTML: escaped, markup typed into it reaches feed readers as the text it is.
        return escape(story.standfirst)

    def item_guid(self, story):
        return story_guid(story)

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at

    def item_author_name(self, story):
        return story.publisher_name

    def item_categories(self, story):
        return [translated_name(tag) for tag in story.tag_list]

    def item_enclosures(self, story):
        media = photo_media(story)
        if not media:
            return []
        return [Enclosure(media["url"], str(media["length"]), media["type"])]

    def item_extra_kwargs(self, story):
        return {"content_html": content_html(story), "media": photo_media(story)}


def content_html(story):
    """The story's body as a feed carries it, with its corrections and updates at the foot, so
    that readers of the feed see what changed."""
    corrections = list(story.corrections.all())
    if not corrections:
        return story.body_html
    notes = format_html_join(
        "",
        "<p><strong>{} ({}):</strong> {}</p>",
        (
            (note.get_kind_display(), date_format(note.created_at, "DATE_FORMAT"), note.text)
            for note in corrections
        ),
    )
    return format_html(
        "{}<aside><h2>{}</h2>{}</aside>",
        mark_safe(story.body_html),  # noqa: S308 (sanitised on save; see articles/sanitizer.py)
        _("Corrections and updates"),
        notes,
    )


def with_websub_links(response, request):
    """The HTTP Link header naming the feed's hubs and itself, where hubs are set."""
    header = websub.link_header(absolute_url(request.path))
    if header and response.status_code == 200:
        response["Link"] = header
    return response


def photo_media(story):
    photo = story.lead_photo
    if not photo:
        return None
    file = photo.syndicated_file
    return {
        "url": absolute_url(file.url),
        "type": file.mime_type,
        "width": file.width,
        "height": file.height,
        "length": file.bytes,
        "credit": photo.credit,
        "description": photo.alt_text,
        "caption": story.caption,
    }


class AtomFeedMixin:
    feed_type = StoryAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class LatestStoriesFeed(StoryFeed):
    pass


class LatestStoriesAtomFeed(AtomFeedMixin, LatestStoriesFeed):
    pass


class TagFeed(StoryFeed):
    url_name = "articles:tag-feed-rss"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # Subscribers to a tag merged into another are led to the kept tag's feed.
            redirect = merged_tag_redirect(kwargs["slug"], self.url_name)
            if redirect is None:
                raise
            return redirect

    def get_object(self, request, slug):
        return get_object_or_404(public_tags().select_related("translation"), slug=slug)

    def stories_that_may_change_it(self, slug):
        return Story.objects.filter(tags__slug=slug)

    def stories(self, tag):
        return super().stories(tag).filter(tags=tag)

    def title(self, tag):
        return _("%(site)s: stories tagged “%(tag)s”") % {
            "site": settings.NEWSROOM_SITE_NAME,
            "tag": translated_name(tag),
        }

    def link(self, tag):
        return reverse("articles:tag-detail", kwargs={"slug": tag.slug})


class TagAtomFeed(AtomFeedMixin, TagFeed):
    url_name = "articles:tag-feed-atom"


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories_that_may_change_it(self, slug):
        return Story.objects.filter(section__slug=slug)

    def stories(self, section):
        return super().stories(section).filter(section=section)

    def title(self, section):
        return f"{settings.NEWSROOM_SITE_NAME}: {translated_name(section)}"

    def link(self, section):
        return section.get_absolute_url()


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class JsonStoryFeed(LatestStoriesFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the newest stories."""

    def __call__(self, request, *args, **kwargs):
        request = canonical_request(request)
        obj = self.get_object(request, *args, **kwargs)
        items = [self.json_item(story) for story in self.items(obj)]
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.title(obj),
            "home_page_url": absolute_url(self.link(obj)),
            "feed_url": absolute_url(request.path),
            "description": self.description(obj),
            "language": get_language(),
            "authors": [{"name": site_publisher_name()}],
            "items": items,
        }
        if websub.hubs():
            document["hubs"] = [{"type": "WebSub", "url": hub} for hub in websub.hubs()]
        response = JsonResponse(
            document,
            content_type="application/feed+json; charset=utf-8",
            json_dumps_params={"ensure_ascii": False},
        )
        return with_websub_links(response, request)

    def json_item(self, story):
        item = {
            "id": story_guid(story),
            "url": absolute_url(story.get_absolute_url()),
            "title": self.item_title(story),
            "summary": story.standfirst,
            "content_html": content_html(story),
            "date_published": rfc3339_date(story.published_at),
            "date_modified": rfc3339_date(story.updated_at),
            "authors": [{"name": story.publisher_name}],
            "tags": self.item_categories(story),
            "language": story.language,
        }
        media = photo_media(story)
        if media:
            item["image"] = media["url"]
            item["attachments"] = [
                {"url": media["url"], "mime_type": media["type"], "size_in_bytes": media["length"]}
            ]
        return item
