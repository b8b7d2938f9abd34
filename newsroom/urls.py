from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import discovery, views

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom administration")
admin.site.index_title = _("Stories, people and programmes")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("admin/", admin.site.urls),
    path("robots.txt", discovery.robots_txt, name="robots-txt"),
    path("sitemap.xml", discovery.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", discovery.news_sitemap, name="sitemap-news"),
    path("sitemap-<section>.xml", discovery.sitemap_section, name="sitemap-section"),
]

if settings.DEBUG:
    # Development only: in production the web server or object storage serves uploads.
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
