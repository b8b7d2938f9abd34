"""The site's sitemaps, gathered for the sitemap index."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

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
            return self.stories_changed
        return None

    @cached_property
    def stories_changed(self):
        # Home and the story list change together; one query dates both.
        return Story.objects.published().last_changed()


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
