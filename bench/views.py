import os
import time

from django.http import HttpResponse
from django.views.decorators.cache import cache_control


# Private, so that the page cache never stores it: it measures Django's own request path, with
# every middleware the site uses and nothing else.
@cache_control(private=True)
def bare(request):
    """A short response: the fastest any page of the site could be."""
    return HttpResponse(b"ok", content_type="text/plain")


class RenderLogMiddleware:
    """Appends "time path" to ``BENCH_RENDER_LOG`` for every page the page cache rendered
    (``X-Cache: MISS``), from every worker: the churn check counts renders per page per change.
    Outermost, so that it sees the answer as the reader gets it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = os.environ["BENCH_RENDER_LOG"]

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("X-Cache") == "MISS":
            # One short write in append mode: lines from several workers never interleave.
            with open(self.path, "a") as log:
                log.write(f"{time.time():.6f} {request.get_full_path()}\n")
        return response
