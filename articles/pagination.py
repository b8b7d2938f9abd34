"""Story lists paged by position in time (keyset pagination), not by page number.

A page number becomes an OFFSET, and the database reads and discards every story before it: the
last page of 100,000 stories read them all, and counting the pages read them all again. Here a
page is named by the story it follows (``?before=``) or precedes (``?after=``), or is the
newest (no parameter) or the oldest (``?page=last``), and every page is one index scan of a
dozen rows wherever it lies in the archive. Addresses that name no page answer 404.
"""

import re
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Microseconds since the epoch, a dot, the story's number: "1610445600000000.123".
CURSOR = re.compile(r"^(-?\d{1,18})\.(\d{1,18})$")


def cursor_for(story):
    microseconds = (story.published_at - EPOCH) // timedelta(microseconds=1)
    return f"{microseconds}.{story.pk}"


def parse_cursor(value):
    match = CURSOR.match(value)
    if not match:
        raise Http404(_("That page of stories does not exist."))
    try:
        moment = EPOCH + timedelta(microseconds=int(match[1]))
    except OverflowError as error:
        raise Http404(_("That page of stories does not exist.")) from error
    return moment, int(match[2])


class StoryPage:
    """One page of stories, newest first, with the addresses of its neighbours."""

    def __init__(self, stories, *, has_newer, has_older, query):
        self.object_list = stories
        self.has_newer = has_newer
        self.has_older = has_older
        # This page's own query string, for its canonical address ("" for the newest).
        self.query = query

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self):
        return self.has_newer or self.has_older

    @property
    def is_newest(self):
        return not self.query

    @property
    def newer_query(self):
        return f"?after={cursor_for(self.object_list[0])}"

    @property
    def older_query(self):
        return f"?before={cursor_for(self.object_list[-1])}"

    @property
    def newest_date(self):
        return self.object_list[0].published_at if self.object_list else None

    @property
    def oldest_date(self):
        return self.object_list[-1].published_at if self.object_list else None


def paginate_stories(queryset, params, per_page):
    """The page of ``queryset`` (ordered newest first) that ``params`` names; 404 for none.

    One query: a page asks for one story more than it shows, to know whether there is more.
    """
    named = [name for name in ("before", "after", "page") if name in params]
    if len(named) > 1:
        raise Http404(_("That page of stories does not exist."))
    if "before" in params:
        moment, pk = parse_cursor(params["before"])
        # The first condition alone lets the index start at the cursor; the second breaks ties.
        older = queryset.filter(published_at__lte=moment).filter(
            Q(published_at__lt=moment) | Q(pk__lt=pk)
        )
        stories = list(older.order_by("-published_at", "-pk")[: per_page + 1])
        if not stories:
            raise Http404(_("That page of stories does not exist."))
        return StoryPage(
            stories[:per_page],
            has_newer=True,
            has_older=len(stories) > per_page,
            query=f"?before={params['before']}",
        )
    if "after" in params:
        moment, pk = parse_cursor(params["after"])
        newer = queryset.filter(published_at__gte=moment).filter(
            Q(published_at__gt=moment) | Q(pk__gt=pk)
        )
        stories = list(newer.order_by("published_at", "pk")[: per_page + 1])
        if not stories:
            raise Http404(_("That page of stories does not exist."))
        return StoryPage(
            stories[:per_page][::-1],
            has_newer=len(stories) > per_page,
            has_older=True,
            query=f"?after={params['after']}",
        )
    page = params.get("page", "1")
    if page == "last":
        stories = list(queryset.order_by("published_at", "pk")[: per_page + 1])
        return StoryPage(
            stories[:per_page][::-1],
            has_newer=len(stories) > per_page,
            has_older=False,
            query="?page=last" if len(stories) > per_page else "",
        )
    if page != "1":
        raise Http404(_("That page of stories does not exist."))
    stories = list(queryset.order_by("-published_at", "-pk")[: per_page + 1])
    return StoryPage(
        stories[:per_page], has_newer=False, has_older=len(stories) > per_page, query=""
    )


class KeysetPaginationMixin:
    """For a ``ListView`` of stories: ``page_obj`` is a ``StoryPage``; there is no paginator."""

    paginate_by = 12

    def paginate_queryset(self, queryset, page_size):
        page = paginate_stories(queryset, self.request.GET, page_size)
        return (None, page, page.object_list, page.has_other_pages)
