from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import models
from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from photos.admin import PREVIEW_BOX, photo_thumbnail

from . import services
from .forms import StoryAdminForm
from .models import FurtherLink, Quote, Section, Story
from .querysets import published_q

# The names of the Story form's submit buttons; each says what the save should do to the status.
PUBLISH = "_publish"
SAVE_DRAFT = "_save_draft"


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "story_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("stories"))

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, section):
        return section.story_count


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


class QuoteInline(admin.StackedInline):
    model = Quote
    fields = ["text", "officer", "speaker_name", "speaker_role", "order"]
    autocomplete_fields = ["officer"]
    extra = 0


class FurtherLinkInline(admin.TabularInline):
    model = FurtherLink
    fields = ["label", "url", "order"]
    # Staff paste addresses without a scheme ("unodc.org"); the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    form = StoryAdminForm
    list_display = [
        "thumbnail",
        "headline",
        "section",
        "publication_status",
        "is_public_now",
        "published_at",
        "updated_at",
        "updated_by",
    ]
    list_display_links = ["thumbnail", "headline"]
    list_select_related = ["section", "lead_photo", "updated_by"]
    list_filter = [PublicationFilter, "section", "featured", "language", "tags"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    # Drafts, which have no publication time yet, first; then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "publisher", "officers", "programmes", "awards"]
    readonly_fields = [
        "publication_state",
        "lead_photo_preview",
        "first_published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [QuoteInline, FurtherLinkInline]
    actions = ["publish_selected", "move_selected_to_draft"]

    class Media:
        css = {"all": ["admin-extra/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        photo_fields = ["lead_photo", "lead_photo_caption"]
        publishing_fields = ["section", "published_at", "featured"]
        if obj is not None:
            photo_fields = ["lead_photo_preview", *photo_fields]
            publishing_fields = ["publication_state", *publishing_fields]
        return [
            (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
            (_("Dateline"), {"fields": ["dateline_place", "dateline_date"]}),
            (_("Photo"), {"fields": photo_fields}),
            (
                _("People, programmes and tags"),
                {"fields": ["officers", "programmes", "awards", "tags"]},
            ),
            (_("Publishing"), {"fields": publishing_fields}),
            (
                _("Advanced"),
                {
                    "classes": ["collapse"],
                    "fields": [
                        "language",
                        "publisher",
                        "first_published_at",
                        "created_at",
                        "created_by",
                        "updated_at",
                        "updated_by",
                    ],
                },
            ),
        ]

    def view_on_site(self, story):
        # A draft or scheduled story has no public page yet; the link would lead to a 404.
        return story.get_absolute_url() if story.is_published() else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(publishing_buttons(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if PUBLISH in request.POST:
            services.publish_story(story=obj, user=request.user)
        elif SAVE_DRAFT in request.POST and obj.status != Story.Status.DRAFT:
            services.unpublish_story(story=obj, user=request.user)
        else:
            super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._report_publishing(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._report_publishing(request, obj)
        return response

    def _report_publishing(self, request, story):
        if IS_POPUP_VAR in request.POST:
            # The popup closes at once; the message would surface later on an unrelated page.
            return
        if PUBLISH in request.POST and story.is_scheduled():
            message = _("“%(headline)s” is scheduled: it goes public on %(time)s.") % {
                "headline": story.headline,
                "time": _format_time(story.published_at),
            }
        elif PUBLISH in request.POST:
            message = _("“%(headline)s” is public.") % {"headline": story.headline}
        elif SAVE_DRAFT in request.POST:
            message = _("“%(headline)s” is a draft: readers cannot see it.") % {
                "headline": story.headline
            }
        else:
            return
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Publish selected stories"), permissions=["change"])
    def publish_selected(self, request, queryset):
        public = scheduled = 0
        for story in queryset.exclude(status=Story.Status.PUBLISHED):
            services.publish_story(story=story, user=request.user)
            if story.is_scheduled():
                scheduled += 1
            else:
                public += 1
        if public:
            self.message_user(
                request,
                ngettext("%(count)d story published.", "%(count)d stories published.", public)
                % {"count": public},
                messages.SUCCESS,
            )
        if scheduled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d story scheduled: it goes public at its publication time.",
                    "%(count)d stories scheduled: each goes public at its publication time.",
                    scheduled,
                )
                % {"count": scheduled},
                messages.SUCCESS,
            )
        if not public and not scheduled:
            self.message_user(
                request,
                _("No story changed: the selected stories were already published."),
                messages.WARNING,
            )

    @admin.action(description=_("Move selected stories back to draft"), permissions=["change"])
    def move_selected_to_draft(self, request, queryset):
        moved = 0
        for story in queryset.filter(status=Story.Status.PUBLISHED):
            services.unpublish_story(story=story, user=request.user)
            moved += 1
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d story moved back to draft.",
                    "%(count)d stories moved back to draft.",
                    moved,
                )
                % {"count": moved},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("No story changed: none of the selected stories was published or scheduled."),
                messages.WARNING,
            )

    @admin.display(description=_("photo"))
    def thumbnail(self, story):
        return photo_thumbnail(story.lead_photo)

    @admin.display(description=_("current lead photo"))
    def lead_photo_preview(self, story):
        return photo_thumbnail(story.lead_photo, box=PREVIEW_BOX, css_class="admin-preview")

    @admin.display(description=_("status"), ordering="status")
    def publication_status(self, story):
        if story.is_scheduled():
            return _("Scheduled for %(time)s") % {"time": _format_time(story.published_at)}
        return story.get_status_display()

    @admin.display(description=_("public now?"), boolean=True)
    def is_public_now(self, story):
        return story.is_published()

    @admin.display(description=_("status"))
    def publication_state(self, story):
        if story.is_published():
            return _("Published: public since %(time)s") % {
                "time": _format_time(story.published_at)
            }
        if story.is_scheduled():
            return _("Scheduled: goes public on %(time)s") % {
                "time": _format_time(story.published_at)
            }
        return _("%(status)s: readers cannot see it") % {"status": story.get_status_display()}


def publishing_buttons(story, now=None):
    """Which submit buttons the story form offers, given where the story stands.

    A story readers can see is only updated; any other story can be saved as a draft or
    published, and publishing with a future publication time schedules it.
    """
    now = now or timezone.now()
    if story is not None and story.is_published(now=now):
        return {"show_save_draft": False, "publish_label": _("Update")}
    if story is not None and story.published_at and story.published_at > now:
        return {"show_save_draft": True, "publish_label": _("Schedule")}
    return {"show_save_draft": True, "publish_label": _("Publish")}


def _format_time(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
