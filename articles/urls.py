from django.urls import path

from newsroom.conditional import conditional

from . import feeds, preview, views
from .freshness import story_page_freshness

app_name = "articles"

urlpatterns = [
    path("stories/", views.StoryListView.as_view(), name="story-list"),
    path(
        "stories/<slug:slug>/",
        conditional(story_page_freshness)(views.StoryDetailView.as_view()),
        name="story-detail",
    ),
    # A signed share link to a story that is not public yet; see articles/preview.py.
    path("stories/preview/<str:token>/", preview.shared_preview, name="story-preview"),
    path("stories/<slug:slug>/press-kit.zip", views.story_press_kit, name="story-press-kit"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path("feeds/stories.rss", feeds.LatestStoriesFeed.view(), name="feed-rss"),
    path("feeds/stories.atom", feeds.LatestStoriesAtomFeed.view(), name="feed-atom"),
    path("feeds/stories.json", feeds.JsonStoryFeed.view(), name="feed-json"),
    path("tags/<slug:slug>/feed.rss", feeds.TagFeed.view(), name="tag-feed-rss"),
    path("tags/<slug:slug>/feed.atom", feeds.TagAtomFeed.view(), name="tag-feed-atom"),
    path("sections/<slug:slug>/feed.rss", feeds.SectionFeed.view(), name="section-feed-rss"),
    path("sections/<slug:slug>/feed.atom", feeds.SectionAtomFeed.view(), name="section-feed-atom"),
]
