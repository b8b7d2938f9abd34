from django.db import models
from django.db.models import Count, Max, Prefetch, Q, Subquery
from django.utils import timezone

from .choices import StoryStatus


def published_q(prefix="", now=None):
    """The one visibility rule for stories, as a Q usable through relations.

    Published, with a publication time that has come, and not withdrawn (a withdrawn story has
    its own status, so it never matches).
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": StoryStatus.PUBLISHED, f"{prefix}published_at__lte": now})


class StoryQuerySet(models.QuerySet):
    def published(self):
        """Only what a member of the public may see: every public surface starts here."""
        return self.filter(published_q())

    def for_listing(self):
        """What a list of story cards shows: section and lead photo, newest first."""
        return self.select_related("section", "lead_photo").order_by("-published_at", "-pk")

    def for_detail(self):
        """Everything the story page shows, in a fixed number of queries."""
        from people.models import Officer

        from .models import FurtherLink, Quote

        return self.select_related("section", "lead_photo", "publisher").prefetch_related(
            "tags",
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("officer", "officer__institution").order_by(
                    "order", "pk"
                ),
            ),
            Prefetch("links", queryset=FurtherLink.objects.order_by("order", "pk")),
            Prefetch("officers", queryset=Officer.objects.select_related("institution")),
            "programmes",
            "awards",
        )

    def for_feed(self):
        """What a feed entry carries, newest first; callers slice it to the feed's length."""
        return (
            self.select_related("section", "lead_photo", "publisher")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")
        )

    def last_changed(self):
        """When any story in this queryset last changed or went public, in one query.

        Counts every status, so that withdrawing or unpublishing a story (which saves it) moves
        the date of the feeds and lists it leaves; a scheduled story counts from its time.
        """
        now = timezone.now()
        row = self.order_by().aggregate(
            edited=Max("updated_at"), went_public=Max("published_at", filter=published_q(now=now))
        )
        return latest(row["edited"], row["went_public"])

    def page_last_changed(self, slug):
        """When the page of the story ``slug`` last changed, in one query; None if no such story.

        A story page also shows its officers, its photo and the newest stories (related stories),
        so a change to any of them changes the page.
        """
        now = timezone.now()
        newest_edit = self.model._default_manager.order_by("-updated_at").values("updated_at")[:1]
        newest_public = (
            self.model._default_manager.filter(published_q(now=now)).order_by("-published_at")
        ).values("published_at")[:1]
        row = (
            self.filter(slug=slug)
            .annotate(
                officers_changed=Max("officers__updated_at"),
                speakers_changed=Max("quotes__officer__updated_at"),
                site_edited=Subquery(newest_edit),
                site_went_public=Subquery(newest_public),
            )
            .values(
                "updated_at",
                "lead_photo__updated_at",
                "officers_changed",
                "speakers_changed",
                "site_edited",
                "site_went_public",
            )
            .order_by()
            .first()
        )
        return latest(*row.values()) if row else None

    def related_to(self, story, limit=3):
        """Published stories sharing the most tags with ``story``, newest first among equals."""
        tag_ids = [tag.pk for tag in story.tags.all()]
        if not tag_ids:
            return self.none()
        return (
            self.published()
            .filter(tags__in=tag_ids)
            .exclude(pk=story.pk)
            .annotate(shared_tags=Count("pk"))
            .order_by("-shared_tags", "-published_at")
            .select_related("section", "lead_photo")[:limit]
        )

    def mentioning(self, officer):
        return self.published().filter(officers=officer)


def latest(*moments):
    return max((moment for moment in moments if moment is not None), default=None)


def published_quotes_by(officer):
    """What ``officer`` said in published stories, newest story first, each with its story."""
    from .models import Quote

    return (
        Quote.objects.filter(published_q("story__"), officer=officer)
        .select_related("story")
        .order_by("-story__published_at", "order", "pk")
    )


def public_tags():
    """Tags that at least one published story carries; a tag only drafts use stays unseen.

    A tag whose name has no letter or digit Django can put in an address (e.g. only emoji)
    gets an empty slug and has no page of its own.
    """
    from taggit.models import Tag

    from .models import Story

    return Tag.objects.filter(story__in=Story.objects.published()).exclude(slug="").distinct()
