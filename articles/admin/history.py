from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import permissions, revisions, services
from ..models import StaleStoryError
from .workflow import format_time, transition_summary

# How many revisions a story's history page lists.
HISTORY_LENGTH = 100


class StoryHistoryAdminMixin:
    """The story's history page, and comparing and restoring its revisions."""

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
                % {"time": format_time(version.revision.date_created)},
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
                        format_time(transition.at),
                        transition_summary(transition),
                        (transition.user.get_full_name() or transition.user.get_username())
                        if transition.user
                        else _("unknown"),
                    )
                    for transition in transitions
                ),
            ),
            history_url,
            _("All workflow events and revisions"),
        )
