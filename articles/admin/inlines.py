from django.contrib import admin
from django.db import models

from .. import permissions
from ..forms import CorrectionInlineForm, CorrectionInlineFormSet
from ..models import Correction, FurtherLink, Quote


class StoryPartInline:
    """Quotes and links are part of the story: whoever may not edit the story may not edit
    them either, whatever their permissions on quotes and links alone."""

    def _story_editable(self, request, story):
        return story is None or permissions.can_edit(request.user, story)

    def has_add_permission(self, request, obj=None):
        return self._story_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._story_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._story_editable(request, obj) and super().has_delete_permission(request, obj)


class QuoteInline(StoryPartInline, admin.StackedInline):
    model = Quote
    fields = ["text", "officer", "speaker_name", "speaker_role", "order"]
    autocomplete_fields = ["officer"]
    extra = 0


class FurtherLinkInline(StoryPartInline, admin.TabularInline):
    model = FurtherLink
    fields = ["label", "url", "order"]
    # Staff paste addresses without a scheme ("unodc.org"); the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


class CorrectionInline(admin.TabularInline):
    """Corrections and updates, for editors, on stories readers have seen."""

    model = Correction
    form = CorrectionInlineForm
    formset = CorrectionInlineFormSet
    fields = ["created_at", "kind", "text", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # A correction readers have seen stays on the record whoever asks (the formset refuses
        # it); administrators may remove one readers never saw.
        return request.user.has_perm("articles.delete_correction")
