"""What every email about a story shows of it: headline, summary, public address and the media
contacts ("For more information, contact …"), read from the story as it stands when the email is
rendered. Releases, follow-ups and readers' emails all start from ``story_email_context()``."""

from newsroom.canonical import absolute_url


def story_email_context(story):
    return {
        "headline": story.headline,
        "summary": story.standfirst,
        "public_url": absolute_url(story.get_absolute_url()),
        "dateline": story.dateline_place,
        "contacts": list(story.media_contacts.select_related("organisation")),
    }
