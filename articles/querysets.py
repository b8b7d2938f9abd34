from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from people.querysets import public_officer_q

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


def public_officers_prefetch(lookup="officers"):
    """Prefetch only the officers who consented to a public profile."""
    from people.models import Officer

    return Prefetch(lookup, queryset=Officer.objects.filter(public_officer_q()))
