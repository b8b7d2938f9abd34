from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

from .views import bare

urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
