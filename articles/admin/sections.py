from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from newsroom.folding import folded_search_fields

from ..models import Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "story_count"]
    list_editable = ["order"]
    search_fields = folded_search_fields("name", "name_es")
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_es", "slug", "description", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("stories"))

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, section):
        return section.story_count
