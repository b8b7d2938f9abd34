"""What every email about a story shows of it: headline, summary, public address and the media
contacts ("For more information, contact …"), read from the story as it stands when the email is
rendered. Releases, follow-ups and readers' emails all start from ``story_email_context()``;
a correction goes to readers and to the press list alike through ``send_correction()``."""

from newsroom.canonical import absolute_url
from outbox.services import send_email


def story_email_context(story):
    return {
        "headline": story.headline,
        "summary": story.standfirst,
        "public_url": absolute_url(story.get_absolute_url()),
        "dateline": story.dateline_place,
        "contacts": list(story.media_contacts.select_related("organisation")),
    }


def send_correction(correction, *, kind, recipients):
    """The email that tells ``recipients`` of ``correction`` to a story. ``kind`` is the
    readers' or the press list's: each registers how its kind is rendered and who still wants
    it when it goes out."""
    return send_email(
        kind=kind,
        template="outreach/email/correction",
        recipients=recipients,
        context={
            "story": correction.story_id,
            "correction": correction.text,
            "correction_kind": correction.kind,
        },
        topic=f"articles.story:{correction.story_id}",
    )
