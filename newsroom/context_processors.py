from django.conf import settings


def site(request):
    """The site's name and base URL, for every template."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_base_url": settings.NEWSROOM_BASE_URL,
        "publisher_name": settings.NEWSROOM_PUBLISHER_NAME,
    }
