import json

import reversion
from csp.constants import NONCE
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import F, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from desk.choices import StoryChoicesAdminMixin
from newsroom.admin_messages import OwnMessageAdminMixin
from newsroom.folding import folded_search_fields
from photos.admin import PREVIEW_BOX, photo_thumbnail

from .. import merging, permissions, preview, revisions, services
from ..forms import StoryAdminForm
from ..models import Correction, StaleStoryError, Story, StoryTransition
from . import refusals
from .filters import MineFilter, PublicationFilter
from .history import StoryHistoryAdminMixin
from .inlines import CorrectionInline, FurtherLinkInline, QuoteInline
from .sharing import StorySharingAdminMixin
from .workflow import (
    StoryWorkflowAdminMixin,
    format_time,
    requested_action,
    workflow_buttons,
    workflow_links,
)

# Set on the request when a save is refused before the form sees it; the form then shows why.
REFUSAL = "_story_save_refusal"


@admin.register(Story)
class StoryAdmin(
    StoryWorkflowAdminMixin,
    StoryHistoryAdminMixin,
    StorySharingAdminMixin,
    StoryChoicesAdminMixin,
    OwnMessageAdminMixin,
    admin.ModelAdmin,
):
    form = StoryAdminForm
    list_display = [
        "thumbnail",
        "headline",
        "publication_status",
        "section",
        "language",
        "author",
        "last_change",
    ]
    list_display_links = ["thumbnail", "headline"]
    list_select_related = ["section", "lead_photo", "created_by", "updated_by"]
    # The filters staff use: their own stories, where stories stand, language and section.
    list_filter = [MineFilter, PublicationFilter, "language", "section"]
    search_fields = folded_search_fields("headline", "standfirst", "slug")
    date_hierarchy = "published_at"
    # Drafts, which have no publication time yet, first; then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "lead_photo",
        "publisher",
        "translation_of",
        "officers",
        "programmes",
        "awards",
        "media_contacts",
    ]
    readonly_fields = [
        "body_as_published",
        "publication_state",
        "preview_links",
        "workflow_history",
        "lead_photo_preview",
        "first_published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [QuoteInline, FurtherLinkInline]
    actions = ["submit_selected", "publish_selected", "move_selected_to_draft"]
    object_history_template = "admin/articles/story/object_history.html"

    class Media:
        css = {"all": ["admin-extra/admin.css", "admin-extra/workflow.css", "desk/editor.css"]}
        js = ["desk/copy.js", "desk/editor.js"]

    # Who sees and changes what

    def get_queryset(self, request):
        # Writers work on their own stories; the others' drafts are not theirs to read.
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            # When the story last moved, for the list's status column; no query per row.
            .annotate(
                moved_at=Subquery(
                    StoryTransition.objects.filter(story=OuterRef("pk"))
                    .order_by("-at")
                    .values("at")[:1]
                )
            )
        )

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_delete(request.user, obj))

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting in bulk would skip the per-story rule (a story readers saw is withdrawn, not
        # deleted); a story is deleted from its own page.
        actions.pop("delete_selected", None)
        return actions

    def get_inlines(self, request, obj):
        if obj is not None and permissions.can_add_correction(request.user, obj):
            return [*self.inlines, CorrectionInline]
        return self.inlines

    def get_fieldsets(self, request, obj=None):
        main_fields = ["headline", "slug", "standfirst", "body"]
        photo_fields = ["lead_photo", "lead_photo_caption"]
        publishing_fields = ["section"]
        if permissions.can_publish(request.user):
            publishing_fields += ["published_at", "featured"]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only, the body shows as readers will read it, not as markup.
            main_fields[main_fields.index("body")] = "body_as_published"
        elif obj is not None:
            main_fields.append("base_version")
            photo_fields = ["lead_photo_preview", *photo_fields]
            publishing_fields = ["publication_state", *publishing_fields]
        fieldsets = [
            (None, {"fields": main_fields}),
            (_("Dateline"), {"fields": ["dateline_place", "dateline_date"]}),
            (_("Photo"), {"fields": photo_fields}),
            (
                _("People, programmes and tags"),
                {"fields": ["officers", "programmes", "awards", "tags"]},
            ),
            (_("For the press"), {"fields": ["media_contacts"]}),
            (_("Publishing"), {"fields": publishing_fields}),
        ]
        if obj is not None:
            fieldsets.append(
                (_("Review and history"), {"fields": ["preview_links", "workflow_history"]})
            )
        fieldsets.append(
            (
                _("Advanced"),
                {
                    "classes": ["collapse"],
                    "fields": [
                        "language",
                        "translation_of",
                        "publisher",
                        "first_published_at",
                        "created_at",
                        "created_by",
                        "updated_at",
                        "updated_by",
                    ],
                },
            )
        )
        return fieldsets

    def view_on_site(self, story):
        # A draft or scheduled story has no public page yet; the link would lead to a 404.
        return story.get_absolute_url() if story.is_published() else None

    # Saving

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, REFUSAL, None)
        attributes = {
            # A refused button asks nothing of the save: the form comes back as it was sent.
            "requested_action": None if refusal else requested_action(request),
            "refusal": refusal,
        }
        return type(form_class.__name__, (form_class,), attributes)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        moved = self._refuse_unpermitted_action(request, object_id)
        if moved is not None:
            if not self.has_change_permission(request, moved.story):
                form = StoryAdminForm(request.POST, instance=moved.story)
                return refusals.refused_page(request, self, moved, form)
            setattr(request, REFUSAL, moved.reason(editable=True))
        try:
            return self._changeform_in_revision(request, object_id, form_url, extra_context)
        except StaleStoryError:
            # The form compares versions before saving; the save compares them again in its
            # UPDATE. Someone saved in between the two: asked again, the form finds the newer
            # version and answers as usual, nothing saved and everything typed kept.
            pass
        except IntegrityError:
            # The database turned down a row the form had checked, e.g. another story took this
            # web address between the form's check and the INSERT. Nothing was written; the
            # form is shown again, refused, and finds the clash (and a free address) itself.
            setattr(request, REFUSAL, StoryAdminForm.DATABASE_REFUSED)
        return self._changeform_in_revision(request, object_id, form_url, extra_context)

    def _changeform_in_revision(self, request, object_id, form_url, extra_context):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and obj is not None and obj.pk and inline.model is not Correction:
            stored = inline.model._default_manager.filter(story=obj)
            data = kwargs["data"]
            started_from = request.POST.get("base_version", "")
            if started_from.isdigit() and int(started_from) != obj.version:
                # Someone saved since the form was opened: the save is refused (the story form
                # says so), and the quotes and links are merged field by field as the story's
                # own fields are, so that saving again keeps their changes.
                data = self._merge_parts(request, obj, inline, prefix, data, int(started_from))
            kwargs["data"], reinstated = merging.reinstate_deleted_parts(data, prefix, stored)
            # By formset, so that a save asked twice (see changeform_view) counts once.
            request._story_parts_reinstated = {
                **getattr(request, "_story_parts_reinstated", {}),
                prefix: reinstated,
            }
        return kwargs

    def _merge_parts(self, request, story, inline, prefix, data, started_from):
        fields = inline.get_formset(request, story).form.base_fields
        stored = {
            str(row["id"]): row
            for row in inline.model._default_manager.filter(story=story).values()
        }
        base_version = revisions.version_numbered(story, started_from)
        base = revisions.parts_of_version(base_version, inline.model) if base_version else None
        data, differences = merging.merge_parts(data, prefix, fields, stored, base)
        request._story_parts_merged = {
            **getattr(request, "_story_parts_merged", {}),
            prefix: (inline.model, fields, differences),
        }
        return data

    def save_model(self, request, obj, form, change):
        if change:
            # The story is saved as the version the form was opened at: its UPDATE then refuses
            # if anyone saved since, whichever way this save goes (service or plain save).
            obj.version = form.cleaned_data["base_version"]
        else:
            obj.created_by = request.user
        obj.updated_by = request.user
        action = form.requested_action
        if action == "publish":
            services.publish_story(story=obj, user=request.user)
        elif action == "submit":
            services.submit_for_review(story=obj, user=request.user)
        elif action == "save_draft" and obj.status == Story.Status.PUBLISHED:
            services.unpublish_story(story=obj, user=request.user)
        else:
            obj.save()
        if form.slug_clash is not None:
            self.message_user(
                request, slug_clash_notice(request.user, form.slug_clash), messages.WARNING
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk is None:
                correction.created_by = request.user
            correction.save()
        for correction in formset.deleted_objects:
            correction.delete()
        return None

    def log_addition(self, request, obj, message):
        self._comment_revision(obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._comment_revision(obj, message)
        return super().log_change(request, obj, message)

    def _comment_revision(self, obj, message):
        # The revision says what the admin's log says: "Changed Headline and Body."
        if isinstance(message, list):
            message = json.dumps(message)
        text = LogEntry(change_message=message).get_change_message() if message else ""
        if text and reversion.is_active():
            revisions.add_comment(text)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(workflow_buttons(request.user, obj))
        conflict = context["adminform"].form.conflict
        if conflict is not None:
            for model, fields, differences in getattr(request, "_story_parts_merged", {}).values():
                conflict.add_parts(model, fields, differences)
        context["conflict"] = conflict
        reinstated = getattr(request, "_story_parts_reinstated", {})
        context["restored_parts"] = range(sum(reinstated.values()))
        clash = context["adminform"].form.slug_clash
        context["slug_clash"] = slug_clash_notice(request.user, clash) if clash else None
        context["editor_words"] = editor_words()
        if obj is not None:
            context["preview_url"] = reverse("admin:articles_story_preview", args=[obj.pk])
            context["workflow_links"] = workflow_links(request.user, obj)
            context["share_links"] = self.live_share_links(obj)
            context["release_url"] = release_url(request.user, obj)
        # The body editor's modules are found through an import map, an inline script that
        # the Content-Security-Policy lets through by this response's nonce, on admin story
        # pages only; the public site keeps script-src and style-src 'self' alone.
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        response = super().render_change_form(request, context, add, change, form_url, obj)
        response._csp_update = {"script-src": [NONCE], "style-src": [NONCE]}
        return response

    def response_post_save_add(self, request, obj):
        return self._after_saving(request, obj) or super().response_post_save_add(request, obj)

    def response_post_save_change(self, request, obj):
        return self._after_saving(request, obj) or super().response_post_save_change(request, obj)

    def _after_saving(self, request, story):
        """A draft saved stays open, for more writing or a share link; a story handed on
        (submitted, published, scheduled) leads back to the desk."""
        action = requested_action(request)
        if action == "save_draft" and self.has_change_permission(request, story):
            return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))
        if action in ("submit", "publish"):
            return HttpResponseRedirect(reverse("admin:index"))
        return None

    def response_add(self, request, obj, post_url_continue=None):
        with self.own_message_instead_of_stock(request, self._report_workflow(request, obj)):
            return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        with self.own_message_instead_of_stock(request, self._report_workflow(request, obj)):
            return super().response_change(request, obj)

    # Pages of their own: preview, history, compare, restore, workflow steps

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<path:object_id>/preview/", view(self.preview_view), name="articles_story_preview"
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_view),
                name="articles_story_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(self.restore_revision_view),
                name="articles_story_restore_revision",
            ),
            path(
                "<path:object_id>/workflow/<slug:step>/",
                view(self.workflow_view),
                name="articles_story_workflow",
            ),
            *self.sharing_urls(view),
            *super().get_urls(),
        ]

    def _story_for(self, request, object_id, *, edit=False):
        story = self.get_object(request, unquote(object_id))
        if story is None:
            return None
        allowed = (
            permissions.can_edit(request.user, story)
            if edit
            else self.has_view_permission(request, story)
        )
        if not allowed:
            raise PermissionDenied
        return story

    def preview_view(self, request, object_id):
        """The story as its public page will show it, whatever its status."""
        story = self._story_for(request, object_id)
        if story is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return preview.render_preview(
            request, Story.objects.for_detail().get(pk=story.pk), shared=False
        )

    # Columns and read-only fields

    @admin.display(description=_("photo"))
    def thumbnail(self, story):
        return photo_thumbnail(story.lead_photo)

    @admin.display(description=_("current lead photo"))
    def lead_photo_preview(self, story):
        preview = photo_thumbnail(story.lead_photo, box=PREVIEW_BOX, css_class="admin-preview")
        # The admin would print a missing value of a method as the word "None".
        return preview or _("No lead photo chosen yet.")

    @admin.display(description=_("status"), ordering="status")
    def publication_status(self, story):
        """Where the story stands, and since when (or, scheduled, until when)."""
        if story.is_scheduled():
            return _("Scheduled for %(time)s") % {"time": format_time(story.published_at)}
        if story.is_published():
            return _("Public since %(time)s") % {"time": format_time(story.published_at)}
        moved_at = getattr(story, "moved_at", None)
        if moved_at is None:
            return story.get_status_display()
        return _("%(status)s since %(time)s") % {
            "status": story.get_status_display(),
            "time": format_time(moved_at),
        }

    @admin.display(description=_("author"), ordering="created_by__first_name")
    def author(self, story):
        return _person(story.created_by)

    @admin.display(description=_("last change"), ordering="updated_at")
    def last_change(self, story):
        if story.updated_by is None:
            return format_time(story.updated_at)
        return _("%(time)s by %(person)s") % {
            "time": format_time(story.updated_at),
            "person": _person(story.updated_by),
        }

    @admin.display(description=_("status"))
    def publication_state(self, story):
        if story.is_published():
            return _("Published: public since %(time)s") % {"time": format_time(story.published_at)}
        if story.is_scheduled():
            return _("Scheduled: goes public on %(time)s") % {
                "time": format_time(story.published_at)
            }
        return _("%(status)s: readers cannot see it") % {"status": story.get_status_display()}

    @admin.display(description=_("body"))
    def body_as_published(self, story):
        # body_html is the sanitised body: the one field that is ever marked safe.
        return mark_safe(story.body_html)  # noqa: S308


