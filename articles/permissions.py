"""Who may do what to which story: the one place the roles are spelled out.

The roles are groups made by the roles migration: a Writer drafts, and edits only their own
stories while they are drafts; an Editor edits every story, publishes, schedules, unpublishes,
withdraws and adds corrections; an Administrator may do everything, including managing accounts.
Groups only hand out permissions; these functions read the permissions, never the group names,
so an account given the same permissions directly behaves the same.

The admin asks these functions to decide what to show, and ``articles.services`` asks them again
before changing anything, so a hand-made request cannot do what the page would not offer.
"""

from .choices import StoryStatus


def can_review(user):
    """Edit any story, whoever wrote it, and send a story in review back to draft."""
    return user.has_perm("articles.review_story")


def can_publish(user):
    """Publish, schedule and unpublish stories."""
    return user.has_perm("articles.publish_story")


def can_withdraw(user):
    """Withdraw a published story, and restore a withdrawn one to draft."""
    return user.has_perm("articles.withdraw_story")


def can_correct(user):
    """Add a dated correction or update note to a story."""
    return user.has_perm("articles.add_correction")


def is_author(user, story):
    return story.created_by_id is not None and story.created_by_id == user.pk


def can_view(user, story):
    if not (user.has_perm("articles.view_story") or user.has_perm("articles.change_story")):
        return False
    return can_review(user) or is_author(user, story)


def can_edit(user, story):
    """Change the story's text, photo, people and tags.

    A writer edits their own story only while it is a draft: once submitted it waits for an
    editor (the writer can take it back to draft), and once public only editors touch it.
    """
    if not user.has_perm("articles.change_story"):
        return False
    if can_review(user):
        return True
    return is_author(user, story) and story.status == StoryStatus.DRAFT


def can_delete(user, story):
    """Delete a story outright: only one that readers never saw.

    A story that has been public is withdrawn instead, so that its address answers 410 Gone and
    the audit log keeps it; only a superuser may still delete it (e.g. on a court order).
    """
    if not user.has_perm("articles.delete_story"):
        return False
    if story.first_published_at is not None and not user.is_superuser:
        return False
    return can_review(user) or (is_author(user, story) and story.status == StoryStatus.DRAFT)


def can_submit(user, story):
    return story.status == StoryStatus.DRAFT and can_edit(user, story)


def can_return_to_draft(user, story):
    """Take a story out of review: its writer, to work on it again, or an editor."""
    if story.status != StoryStatus.IN_REVIEW or not user.has_perm("articles.change_story"):
        return False
    return can_review(user) or is_author(user, story)


def can_publish_story(user, story):
    return story.status != StoryStatus.WITHDRAWN and can_publish(user) and can_edit(user, story)


def can_unpublish(user, story):
    return story.status == StoryStatus.PUBLISHED and can_publish(user)


def can_withdraw_story(user, story):
    return story.status == StoryStatus.PUBLISHED and can_withdraw(user)


def can_restore(user, story):
    return story.status == StoryStatus.WITHDRAWN and can_withdraw(user)


def can_add_correction(user, story):
    """Corrections are for stories readers have seen."""
    return story.first_published_at is not None and can_correct(user)
