from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.folding import folded_search_fields

from ..models import StoryTransition


@admin.register(StoryTransition)
class StoryTransitionAdmin(admin.ModelAdmin):
    """The audit log: every move of every story through the workflow, read-only."""

    list_display = ["at", "story_link", "action", "status_change", "user", "note"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["story", "user"]
    search_fields = folded_search_fields("story_headline", "note")
    date_hierarchy = "at"
    ordering = ["-at", "-pk"]
    list_per_page = 100
    fields = [
        "at",
        "story_link",
        "action",
        "status_change",
        "publication_time",
        "user",
        "note",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("story"), ordering="story_headline")
    def story_link(self, transition):
        if transition.story_id is None:
            return transition.story_headline
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_story_change", args=[transition.story_id]),
            transition.story_headline,
        )

    @admin.display(description=_("status"))
    def status_change(self, transition):
        if not transition.from_status:
            return transition.get_to_status_display()
        return f"{transition.get_from_status_display()} → {transition.get_to_status_display()}"
