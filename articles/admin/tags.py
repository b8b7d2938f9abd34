"""Tags: their Spanish names, accent-blind search, suggestions for the story form, and merging.

Replaces django-taggit's own tag admin, whose merge keeps the merged tag and its address.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit import admin as taggit_admin  # registers taggit's admin first, to replace it here
from taggit.models import Tag

from newsroom.folding import folded_search_fields

from ..models import TagTranslation
from ..tagging import merge_tags, suggest_tags

admin.site.unregister(Tag)
del taggit_admin


class TagTranslationInline(admin.StackedInline):
    model = TagTranslation
    fields = ["name_es"]
    can_delete = False
    min_num = 0
    max_num = 1


class TagMergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Keep"),
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("The other tag's stories move to this one, and its address leads here."),
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = tags
        self.fields["keep"].label_from_instance = lambda tag: (
            ngettext("%(name)s (%(count)d story)", "%(name)s (%(count)d stories)", tag.story_count)
            % {"name": tag.name, "count": tag.story_count}
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "spanish_name", "slug", "story_count"]
    list_select_related = ["translation"]
    ordering = ["name"]
    search_fields = folded_search_fields("name", "translation__name_es")
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]
    inlines = [TagTranslationInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("taggit_taggeditem_items"))

    def get_urls(self):
        return [
            path(
                "suggestions/",
                self.admin_site.admin_view(self.suggestions_view),
                name="taggit_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("name in Spanish"))
    def spanish_name(self, tag):
        translation = getattr(tag, "translation", None)
        return translation.name_es if translation else ""

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, tag):
        return tag.story_count

    def suggestions_view(self, request):
        """Existing tags for the story form's tag field, accents and case ignored."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        tags = suggest_tags(request.GET.get("q", ""))
        return JsonResponse(
            {
                "results": [
                    {
                        "name": tag.name,
                        "name_es": getattr(tag, "translation", None)
                        and tag.translation.name_es
                        or "",
                    }
                    for tag in tags
                ]
            }
        )

    @admin.action(description=_("Merge the two selected tags"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        tags = queryset.order_by("name")
        if len(tags) != 2:
            self.message_user(
                request, _("Select exactly two tags to merge."), level=messages.WARNING
            )
            return None
        form = TagMergeForm(request.POST if "apply" in request.POST else None, tags=tags)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            (merged,) = [tag for tag in tags if tag.pk != keep.pk]
            merged_name = merged.name
            moved = merge_tags(keep=keep, merged=merged)
            self.log_change(request, keep, f"Merged the tag “{merged_name}” into this one.")
            self.message_user(
                request,
                ngettext(
                    "“%(merged)s” was merged into “%(keep)s”: %(count)d story moved, and its "
                    "address now leads to “%(keep)s”.",
                    "“%(merged)s” was merged into “%(keep)s”: %(count)d stories moved, and its "
                    "address now leads to “%(keep)s”.",
                    moved,
                )
                % {"merged": merged_name, "keep": keep.name, "count": moved},
                level=messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/taggit/tag/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge two tags"),
                "opts": self.model._meta,
                "form": form,
                "tags": tags,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
