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


def mix():
    """The addresses readers spread over, for the churn check: the front pages and feeds, the
    newest stories and some older ones, tag, section, officer, programme and award pages; and
    the slugs of its story pages, which staff edit during the check."""
    from articles.models import Section, Story
    from articles.querysets import public_tags
    from people.models import Award, Officer, TrainingProgramme

    published = Story.objects.published().order_by("-published_at", "-pk")
    total = published.count()
    stories = (
        list(published[:20])
        + [
            published[index].pk and published[index]
            for index in range(20, total, max(1, total // 20))
        ][:20]
    )
    tags = public_tags().annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses")[:8]
    officers = Officer.objects.public().order_by("pk")[:8]
    paths = [
        reverse("home"),
        "/es" + reverse("home"),
        reverse("articles:story-list"),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("people:officer-list"),
        reverse("people:programme-list"),
        reverse("people:award-list"),
        *(story.get_absolute_url() for story in stories),
        *(reverse("articles:tag-detail", kwargs={"slug": tag.slug}) for tag in tags),
        *(section.get_absolute_url() for section in Section.objects.order_by("pk")[:4]),
        *(officer.get_absolute_url() for officer in officers),
        *(
            programme.get_absolute_url()
            for programme in TrainingProgramme.objects.order_by("pk")[:3]
        ),
        *(award.get_absolute_url() for award in Award.objects.order_by("pk")[:3]),
    ]
    return {"paths": paths, "stories": [story.slug for story in stories]}


def main():
    import sys

    import django

    django.setup()
    from articles.models import Story

    if "--mix" in sys.argv:
        print(json.dumps(mix()))  # noqa: T201
        return
    print(json.dumps({"stories": Story.objects.count(), "pages": addresses()}))  # noqa: T201


if __name__ == "__main__":
    main()
