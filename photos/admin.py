from django.contrib import admin
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import PhotoAdminForm
from .models import Photo

THUMBNAIL_BOX = (80, 60)
PREVIEW_BOX = (480, 360)


def photo_thumbnail(photo, box=THUMBNAIL_BOX, css_class="admin-thumbnail"):
    """An <img> of a stored photo with its alt text, scaled to fit ``box``; None without a photo.

    Built from the stored width and height, so a change list never opens the image files.
    """
    if photo is None or not photo.image:
        return None
    width, height = _fit(photo.width, photo.height, box)
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">',
        photo.image.url,
        photo.alt_text,
        width,
        height,
        css_class,
    )


def _fit(width, height, box):
    box_width, box_height = box
    if not width or not height:
        return box
    scale = min(box_width / width, box_height / height, 1)
    return max(1, round(width * scale)), max(1, round(height * scale))


class PhotoUsageFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "in_use"

    def lookups(self, request, model_admin):
        return [("yes", _("Used by a story or an officer")), ("no", _("Not used"))]

    def queryset(self, request, queryset):
        used = Q(story_count__gt=0) | Q(officer_count__gt=0)
        if self.value() == "yes":
            return queryset.filter(used)
        if self.value() == "no":
            return queryset.exclude(used)
        return queryset


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = [
        "thumbnail",
        "__str__",
        "has_alt_text",
        "credit",
        "dimensions",
        "usage_summary",
        "uploaded_by",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [PhotoUsageFilter, "uploaded_at"]
    search_fields = ["caption", "alt_text", "credit", "source"]
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at"]
    list_per_page = 50
    readonly_fields = [
        "preview",
        "usage",
        "dimensions",
        "stored_size",
        "uploaded_by",
        "uploaded_at",
        "updated_at",
    ]

    class Media:
        css = {"all": ["admin-extra/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_library()
            .annotate(
                story_count=Count("stories", distinct=True),
                officer_count=Count("officers", distinct=True),
            )
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["image", "alt_text", "caption"]}),
                (_("Credit"), {"fields": ["credit", "source"]}),
            ]
        return [
            (None, {"fields": ["preview", "image", "alt_text", "caption"]}),
            (_("Credit"), {"fields": ["credit", "source"]}),
            (_("Where it is used"), {"fields": ["usage"]}),
            (
                _("Advanced"),
                {
                    "classes": ["collapse"],
                    "fields": [
                        "dimensions",
                        "stored_size",
                        "uploaded_by",
                        "uploaded_at",
                        "updated_at",
                    ],
                },
            ),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_thumbnail(photo, box=PREVIEW_BOX, css_class="admin-preview")

    @admin.display(description=_("alt text?"), boolean=True)
    def has_alt_text(self, photo):
        return bool(photo.alt_text)

    @admin.display(description=_("size in pixels"))
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}"

    @admin.display(description=_("stored size"))
    def stored_size(self, photo):
        return filesizeformat(photo.file_size)

    @admin.display(description=_("used by"))
    def usage_summary(self, photo):
        parts = []
        if photo.story_count:
            parts.append(
                ngettext("%(count)d story", "%(count)d stories", photo.story_count)
                % {"count": photo.story_count}
            )
        if photo.officer_count:
            parts.append(
                ngettext("%(count)d officer", "%(count)d officers", photo.officer_count)
                % {"count": photo.officer_count}
            )
        return ", ".join(parts) or None

    @admin.display(description=_("used by"))
    def usage(self, photo):
        stories = photo.stories.order_by("headline").only("pk", "headline")
        officers = photo.officers.order_by("family_name", "full_name").only("pk", "full_name")
        items = [
            (reverse("admin:articles_story_change", args=[story.pk]), story.headline, _("story"))
            for story in stories
        ] + [
            (reverse("admin:people_officer_change", args=[officer.pk]), officer, _("officer"))
            for officer in officers
        ]
        if not items:
            return _("No story or officer uses this photo.")
        return format_html(
            '<ul class="admin-usage">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a> ({})</li>', items),
        )
