from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import discovery, views

# For machines and staff, one address each: crawlers look for robots.txt and sitemaps at the root,
# and the admin is a tool, not a page in two languages.
urlpatterns = [
    path("admin/account/", include("accounts.urls")),
    # django-otp-webauthn's endpoints for making and using passkeys, called by its scripts.
    path("admin/account/passkeys/", include("django_otp_webauthn.urls")),
    path("admin/", admin.site.urls),
    path("robots.txt", discovery.robots_txt, name="robots-txt"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("sitemap.xml", discovery.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", discovery.news_sitemap, name="sitemap-news"),
    path("sitemap-<section>.xml", discovery.sitemap_section, name="sitemap-section"),
]

# The public site in each language: English at the addresses it has always had (/stories/…), so
# no published link breaks; Spanish under /es/ (/es/stories/…).
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("", include("search.urls")),
    path("", include("outreach.urls")),
    path("", include("readers.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Development only: in production the web server or object storage serves uploads.
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database that does not answer is a 503 with Retry-After, not a 500 (newsroom/unavailable.py).
handler500 = "newsroom.unavailable.server_error"
