from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("stories/", views.StoryListView.as_view(), name="story-list"),
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="story-detail"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
]
