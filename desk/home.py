"""The desk: what one staff member finds on signing in.

Their drafts; what waits in review, with who submitted it and when; what is scheduled, with the
time it goes out; what went out lately; what was withdrawn or corrected lately; and their unread
notifications. Every list is bounded, and the page runs a fixed number of queries however many
stories there are (a test pins it). Which stories a person sees is the story admin's own rule,
``Story.objects.visible_to()``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import permissions
from articles.admin.workflow import workflow_links
from articles.models import Correction, Story, StoryTransition

# How many entries each list of the desk shows; the story list has the rest.
LIST_LENGTH = 10
# How far back "lately" reaches for stories that went out, were withdrawn or corrected.
LATELY = timedelta(days=14)


@dataclass
class Move:
    label: str
    url: str
    # A move made at once (a form posting to ``url``) rather than a page to open.
    post: bool = False


@dataclass
class Entry:
    story: Story
    moves: list = field(default_factory=list)
    # When and by whom the story reached this list, where the list says so.
    at: object = None
    by: object = None
    note: str = ""


@dataclass
class Desk:
    drafts: list
    in_review: list
    in_review_count: int
    scheduled: list
    published: list
    withdrawn_or_corrected: list
    notifications: list
    stories_url: str


def desk_for(user, now=None):
    now = now or timezone.now()
    since = now - LATELY
    stories = Story.objects.visible_to(user).select_related("section", "created_by")
    in_review = stories.filter(status=Story.Status.IN_REVIEW)
    submissions = Prefetch(
        "transitions",
        queryset=StoryTransition.objects.filter(action=StoryTransition.Action.SUBMITTED)
        .select_related("user")
        .order_by("-at", "-pk"),
        to_attr="submissions",
    )
    return Desk(
        drafts=[
            entry(user, story, at=story.updated_at)
            for story in stories.filter(status=Story.Status.DRAFT, created_by=user).order_by(
                "-updated_at", "-pk"
            )[:LIST_LENGTH]
        ],
        in_review=[
            submitted_entry(user, story)
            for story in in_review.prefetch_related(submissions).order_by("updated_at", "pk")[
                :LIST_LENGTH
            ]
        ],
        in_review_count=in_review.count(),
        scheduled=[
            entry(user, story, at=story.published_at)
            for story in stories.scheduled().order_by("published_at", "pk")[:LIST_LENGTH]
        ],
        published=[
            entry(user, story, at=story.published_at)
            for story in stories.published()
            .filter(published_at__gte=since)
            .order_by("-published_at", "-pk")[:LIST_LENGTH]
        ],
        withdrawn_or_corrected=withdrawn_or_corrected(user, since),
        notifications=list(user.desk_notifications.unread().for_desk()[:LIST_LENGTH]),
        stories_url=reverse("admin:articles_story_changelist"),
    )


def submitted_entry(user, story):
    submission = story.submissions[0] if story.submissions else None
    return entry(
        user,
        story,
        at=submission.at if submission else story.updated_at,
        by=submission.user if submission else None,
        note=submission.note if submission else "",
    )


def withdrawn_or_corrected(user, since):
    """Withdrawals and corrections since ``since``, newest first, as one list."""
    visible = Story.objects.visible_to(user)
    withdrawals = (
        StoryTransition.objects.filter(
            action=StoryTransition.Action.WITHDRAWN,
            at__gte=since,
            story__in=visible.filter(status=Story.Status.WITHDRAWN),
        )
        .select_related("story__section", "story__created_by", "user")
        .order_by("-at", "-pk")[:LIST_LENGTH]
    )
    corrections = (
        Correction.objects.filter(created_at__gte=since, story__in=visible)
        .select_related("story__section", "story__created_by", "created_by")
        .order_by("-created_at", "-pk")[:LIST_LENGTH]
    )
    entries = [
        entry(user, move.story, at=move.at, by=move.user, note=move.note) for move in withdrawals
    ] + [
        entry(
            user,
            correction.story,
            at=correction.created_at,
            by=correction.created_by,
            note=f"{correction.get_kind_display()}: {correction.text}",
        )
        for correction in corrections
    ]
    return sorted(entries, key=lambda item: item.at, reverse=True)[:LIST_LENGTH]


def entry(user, story, **details):
    return Entry(story=story, moves=moves_for(user, story), **details)


def moves_for(user, story, now=None):
    """What ``user`` may do with ``story`` from the desk, in the order a person would."""
    moves = []
    if permissions.can_edit(user, story):
        moves.append(Move(_("Edit"), reverse("admin:articles_story_change", args=[story.pk])))
    elif permissions.can_view(user, story):
        moves.append(Move(_("Open"), reverse("admin:articles_story_change", args=[story.pk])))
    if story.is_published(now=now):
        moves.append(Move(_("View on site"), story.get_absolute_url()))
    else:
        moves.append(Move(_("Preview"), reverse("admin:articles_story_preview", args=[story.pk])))
    if permissions.can_submit(user, story):
        moves.append(Move(_("Submit for review"), move_url(story, "submit"), post=True))
    if story.status in (Story.Status.DRAFT, Story.Status.IN_REVIEW) and (
        permissions.can_publish_story(user, story)
    ):
        label = _("Schedule") if _future(story, now) else _("Publish")
        moves.append(Move(label, move_url(story, "publish"), post=True))
    moves.extend(Move(link["label"], link["url"]) for link in workflow_links(user, story))
    return moves


def _future(story, now):
    return story.published_at is not None and story.published_at > (now or timezone.now())


def move_url(story, move):
    return reverse("admin:desk-move", args=[story.pk, move])
