from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_selected_confirmed
from django.contrib.admin.utils import unquote
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.folding import folded_search_fields

from . import permissions
from .forms import PhotoAdminForm
from .models import Photo
from .querysets import stories_visible_to

THUMBNAIL_BOX = (80, 60)
PREVIEW_BOX = (480, 360)


def photo_thumbnail(photo, box=THUMBNAIL_BOX, css_class="admin-thumbnail"):
    """An <img> of a stored photo with its alt text, scaled to fit ``box``; None without a photo.

    Built from the stored width and height, so a change list never opens the image files, and
    drawn from the smallest rendition sharp enough on a high-density screen rather than from the
    original, which may weigh megabytes.
    """
    if photo is None or not photo.image:
        return None
    width, height = _fit(photo.width, photo.height, box)
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">',
        _thumbnail_url(photo, width * 2),
        photo.alt_text,
        width,
        height,
        css_class,
    )


def _thumbnail_url(photo, pixels_wide):
    renditions = photo.rendition_set
    if renditions is None:
        return photo.image.url
    candidates = renditions.webp or renditions.fallback
    sharp_enough = [rendition for rendition in candidates if rendition.width >= pixels_wide]
    return (sharp_enough[0] if sharp_enough else candidates[-1]).url


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
    search_fields = folded_search_fields("caption", "alt_text", "credit", "source")
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at"]
    list_per_page = 50
    readonly_fields = [
        "preview",
        "social_preview",
        "usage",
        "dimensions",
        "stored_size",
        "rendition_list",
        "uploaded_by",
        "uploaded_at",
        "updated_at",
    ]
    actions = ["delete_selected"]

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
                (None, {"fields": ["image", "alt_text", "decorative", "caption"]}),
                (_("Credit"), {"fields": ["credit", "source"]}),
            ]
        return [
            (None, {"fields": ["preview", "image", "alt_text", "decorative", "caption"]}),
            (_("Credit"), {"fields": ["credit", "source"]}),
            (
                _("Crop for social media"),
                {
                    "description": _(
                        "Links shared on social media show a 1200×630 crop of the photo. Say "
                        "where the subject is, so that faces stay in the crop."
                    ),
                    "fields": ["social_preview", ("focal_point_x", "focal_point_y")],
                },
            ),
            (_("Where it is used"), {"fields": ["usage"]}),
            (
                _("Advanced"),
                {
                    "classes": ["collapse"],
                    "fields": [
                        "dimensions",
                        "stored_size",
                        "rendition_list",
                        "uploaded_by",
                        "uploaded_at",
                        "updated_at",
                    ],
                },
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The form checks what this person may change (``photos.permissions``).
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Shown read-only; a posted form keeps its fields, so that a refusal (the photo went
        # public while the page was open) shows what was typed along with the reason.
        if request.method == "GET":
            readonly += permissions.guarded_fields(request.user, obj)
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            photo = self.get_object(request, unquote(object_id))
            if permissions.guarded_fields(request.user, photo):
                self.message_user(request, permissions.refusal(photo), messages.WARNING)
                # Nothing on the page can be changed, so there is nothing to save.
                extra_context = {
                    **(extra_context or {}),
                    "show_save": False,
                    "show_save_and_continue": False,
                    "show_save_and_add_another": False,
                }
        return super().change_view(request, object_id, form_url, extra_context)

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

    @admin.display(description=_("current crop"))
    def social_preview(self, photo):
        crop = photo.social_image
        if crop is None:
            return _("The crop is made once the photo is saved.")
        width, height = _fit(crop.width, crop.height, (360, 189))
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" class="admin-preview">',
            crop.url,
            width,
            height,
        )

    @admin.display(description=_("renditions"))
    def rendition_list(self, photo):
        renditions = photo.rendition_set
        if renditions is None:
            return _("None yet: they are made once the photo is saved.")
        return format_html(
            '<ul class="admin-usage">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{} × {} {}</a>, {}</li>',
                (
                    (
                        rendition.url,
                        rendition.width,
                        rendition.height,
                        rendition.format.upper(),
                        filesizeformat(rendition.bytes),
                    )
                    for rendition in [*renditions.webp, *renditions.fallback]
                ),
            ),
        )

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

    def get_object(self, request, object_id, from_field=None):
        photo = super().get_object(request, object_id, from_field)
        if photo is not None:
            # Whose page this is: "used by" names only the stories this person may open.
            photo.viewer = request.user
        return photo

    @admin.display(description=_("used by"))
    def usage(self, photo):
        stories = photo.stories.order_by("headline").only("pk", "headline")
        hidden = 0
        viewer = getattr(photo, "viewer", None)
        if viewer is not None:
            visible = stories.filter(pk__in=stories_visible_to(viewer).values("pk"))
            hidden = stories.count() - visible.count()
            stories = visible
        officers = photo.officers.order_by("family_name", "full_name").only("pk", "full_name")
        items = [
            (reverse("admin:articles_story_change", args=[story.pk]), story.headline, _("story"))
            for story in stories
        ] + [
            (reverse("admin:people_officer_change", args=[officer.pk]), officer, _("officer"))
            for officer in officers
        ]
        if hidden:
            items.append(
                (
                    None,
                    ngettext(
                        "%(count)d story you cannot open",
                        "%(count)d stories you cannot open",
                        hidden,
                    )
                    % {"count": hidden},
                    _("story"),
                )
            )
        if not items:
            return _("No story or officer uses this photo.")
        return format_html(
            '<ul class="admin-usage">{}</ul>',
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (format_html('<a href="{}">{}</a> ({})', url, name, kind) if url else name,)
                    for url, name, kind in items
                ),
            ),
        )

    # Deleting. PROTECT already stops the database from losing a photo that something uses; these
    # say so in words staff can act on, before Django's page about "protected related objects".

    def delete_view(self, request, object_id, extra_context=None):
        photo = self.get_object(request, unquote(object_id))
        if photo is not None and (refusal := deletion_refusal(photo)):
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[photo.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(
        permissions=["delete"],
        description=format_lazy(_("Delete selected {}"), Photo._meta.verbose_name_plural),
    )
    def delete_selected(self, request, queryset):
        in_use = queryset.filter(Q(stories__isnull=False) | Q(officers__isnull=False)).distinct()
        refusals = [deletion_refusal(photo) for photo in in_use]
        if refusals:
            for refusal in refusals:
                self.message_user(request, refusal, messages.ERROR)
            return None
        return delete_selected_confirmed(self, request, queryset)


def deletion_refusal(photo):
    """Why ``photo`` cannot be deleted, naming the published stories that show it; None if it
    can be."""
    published = list(
        photo.stories.published().order_by("headline").values_list("headline", flat=True)
    )
    unpublished = photo.stories.count() - len(published)
    officers = photo.officers.count()
    if not (published or unpublished or officers):
        return None
    others = []
    if unpublished:
        others.append(
            ngettext("%(count)d unpublished story", "%(count)d unpublished stories", unpublished)
            % {"count": unpublished}
        )
    if officers:
        others.append(
            ngettext("%(count)d officer's profile", "%(count)d officers' profiles", officers)
            % {"count": officers}
        )
    if published:
        message = ngettext(
            "The photo “%(photo)s” cannot be deleted: it is the lead photo of the published "
            "story %(stories)s.",
            "The photo “%(photo)s” cannot be deleted: it is the lead photo of the published "
            "stories %(stories)s.",
            len(published),
        ) % {"photo": photo, "stories": ", ".join(f"“{headline}”" for headline in published)}
        if others:
            message += " " + gettext("It is also used by %(others)s.") % {
                "others": gettext(" and ").join(others)
            }
    else:
        message = gettext("The photo “%(photo)s” cannot be deleted: it is used by %(others)s.") % {
            "photo": photo,
            "others": gettext(" and ").join(others),
        }
    return message + " " + gettext("Choose another photo for them first.")
