from django.conf import settings

from .translated import site_publisher_name


def site(request):
    """The site's name and base URL, for every template."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_base_url": settings.NEWSROOM_BASE_URL,
        "publisher_name": site_publisher_name(),
    }
