from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Story
from ..querysets import published_q


class PublicationFilter(admin.SimpleListFilter):
    """Where a story stands for readers, including the scheduled ones the status hides."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("public", _("Public now")),
            ("scheduled", _("Scheduled")),
            (Story.Status.DRAFT, Story.Status.DRAFT.label),
            (Story.Status.IN_REVIEW, Story.Status.IN_REVIEW.label),
            (Story.Status.WITHDRAWN, Story.Status.WITHDRAWN.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "public":
            return queryset.published()
        if value == "scheduled":
            return queryset.filter(status=Story.Status.PUBLISHED).exclude(published_q())
        if value in {Story.Status.DRAFT, Story.Status.IN_REVIEW, Story.Status.WITHDRAWN}:
            return queryset.filter(status=value)
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The signed-in person's own stories, or everyone's."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Mine"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(created_by=request.user)
        return queryset
