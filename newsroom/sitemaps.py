"""The site's sitemaps, gathered for the sitemap index."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Story
from articles.sitemaps import NewsSitemap, SectionSitemap, StorySitemap, TagSitemap
from people.sitemaps import AwardSitemap, OfficerSitemap, ProgrammeSitemap


class StaticPageSitemap(Sitemap):
    """Home and the list pages, dated by the newest public story."""

    def items(self):
        return [
            "home",
            "articles:story-list",
            "people:officer-list",
            "people:programme-list",
            "people:award-list",
        ]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name in {"home", "articles:story-list"}:
            return Story.objects.published().last_changed()
        return None


SITEMAPS = {
    "pages": StaticPageSitemap,
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "officers": OfficerSitemap,
    "programmes": ProgrammeSitemap,
    "awards": AwardSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
