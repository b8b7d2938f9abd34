"""How machines find the site's pages: sitemaps and robots.txt; and browsers its icon."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

from .canonical import absolute_url, canonical_request
from .methods import read_only
from .sitemaps import NEWS_SITEMAPS, SITEMAPS


@read_only
def sitemap_index(request):
    return sitemap_views.index(
        canonical_request(request), sitemaps=SITEMAPS, sitemap_url_name="sitemap-section"
    )


@read_only
def sitemap_section(request, section):
    return sitemap_views.sitemap(canonical_request(request), sitemaps=SITEMAPS, section=section)


@read_only
def news_sitemap(request):
    return sitemap_views.sitemap(
        canonical_request(request), sitemaps=NEWS_SITEMAPS, template_name="sitemaps/news.xml"
    )


@read_only
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
        f"Sitemap: {absolute_url(reverse('sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@read_only
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links to (feed readers, bookmarks, the
    address bar of a PDF): send them to the icon the pages link. Not a permanent redirect: the
    icon's address carries a fingerprint that changes when the file does."""
    return HttpResponseRedirect(static("img/favicon.svg"))
