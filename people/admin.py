from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from desk.choices import StoryChoicesAdminMixin
from newsroom.folding import folded_search_fields
from photos.admin import PREVIEW_BOX, photo_thumbnail

from .forms import PublicPageForm
from .models import (
    Award,
    AwardConferral,
    Framework,
    MediaContact,
    Officer,
    Organisation,
    Participation,
    ReachFigure,
    Role,
    TrainingProgramme,
)

ADMIN_CSS = {"all": ["admin-extra/admin.css"]}
# Staff paste addresses without a scheme ("unodc.org"); the web is https now.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "website"]
    list_filter = ["kind"]
    search_fields = folded_search_fields("name", "name_es", "acronym")
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_es", "slug", "acronym", "kind", "website", "description"]
    formfield_overrides = HTTPS_BY_DEFAULT
    list_per_page = 100


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation", "email", "phone", "languages"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "role", "email", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    fields = ["name", "role", "organisation", "email", "phone", "languages"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "officer_count"]
    search_fields = folded_search_fields("name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(officer_count=Count("officer"))

    @admin.display(description=_("officers"), ordering="officer_count")
    def officer_count(self, role):
        return role.officer_count


# The inlines' headings say what the rows are to the person on the form; the models keep their
# names ("award conferral", "participation") for the lists of their own.


class OfficerConferralInline(StoryChoicesAdminMixin, admin.StackedInline):
    model = AwardConferral
    verbose_name = _("award")
    verbose_name_plural = _("Awards received")
    fields = ["award", "date", "citation", "story"]
    autocomplete_fields = ["award", "story"]
    extra = 0


class OfficerParticipationInline(admin.TabularInline):
    model = Participation
    verbose_name = _("training programme")
    # As trainee or as trainer: the role column says which.
    verbose_name_plural = _("Training programmes attended or taught")
    fields = ["programme", "role", "year"]
    autocomplete_fields = ["programme"]
    extra = 0


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    form = PublicPageForm
    list_display = [
        "thumbnail",
        "full_name",
        "rank",
        "institution",
        "place",
        "has_public_profile",
        "featured",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "full_name"]
    list_select_related = ["institution", "photo"]
    list_filter = ["public_profile_consent", "featured", "state", "institution", "roles"]
    search_fields = folded_search_fields("full_name", "state", "municipality")
    ordering = ["family_name", "full_name"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["institution", "photo", "roles"]
    readonly_fields = ["photo_preview", "created_at", "updated_at"]
    inlines = [OfficerConferralInline, OfficerParticipationInline]

    class Media:
        css = ADMIN_CSS

    def get_fieldsets(self, request, obj=None):
        photo_fields = ["photo"] if obj is None else ["photo_preview", "photo"]
        return [
            (None, {"fields": ["full_name", "slug", "rank", "institution"]}),
            (_("Place"), {"fields": ["state", "municipality"]}),
            (_("Photo"), {"fields": photo_fields}),
            (_("Profile"), {"fields": ["biography", "roles"]}),
            (
                _("Public profile"),
                {"fields": ["public_profile_consent", "consent_recorded_at", "featured"]},
            ),
            (
                _("Advanced"),
                {"classes": ["collapse"], "fields": ["family_name", "created_at", "updated_at"]},
            ),
        ]

    def view_on_site(self, officer):
        # Without consent the officer has no public page to view.
        return officer.get_absolute_url() if officer.is_public() else None

    @admin.display(description=_("photo"))
    def thumbnail(self, officer):
        return photo_thumbnail(officer.photo)

    @admin.display(description=_("current photo"))
    def photo_preview(self, officer):
        preview = photo_thumbnail(officer.photo, box=PREVIEW_BOX, css_class="admin-preview")
        # The admin would print a missing value of a method as the word "None".
        return preview or _("No photo chosen yet.")

    @admin.display(description=_("place"), ordering="state")
    def place(self, officer):
        return officer.place

    @admin.display(
        description=_("public profile?"), boolean=True, ordering="public_profile_consent"
    )
    def has_public_profile(self, officer):
        return officer.is_public()


class AwardConferralInline(StoryChoicesAdminMixin, admin.StackedInline):
    model = AwardConferral
    verbose_name = _("officer")
    verbose_name_plural = _("Officers who received it")
    fields = ["officer", "date", "citation", "story"]
    autocomplete_fields = ["officer", "story"]
    extra = 0


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    form = PublicPageForm
    list_display = ["name", "awarding_organisation", "conferral_count"]
    list_select_related = ["awarding_organisation"]
    list_filter = ["awarding_organisation"]
    # The count annotation groups rows, and grouped queries drop the model's own ordering.
    ordering = ["name"]
    search_fields = folded_search_fields(
        "name", "name_es", "awarding_organisation__name", "awarding_organisation__acronym"
    )
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["awarding_organisation"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "name_es",
                    "slug",
                    "awarding_organisation",
                    "description",
                    "criteria",
                ]
            },
        ),
        (_("Advanced"), {"classes": ["collapse"], "fields": ["updated_at"]}),
    ]
    inlines = [AwardConferralInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conferral_count=Count("conferrals"))

    @admin.display(description=_("times conferred"), ordering="conferral_count")
    def conferral_count(self, award):
        return award.conferral_count


