import json

import reversion
from csp.constants import NONCE
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media

from photos.admin import PREVIEW_BOX, photo_thumbnail

from . import permissions, preview, revisions, services
from .forms import CorrectionInlineForm, StoryAdminForm, TransitionForm, WithdrawalForm
from .models import Correction, FurtherLink, Quote, Section, StaleStoryError, Story, StoryTransition
from .querysets import published_q

# The story form's submit buttons, by name, and what each asks the save to do to the status.
REQUESTED_ACTIONS = {
    "_publish": "publish",
    "_submit_for_review": "submit",
    "_save_draft": "save_draft",
}
# How many revisions a story's history page lists.
HISTORY_LENGTH = 100


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
    fields = ["created_at", "kind", "text", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # A correction readers have seen stays on the record; only administrators remove one.
        return request.user.has_perm("articles.delete_correction")


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
        "created_by",
        "updated_at",
        "updated_by",
    ]
    list_display_links = ["thumbnail", "headline"]
    list_select_related = ["section", "lead_photo", "created_by", "updated_by"]
    list_filter = [PublicationFilter, "section", "featured", "language", "tags"]
    search_fields = ["headline", "standfirst", "slug"]
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
        css = {"all": ["admin-extra/admin.css", "admin-extra/workflow.css"]}

    # Who sees and changes what

    def get_queryset(self, request):
        stories = super().get_queryset(request)
        if permissions.can_review(request.user):
            return stories
        # Writers work on their own stories; the others' drafts are not theirs to read.
        return stories.filter(created_by=request.user)

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
        requested = requested_action(request)
        return type(form_class.__name__, (form_class,), {"requested_action": requested})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        self._refuse_unpermitted_action(request, object_id)
        try:
            return self._changeform_in_revision(request, object_id, form_url, extra_context)
        except StaleStoryError:
            # The form compares versions before saving; the save compares them again in its
            # UPDATE. Someone saved in between the two: asked again, the form finds the newer
            # version and answers as usual, nothing saved and everything typed kept.
            return self._changeform_in_revision(request, object_id, form_url, extra_context)

    def _changeform_in_revision(self, request, object_id, form_url, extra_context):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _refuse_unpermitted_action(self, request, object_id):
        """403 for a button this person was not offered, e.g. "_publish" posted by a writer."""
        action = requested_action(request)
        if action is None:
            return
        story = self.get_object(request, unquote(object_id)) if object_id else None
        if story is None:
            # A new story is its author's draft.
            story = Story(created_by=request.user, status=Story.Status.DRAFT)
        allowed = {
            "publish": permissions.can_publish_story,
            "submit": permissions.can_submit,
            "save_draft": lambda user, story: (
                story.status != Story.Status.PUBLISHED or permissions.can_unpublish(user, story)
            ),
        }[action]
        if not allowed(request.user, story):
            raise PermissionDenied

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
        context["conflict"] = context["adminform"].form.conflict
        if obj is not None:
            context["preview_url"] = reverse("admin:articles_story_preview", args=[obj.pk])
            context["workflow_links"] = workflow_links(request.user, obj)
        # The body editor's modules are found through an import map, an inline script that
        # the Content-Security-Policy lets through by this response's nonce, on admin story
        # pages only; the public site keeps script-src and style-src 'self' alone.
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        response = super().render_change_form(request, context, add, change, form_url, obj)
        response._csp_update = {"script-src": [NONCE], "style-src": [NONCE]}
        return response

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._report_workflow(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._report_workflow(request, obj)
        return response

    def _report_workflow(self, request, story):
        if IS_POPUP_VAR in request.POST:
            # The popup closes at once; the message would surface later on an unrelated page.
            return
        action = requested_action(request)
        if action == "publish" and story.is_scheduled():
            message = _("“%(headline)s” is scheduled: it goes public on %(time)s.") % {
                "headline": story.headline,
                "time": _format_time(story.published_at),
            }
        elif action == "publish":
            message = _("“%(headline)s” is public.") % {"headline": story.headline}
        elif action == "submit":
            message = _("“%(headline)s” is in review: an editor will publish it or return it.") % {
                "headline": story.headline
            }
        elif action == "save_draft":
            message = _("“%(headline)s” is a draft: readers cannot see it.") % {
                "headline": story.headline
            }
        else:
            return
        self.message_user(request, message, messages.SUCCESS)

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

    def history_view(self, request, object_id, extra_context=None):
        """The story's moves through the workflow, and its revisions to compare or restore."""
        story = self._story_for(request, object_id)
        if story is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        versions = list(revisions.versions_of(story)[: HISTORY_LENGTH + 1])
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(story)s") % {"story": story},
            "subtitle": None,
            "opts": self.opts,
            "object": story,
            "transitions": story.transitions.select_related("user"),
            "versions": versions[:HISTORY_LENGTH],
            "more_versions": len(versions) > HISTORY_LENGTH,
            "can_restore": permissions.can_edit(request.user, story),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions of the story, field by field."""
        story = self._story_for(request, object_id)
        if story is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        versions = revisions.versions_of(story)
        try:
            old = versions.get(pk=int(request.GET.get("from", "")))
            new = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, versions.model.DoesNotExist):
            self.message_user(
                request, _("Choose two revisions of this story to compare."), messages.WARNING
            )
            return HttpResponseRedirect(reverse("admin:articles_story_history", args=[story.pk]))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        changes = revisions.compare(
            revisions.state_of_version(old), revisions.state_of_version(new)
        )
        return self._changes_page(
            request,
            "admin/articles/story/compare.html",
            story,
            changes,
            title=_("Compare revisions: %(story)s") % {"story": story},
            old_heading=_("Older"),
            new_heading=_("Newer"),
            old_version=old,
            new_version=new,
        )

    def restore_revision_view(self, request, object_id, version_id):
        """Confirm, then restore an earlier revision of the story (status unchanged)."""
        story = self._story_for(request, object_id, edit=True)
        if story is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        version = revisions.versions_of(story).filter(pk=version_id).first()
        history_url = reverse("admin:articles_story_history", args=[story.pk])
        if version is None:
            self.message_user(request, _("That revision does not exist."), messages.WARNING)
            return HttpResponseRedirect(history_url)
        if request.method == "POST":
            try:
                expected = int(request.POST.get("version", ""))
                services.restore_revision(
                    story=story, version=version, user=request.user, expected_version=expected
                )
            except ValueError:
                return HttpResponseRedirect(request.path)
            except StaleStoryError:
                self.message_user(
                    request,
                    _("Someone saved the story while you were looking; check again."),
                    messages.WARNING,
                )
                return HttpResponseRedirect(request.path)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("The revision could not be restored: %(reason)s")
                    % {"reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                return HttpResponseRedirect(history_url)
            self.message_user(
                request,
                _("The revision of %(time)s is restored.")
                % {"time": _format_time(version.revision.date_created)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))
        changes = revisions.compare(
            revisions.state_of_story(story), revisions.state_of_version(version)
        )
        return self._changes_page(
            request,
            "admin/articles/story/restore_revision.html",
            story,
            changes,
            title=_("Restore an earlier revision: %(story)s") % {"story": story},
            old_heading=_("Now"),
            new_heading=_("After restoring"),
            version=version,
        )

    def _changes_page(self, request, template, story, changes, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "object": story,
                "subtitle": None,
                "changed": [change for change in changes if change.changed],
                "unchanged": [change for change in changes if not change.changed],
                **context,
            },
        )

    def workflow_view(self, request, object_id, step):
        """A move that needs a word of confirmation (and, for a withdrawal, a reason)."""
        workflow_step = WORKFLOW_STEPS.get(step)
        story = self.get_object(request, unquote(object_id))
        if workflow_step is None or story is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:articles_story_change", args=[story.pk])
        if not workflow_step.allowed(request.user, story):
            if not self.has_view_permission(request, story) or not workflow_step.permitted(
                request.user
            ):
                raise PermissionDenied
            self.message_user(
                request,
                _("“%(headline)s” is %(status)s: it cannot be moved that way now.")
                % {"headline": story.headline, "status": story.get_status_display().lower()},
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        form = workflow_step.form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                workflow_step.run(story=story, user=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, workflow_step.done % {"headline": story.headline})
                if self.has_view_permission(request, story):
                    return HttpResponseRedirect(change_url)
                return HttpResponseRedirect(reverse("admin:articles_story_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{workflow_step.title}: {story}",
            "subtitle": None,
            "opts": self.opts,
            "object": story,
            "step": workflow_step,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/story/workflow_confirm.html", context)

    # Actions

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        moved = self._run_on_each(
            request, queryset.filter(status=Story.Status.DRAFT), services.submit_for_review
        )
        self._report_count(
            request,
            moved,
            ngettext(
                "%(count)d story submitted for review.",
                "%(count)d stories submitted for review.",
                len(moved),
            ),
            _("No story changed: none of the selected stories was a draft you may submit."),
        )

    @admin.action(description=_("Publish selected stories"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        candidates = queryset.filter(status__in=[Story.Status.DRAFT, Story.Status.IN_REVIEW])
        published = self._run_on_each(request, candidates, services.publish_story)
        scheduled = [story for story in published if story.is_scheduled()]
        public = len(published) - len(scheduled)
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
                    len(scheduled),
                )
                % {"count": len(scheduled)},
                messages.SUCCESS,
            )
        if not published and not candidates.exists():
            self.message_user(
                request,
                _("No story changed: the selected stories were already published."),
                messages.WARNING,
            )

    @admin.action(description=_("Move selected stories back to draft"), permissions=["publish"])
    def move_selected_to_draft(self, request, queryset):
        moved = self._run_on_each(
            request, queryset.filter(status=Story.Status.PUBLISHED), services.unpublish_story
        )
        self._report_count(
            request,
            moved,
            ngettext(
                "%(count)d story moved back to draft.",
                "%(count)d stories moved back to draft.",
                len(moved),
            ),
            _("No story changed: none of the selected stories was published or scheduled."),
        )

    def _run_on_each(self, request, stories, service):
        """Apply ``service`` to each story; report, by headline, each one it refuses."""
        done = []
        for story in stories.select_related("lead_photo"):
            try:
                service(story=story, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(getattr(error, "messages", [])) or _("You may not do that.")
                self.message_user(
                    request,
                    _("“%(headline)s” did not change: %(reason)s")
                    % {"headline": story.headline, "reason": reason},
                    messages.ERROR,
                )
            else:
                done.append(story)
        return done

    def _report_count(self, request, done, done_message, nothing_message):
        if done:
            self.message_user(request, done_message % {"count": len(done)}, messages.SUCCESS)
        else:
            self.message_user(request, nothing_message, messages.WARNING)

    # Columns and read-only fields

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

    @admin.display(description=_("body"))
    def body_as_published(self, story):
        # body_html is the sanitised body: the one field that is ever marked safe.
        return mark_safe(story.body_html)  # noqa: S308

    @admin.display(description=_("preview"))
    def preview_links(self, story):
        hours = preview.max_age() // 3600
        return format_html(
            '<p><a href="{}">{}</a></p>'
            '<p><label for="share-link">{}</label><br>'
            '<input type="text" id="share-link" class="share-link" readonly value="{}"></p>'
            '<p class="help">{}</p>',
            reverse("admin:articles_story_preview", args=[story.pk]),
            _("Preview this story as readers will see it"),
            _("Share link (select it and copy):"),
            preview.share_url(story),
            ngettext(
                "Anyone with this link can read this version of the story for %(hours)d hour, "
                "without signing in. It opens nothing else, and stops working once the story is "
                "saved again.",
                "Anyone with this link can read this version of the story for %(hours)d hours, "
                "without signing in. It opens nothing else, and stops working once the story is "
                "saved again.",
                hours,
            )
            % {"hours": hours},
        )

    @admin.display(description=_("workflow"))
    def workflow_history(self, story):
        transitions = story.transitions.select_related("user")[:10]
        history_url = reverse("admin:articles_story_history", args=[story.pk])
        if not transitions:
            return format_html(
                '{} <a href="{}">{}</a>',
                _("Not yet submitted or published."),
                history_url,
                _("Revisions"),
            )
        return format_html(
            '<ul class="admin-usage">{}</ul><p><a href="{}">{}</a></p>',
            format_html_join(
                "",
                "<li>{}: {} ({})</li>",
                (
                    (
                        _format_time(transition.at),
                        transition_summary(transition),
                        transition.user or _("unknown"),
                    )
                    for transition in transitions
                ),
            ),
            history_url,
            _("All workflow events and revisions"),
        )


@admin.register(StoryTransition)
class StoryTransitionAdmin(admin.ModelAdmin):
    """The audit log: every move of every story through the workflow, read-only."""

    list_display = ["at", "story_link", "action", "status_change", "user", "note"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["story", "user"]
    search_fields = ["story_headline", "note"]
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


class WorkflowStep:
    """A move made from its own page: who may make it, and what the page says."""

    def __init__(self, *, title, button, explanation, done, allowed, permitted, run, form):
        self.title = title
        self.button = button
        self.explanation = explanation
        self.done = done
        self.allowed = allowed
        self.permitted = permitted
        self.run = run
        self.form = form


WORKFLOW_STEPS = {
    "return-to-draft": WorkflowStep(
        title=_("Return to draft"),
        button=_("Return to draft"),
        explanation=_(
            "The story leaves the review queue and becomes a draft again, which its writer can "
            "edit. A note tells them what to change."
        ),
        done=_("“%(headline)s” is a draft again."),
        allowed=permissions.can_return_to_draft,
        permitted=lambda user: user.has_perm("articles.change_story"),
        run=services.return_to_draft,
        form=TransitionForm,
    ),
    "unpublish": WorkflowStep(
        title=_("Unpublish"),
        button=_("Unpublish"),
        explanation=_(
            "The story leaves the site, its feeds and its sitemap and becomes a draft; its "
            "address answers “not found” until it is published again. To take down a story "
            "that must not come back, withdraw it instead."
        ),
        done=_("“%(headline)s” is unpublished: it is a draft again."),
        allowed=permissions.can_unpublish,
        permitted=permissions.can_publish,
        run=services.unpublish_story,
        form=TransitionForm,
    ),
    "withdraw": WorkflowStep(
        title=_("Withdraw"),
        button=_("Withdraw the story"),
        explanation=_(
            "The story leaves every page, feed and sitemap at once, and its address answers "
            "410 Gone, so that search engines drop it. It stays here, withdrawn, and can be "
            "restored to draft later. The reason is kept in the audit log."
        ),
        done=_("“%(headline)s” is withdrawn."),
        allowed=permissions.can_withdraw_story,
        permitted=permissions.can_withdraw,
        run=lambda *, story, user, note: services.withdraw_story(
            story=story, user=user, reason=note
        ),
        form=WithdrawalForm,
    ),
    "restore": WorkflowStep(
        title=_("Restore"),
        button=_("Restore as a draft"),
        explanation=_(
            "The withdrawn story becomes a draft again. Readers see it only once it is "
            "published again."
        ),
        done=_("“%(headline)s” is restored as a draft."),
        allowed=permissions.can_restore,
        permitted=permissions.can_withdraw,
        run=services.restore_story,
        form=TransitionForm,
    ),
}


def requested_action(request):
    """What the button pressed asks of the save: "publish", "submit", "save_draft" or None."""
    if request.method != "POST":
        return None
    for name, action in REQUESTED_ACTIONS.items():
        if name in request.POST:
            return action
    return None


def workflow_buttons(user, story, now=None):
    """Which submit buttons the story form offers ``user``, given where the story stands.

    A draft can be saved or submitted for review; an editor can also publish it, and publishing
    with a future publication time schedules it. A story readers can see is only updated.
    """
    now = now or timezone.now()
    status = Story.Status.DRAFT if story is None else story.status
    may_publish = permissions.can_publish(user)
    buttons = {
        "show_save_draft": status == Story.Status.DRAFT,
        "show_plain_save": status in (Story.Status.IN_REVIEW, Story.Status.WITHDRAWN),
        "show_submit": status == Story.Status.DRAFT,
        "publish_label": None,
    }
    if not may_publish or status == Story.Status.WITHDRAWN:
        return buttons
    if story is not None and story.is_published(now=now):
        buttons["publish_label"] = _("Update")
    elif story is not None and story.published_at and story.published_at > now:
        buttons["publish_label"] = _("Schedule")
        # Saving a scheduled story as a draft takes it off the schedule.
        buttons["show_save_draft"] = True
    else:
        buttons["publish_label"] = _("Publish")
    return buttons


def workflow_links(user, story):
    """The moves made from a page of their own that ``user`` may make on ``story`` now."""
    return [
        {
            "url": reverse("admin:articles_story_workflow", args=[story.pk, slug]),
            "label": f"{step.title}…",
        }
        for slug, step in WORKFLOW_STEPS.items()
        if step.allowed(user, story)
    ]


def transition_summary(transition):
    summary = transition.get_action_display()
    if transition.action == StoryTransition.Action.SCHEDULED and transition.publication_time:
        summary = _("Scheduled for %(time)s") % {"time": _format_time(transition.publication_time)}
    if transition.note:
        summary = f"{summary} — {transition.note}"
    return summary


def _format_time(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
