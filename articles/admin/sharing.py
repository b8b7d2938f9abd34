from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import preview
from .workflow import format_time


class StorySharingAdminMixin:
    """Share links on the story form: the live ones, each with a copy button and a revoke
    button, and a button to make a new one. The buttons post forms of their own, outside the
    story form (see the change form template), so pressing one never saves the story."""

    def sharing_urls(self, view):
        return [
            path(
                "<path:object_id>/share/",
                view(self.create_share_link_view),
                name="articles_story_share",
            ),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                view(self.revoke_share_link_view),
                name="articles_story_share_revoke",
            ),
        ]

    def live_share_links(self, story):
        """The links that open ``story`` now; read once per page, however often asked."""
        if not hasattr(story, "_live_share_links"):
            story._live_share_links = list(
                story.share_links.live().select_related("created_by").order_by("created_at")
            )
        return story._live_share_links

    def create_share_link_view(self, request, object_id):
        story, refusal = self._story_to_share(request, object_id)
        if refusal is not None:
            return refusal
        preview.create_share_link(story=story, user=request.user)
        self.message_user(
            request,
            _("A new share link is ready: copy it from the share links below."),
            messages.SUCCESS,
        )
        return self._back_to_share_links(story)

    def revoke_share_link_view(self, request, object_id, link_id):
        story, refusal = self._story_to_share(request, object_id)
        if refusal is not None:
            return refusal
        link = story.share_links.filter(pk=link_id).first()
        if link is not None:
            preview.revoke_share_link(link=link, user=request.user)
            self.message_user(
                request,
                _("The share link is revoked: whoever opens it now is told so."),
                messages.SUCCESS,
            )
        return self._back_to_share_links(story)

    def _story_to_share(self, request, object_id):
        """The story whose links a posted request changes, or the answer refusing it: whoever
        may read a story may share it and close its links."""
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        story = self._story_for(request, object_id)
        if story is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return story, None

    def _back_to_share_links(self, story):
        return HttpResponseRedirect(
            reverse("admin:articles_story_change", args=[story.pk]) + "#share-links"
        )

    @admin.display(description=_("preview and share links"))
    def preview_links(self, story):
        hours = preview.max_age() // 3600
        links = self.live_share_links(story)
        rows = format_html_join(
            "",
            '<li><input type="text" id="share-link-{0}" class="share-link vTextField" readonly '
            'value="{1}" aria-label="{2}"> '
            '<button type="button" class="button" data-copy="share-link-{0}" '
            'data-copied="{3}">{4}</button> '
            '<button type="submit" class="button" form="share-revoke-{0}">{5}</button>'
            '<span class="help">{6}</span></li>',
            (
                (
                    link.pk,
                    link.url,
                    _("Share link"),
                    _("Copied"),
                    _("Copy"),
                    _("Revoke"),
                    # No closing full stop: English times end in "p.m." already.
                    _("Made by %(person)s on %(made)s; works until %(until)s")
                    % {
                        "person": (
                            link.created_by.get_full_name() or link.created_by.get_username()
                            if link.created_by
                            else _("someone")
                        ),
                        "made": format_time(link.created_at),
                        "until": format_time(link.expires_at),
                    },
                )
                for link in links
            ),
        )
        return format_html(
            '<div id="share-links" class="share-links">'
            '<p><a href="{}">{}</a></p>'
            "<p>{}</p><ul>{}</ul>"
            '<p><button type="submit" class="button" form="share-create">{}</button></p>'
            '<p class="help">{}</p></div>',
            reverse("admin:articles_story_preview", args=[story.pk]),
            _("Preview this story as readers will see it"),
            ngettext(
                "%(count)d share link works now:",
                "%(count)d share links work now:",
                len(links),
            )
            % {"count": len(links)}
            if links
            else _("No share link works now."),
            rows,
            _("Make a share link"),
            ngettext(
                "Anyone with a share link can read this story as it stands, without signing in, "
                "for %(hours)d hour or until the link is revoked. It keeps working when the story "
                "is saved, submitted for review or moved back to draft.",
                "Anyone with a share link can read this story as it stands, without signing in, "
                "for %(hours)d hours or until the link is revoked. It keeps working when the "
                "story is saved, submitted for review or moved back to draft.",
                hours,
            )
            % {"hours": hours},
        )
