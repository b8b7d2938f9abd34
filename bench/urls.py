from django.urls import path

from newsroom.urls import handler500  # noqa: F401 -- the site's own, 503 included
from newsroom.urls import urlpatterns as site_urlpatterns

from .views import bare

urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
