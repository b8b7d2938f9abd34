from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import Section, Story
from .querysets import public_tags

NEWS_SITEMAP_HOURS = 48


class StorySitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Story.objects.published()
            .order_by("-published_at", "-pk")
            .only("slug", "updated_at", "published_at")
        )

    def lastmod(self, story):
        return story.updated_at


class NewsSitemap(StorySitemap):
    """Google News: stories published in the last 48 hours, at most 1,000."""

    limit = 1000

    def items(self):
        since = timezone.now() - timezone.timedelta(hours=NEWS_SITEMAP_HOURS)
        return (
            Story.objects.published()
            .filter(published_at__gte=since)
            .order_by("-published_at", "-pk")
            .only("slug", "headline", "language", "updated_at", "published_at")
        )


class TagSitemap(Sitemap):
    limit = 5000

    def items(self):
        return public_tags().annotate(lastmod=Max("story__updated_at")).order_by("name")

    def location(self, tag):
        return reverse("articles:tag-detail", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.lastmod


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.annotate(lastmod=Max("stories__updated_at")).order_by("order")

    def lastmod(self, section):
        return section.lastmod
