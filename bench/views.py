from django.http import HttpResponse
from django.views.decorators.cache import cache_control


# Private, so that the page cache never stores it: it measures Django's own request path, with
# every middleware the site uses and nothing else.
@cache_control(private=True)
def bare(request):
    """A short response: the fastest any page of the site could be."""
    return HttpResponse(b"ok", content_type="text/plain")
