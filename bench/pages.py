"""The pages the benchmark loads, picked from the benchmark database.

``python -m bench.pages`` (with the benchmark's environment) prints them as JSON: name, path
and request headers. Picks are deterministic: the same archive gives the same addresses.
"""

import json

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

SEARCH_QUERY = "officers training"


def addresses():
    from articles.models import Story
    from articles.querysets import public_tags
    from people.models import Officer

    published = Story.objects.published().order_by("-published_at", "-pk")
    total = published.count()
    # A story from the middle of the archive with officers, quotes and tags: a typical page.
    story = published.filter(quotes__isnull=False).distinct()[total // 2 :].first()
    officer = (
        Officer.objects.public()
        .annotate(mentions=Count("stories"))
        .order_by("-mentions", "pk")
        .first()
    )
    tag = public_tags().annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses").first()
    pages = [
        ("bare view", reverse("bench-bare")),
        ("home", reverse("home")),
        ("story page", story.get_absolute_url()),
        ("story list", reverse("articles:story-list")),
        ("story list, last page", reverse("articles:story-list") + "?page=last"),
        ("officer profile", officer.get_absolute_url()),
        ("tag page", reverse("articles:tag-detail", kwargs={"slug": tag.slug})),
        ("RSS feed", reverse("articles:feed-rss")),
        ("RSS feed, 304", reverse("articles:feed-rss")),
        ("sitemap, stories", reverse("sitemap-section", kwargs={"section": "stories"})),
    ]
    try:
        pages.append(("search", reverse("search:results") + "?q=" + SEARCH_QUERY.replace(" ", "+")))
    except NoReverseMatch:
        pages.append(("search", None))
    return [{"name": name, "path": path} for name, path in pages]


def main():
    import django

    django.setup()
    from articles.models import Story

    print(json.dumps({"stories": Story.objects.count(), "pages": addresses()}))  # noqa: T201


if __name__ == "__main__":
    main()