@admin.register(AwardConferral)
class AwardConferralAdmin(StoryChoicesAdminMixin, admin.ModelAdmin):
    list_display = ["award", "officer", "date", "story"]
    list_select_related = ["award", "officer", "story"]
    list_filter = ["award"]
    search_fields = folded_search_fields("officer__full_name", "award__name", "citation")
    date_hierarchy = "date"
    autocomplete_fields = ["officer", "award", "story"]
    fields = ["officer", "award", "date", "citation", "story"]
    list_per_page = 100


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "programme_count"]
    search_fields = folded_search_fields("name", "description")
    fields = ["name", "description", "url"]
    formfield_overrides = HTTPS_BY_DEFAULT

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programmes"))

    @admin.display(description=_("programmes"), ordering="programme_count")
    def programme_count(self, framework):
        return framework.programme_count


class ReachFigureInline(admin.TabularInline):
    model = ReachFigure
    fields = ["metric", "value", "is_lower_bound", "as_of", "source"]
    extra = 0


class ProgrammeParticipationInline(admin.TabularInline):
    model = Participation
    verbose_name = _("officer")
    # Trainees and trainers both: the role column says which.
    verbose_name_plural = _("Officers who took part")
    fields = ["officer", "role", "year"]
    autocomplete_fields = ["officer"]
    extra = 0


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    form = PublicPageForm
    list_display = ["name", "short_name", "lead_organisation", "start_year", "featured"]
    list_select_related = ["lead_organisation"]
    list_filter = ["featured", "lead_organisation", "frameworks"]
    search_fields = folded_search_fields("name", "name_es", "short_name", "short_name_es")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_organisation", "partners", "frameworks"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "name_es", "slug", "short_name", "short_name_es", "description"]},
        ),
        (
            _("Partners and alignment"),
            {"fields": ["lead_organisation", "partners", "start_year", "frameworks"]},
        ),
        (_("Home page"), {"fields": ["featured"]}),
        (_("Advanced"), {"classes": ["collapse"], "fields": ["updated_at"]}),
    ]
    inlines = [ReachFigureInline, ProgrammeParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["officer", "programme", "role", "year"]
    list_select_related = ["officer", "programme"]
    list_filter = ["role", "programme", "year"]
    search_fields = folded_search_fields(
        "officer__full_name", "programme__name", "programme__short_name"
    )
    autocomplete_fields = ["officer", "programme"]
    fields = ["officer", "programme", "role", "year"]
    list_per_page = 100