def slug_clash_notice(user, clash):
    """Whose web address the story asked for, with a link to it where this person may follow
    one, and the free address it got instead."""
    holder = clash.holder
    if permissions.can_view(user, holder):
        holder_url = reverse("admin:articles_story_change", args=[holder.pk])
    elif holder.is_published():
        holder_url = holder.get_absolute_url()
    else:
        # A story this person may not open, and readers cannot read: its headline and status
        # are not theirs to learn.
        return format_html(
            _(
                "The web address “{wanted}” belongs to another story, so this story has "
                "“{given}” instead. You can change it under “Web address”."
            ),
            wanted=clash.wanted,
            given=clash.given,
        )
    named = format_html('<a href="{}">{}</a>', holder_url, holder.headline)
    return format_html(
        _(
            "The web address “{wanted}” belongs to another story, “{holder}” ({status}), so "
            "this story has “{given}” instead. You can change it under “Web address”."
        ),
        wanted=clash.wanted,
        holder=named,
        status=holder.get_status_display().lower(),
        given=clash.given,
    )


def editor_words():
    """What the body editor's script says, in the language of the page (see desk/editor.js)."""
    return {
        "editor": {
            "Edit Link": str(_("Link")),
            "URL": str(_("Web address the link leads to (https://…)")),
            "Title": str(_("Description shown on hover (optional)")),
            "Update:Edit Link": str(_("Save the link")),
            "Update": str(_("Apply")),
            "Cancel": str(_("Cancel")),
        },
        "dropped": {
            "one": str(
                _(
                    "The pasted text held an image, which the story body cannot keep; the text "
                    "was pasted without it. Add photos as the lead photo."
                )
            ),
            "many": str(
                _(
                    "The pasted text held %(count)s images, which the story body cannot keep; "
                    "the text was pasted without them. Add photos as the lead photo."
                )
            ),
        },
    }


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def release_url(user, story):
    """The press list's release screen for ``story``, for those who may release it (who may
    publish); none for a withdrawn story, which cannot be released."""
    if story.status == Story.Status.WITHDRAWN or not permissions.can_publish(user):
        return None
    return reverse("admin:outreach_release_new", args=[story.pk])
