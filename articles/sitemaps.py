import math
from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .models import Section, Story
from .querysets import public_tags

NEWS_SITEMAP_HOURS = 48


class ListedOnceSitemap(Sitemap):
    """A sitemap of at most a few thousand short rows, read once per request.

    The sitemap index asks each sitemap for its number of pages and for its newest date; Django
    answers each with a query of its own (a count, then every item again). Here both come from
    one list.
    """

    @cached_property
    def _listed(self):
        return list(super()._items())

    def _items(self):
        return self._listed

    def get_latest_lastmod(self):
        dates = [self.lastmod(item) for item in self._items()]
        return max((date for date in dates if date is not None), default=None)


class PrimaryKeyRangePaginator:
    """Sitemap pages by ranges of story numbers: page n holds the public stories numbered from
    (n - 1) * limit + 1 to n * limit.

    Django's paginator counts every public story, then skips (n - 1) * limit of them for page n:
    both read the whole archive on the last page. A range of the primary key is one index scan
    wherever it lies, and the number of pages needs only the highest number. A page may hold
    fewer entries than the limit (drafts and deleted stories leave gaps), which sitemaps allow.
    """

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def num_pages(self):
        manager = self.queryset.model._default_manager
        highest = manager.order_by("-pk").values_list("pk", flat=True).first() or 0
        return max(1, math.ceil(highest / self.per_page))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(number) from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        first = (number - 1) * self.per_page
        stories = self.queryset.filter(pk__gt=first, pk__lte=first + self.per_page)
        return Page(list(stories), number, self)


class StorySitemap(Sitemap):
    """Every public story; a story with editions in other languages lists them all as
    ``xhtml:link`` hreflang alternates, itself included, as search engines ask.

    A page holds at most 1,000 story numbers (search engines accept 50,000): a page then costs
    the same to build in a young archive and in one of hundreds of thousands of stories, and a
    crawler that fetches one gets it quickly.
    """

    limit = 1000
    edition_alternates = True

    def items(self):
        return (
            Story.objects.published()
            .order_by("-published_at", "-pk")
            .only("slug", "language", "translation_of", "updated_at", "published_at")
        )

    def lastmod(self, story):
        return story.updated_at

    @property
    def paginator(self):
        return PrimaryKeyRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest; one index scan finds it here.
        return self.items().order_by("-updated_at").values_list("updated_at", flat=True).first()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        if self.edition_alternates:
            origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
            editions = _published_editions([url["item"] for url in urls])
            for url in urls:
                story = url["item"]
                group = editions.get(story.translation_of_id or story.pk, [])
                if len(group) > 1:
                    url["alternates"] = [
                        {
                            "lang_code": edition.language,
                            "location": origin + edition.get_absolute_url(),
                        }
                        for edition in group
                    ]
        return urls


def _published_editions(stories):
    """The published editions of ``stories``, grouped by original, in one query."""
    originals = {story.translation_of_id or story.pk for story in stories}
    if not originals:
        return {}
    # Two index lookups joined by UNION: an OR across the two columns makes PostgreSQL scan
    # the whole table.
    fields = ("slug", "language", "translation_of")
    published = Story.objects.published().order_by()
    groups = defaultdict(list)
    for edition in (
        published.filter(pk__in=originals)
        .only(*fields)
        .union(published.filter(translation_of__in=originals).only(*fields))
        .order_by("language", "pk")
    ):
        groups[edition.translation_of_id or edition.pk].append(edition)
    return groups


class NewsSitemap(StorySitemap):
    """Google News: stories published in the last 48 hours, at most 1,000."""

    limit = 1000
    # The news sitemap's own template has no alternates; they are in the story sitemap.
    edition_alternates = False
    # Two days of stories: few enough to count and page by number.
    paginator = Sitemap.paginator

    def items(self):
        since = timezone.now() - timezone.timedelta(hours=NEWS_SITEMAP_HOURS)
        return (
            Story.objects.published()
            .filter(published_at__gte=since)
            .order_by("-published_at", "-pk")
            .only("slug", "headline", "language", "updated_at", "published_at")
        )


class TagSitemap(ListedOnceSitemap):
    limit = 5000

    def items(self):
        # The newest edit among each tag's public stories: one short index scan per tag, where
        # an aggregate would join every tagged story.
        newest_edit = (
            Story.objects.published()
            .filter(tags=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return public_tags().annotate(lastmod=Subquery(newest_edit)).order_by("name")

    def location(self, tag):
        return reverse("articles:tag-detail", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.lastmod


class SectionSitemap(ListedOnceSitemap):
    def items(self):
        newest_edit = (
            Story.objects.filter(section=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")
        )
        return Section.objects.annotate(lastmod=Subquery(newest_edit[:1])).order_by("order")

    def lastmod(self, section):
        return section.lastmod
