from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import permissions, services
from ..forms import TransitionForm, WithdrawalForm
from ..models import Story, StoryTransition
from .refusals import MovedMeanwhile, moved_since_opened

# The story form's submit buttons, by name, and what each asks the save to do to the status.
REQUESTED_ACTIONS = {
    "_publish": "publish",
    "_submit_for_review": "submit",
    "_save_draft": "save_draft",
}


class StoryWorkflowAdminMixin:
    """The story admin's workflow: the buttons a save may press, the moves made from a page of
    their own, and the bulk actions of the story list."""

    def _refuse_unpermitted_action(self, request, object_id):
        """The button pressed, if this person may not press it on the story as it stands now.

        A button the page never offered them, e.g. "_publish" posted by a writer, is a 403. A
        button that was offered when they opened the form, before someone else moved the story
        (withdrew it, published it), is not their doing: the answer is a ``MovedMeanwhile`` that
        keeps what they typed and says why it was not saved.
        """
        action = requested_action(request)
        if action is None:
            return None
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
        if allowed(request.user, story):
            return None
        if story.pk is None or not moved_since_opened(request, story):
            raise PermissionDenied
        if not self.has_view_permission(request, story):
            raise PermissionDenied
        return MovedMeanwhile(story, action)

    def _report_workflow(self, request, story):
        """Say what the button pressed did to the story; ``True`` if there was something to say."""
        if IS_POPUP_VAR in request.POST:
            # The popup closes at once; the message would surface later on an unrelated page.
            return False
        action = requested_action(request)
        if action == "publish" and story.is_scheduled():
            # No closing full stop: English times end in "a.m." or "p.m." already.
            message = _("“%(headline)s” is scheduled: it goes public on %(time)s") % {
                "headline": story.headline,
                "time": format_time(story.published_at),
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
            return False
        self.message_user(request, message, messages.SUCCESS)
        return True

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
        summary = _("Scheduled for %(time)s") % {"time": format_time(transition.publication_time)}
    if transition.note:
        summary = f"{summary} — {transition.note}"
    return summary


def format_time(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
