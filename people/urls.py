from django.urls import path

from . import feeds, views

app_name = "people"

urlpatterns = [
    path("officers/", views.OfficerListView.as_view(), name="officer-list"),
    path("officers/<slug:slug>/", views.OfficerDetailView.as_view(), name="officer-detail"),
    path("officers/<slug:slug>/feed.rss", feeds.OfficerFeed.view(), name="officer-feed-rss"),
    path("officers/<slug:slug>/feed.atom", feeds.OfficerAtomFeed.view(), name="officer-feed-atom"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<slug:slug>/feed.rss", feeds.ProgrammeFeed.view(), name="programme-feed-rss"),
    path(
        "programmes/<slug:slug>/feed.atom",
        feeds.ProgrammeAtomFeed.view(),
        name="programme-feed-atom",
    ),
    path("awards/", views.AwardListView.as_view(), name="award-list"),
    path("awards/<slug:slug>/", views.AwardDetailView.as_view(), name="award-detail"),
]
