"""Readers' emails, sent through the email layer (``outbox``) and rendered when sent, in each
reader's language, from the stories as they then stand: a story that is no longer public by
then is not sent, and drops out of a digest."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from articles import emailing
from articles.emailing import story_email_context
from outbox import registry
from outbox.services import Recipient, send_email

from . import links

STORY = "readers.story"
DIGEST = "readers.digest"
CORRECTION = "readers.correction"
CONFIRMATION = "readers.confirm"


def register():
    registry.register(STORY, context=story_context, still_wanted=story_still_wanted)
    registry.register(
        DIGEST, context=digest_context, still_wanted=digest_still_wanted, personal=digest_entries
    )
    registry.register(CORRECTION, context=correction_context, still_wanted=reader_still_wanted)


def reader_recipient(reader, **context):
    return Recipient(
        key=reader.recipient_key,
        email=reader.email,
        language=reader.language,
        unsubscribe_url=links.unsubscribe_url(reader),
        context={"manage_url": links.manage_url(reader), **context},
    )


def _public_stories(ids):
    from articles.models import Story

    return Story.objects.published().filter(pk__in=ids).select_related("section")


def story_entry(story, language):
    """One story as a reader's email shows it, in the reader's ``language`` (active)."""
    from articles.presskit import body_as_text

    return {
        **story_email_context(story),
        "section": story.section.translated_name,
        "other_language": story.language_label if story.language != language else "",
        "body_html": story.body_html,
        "body_text": body_as_text(story.body_html),
    }


def story_context(message_context, language):
    story = _public_stories([message_context["story"]]).first()
    return {"story": story_entry(story, language)} if story else {}


def digest_context(message_context, language):
    stories = _public_stories(message_context["stories"])
    return {
        "entries": {story.pk: story_entry(story, language) for story in stories},
        "day": message_context["day"],
    }


def digest_entries(context):
    """A reader's own stories, in the order they were chosen, of those still public."""
    entries = context.get("entries", {})
    return {"stories": [entries[pk] for pk in context.get("story_ids", []) if pk in entries]}


def correction_context(message_context, language):
    story = _public_stories([message_context["story"]]).first()
    return story_email_context(story) if story else {}


def _reader_id(delivery):
    kind, _sep, pk = delivery.recipient_key.partition(":")
    return pk if kind == "readers.reader" and pk.isdigit() else None


def reader_still_wanted(delivery):
    """A reader who unsubscribed since gets nothing more."""
    from .models import Reader

    pk = _reader_id(delivery)
    return pk is not None and Reader.objects.reachable().filter(pk=pk).exists()


def story_still_wanted(delivery):
    """Nothing about a story that is not public (any more) when the email would go."""
    story_id = delivery.message.context.get("story")
    return reader_still_wanted(delivery) and _public_stories([story_id]).exists()


def digest_still_wanted(delivery):
    return (
        reader_still_wanted(delivery)
        and _public_stories(delivery.context.get("story_ids", [])).exists()
    )


def send_story(message, readers):
    """Add ``readers`` to the story's email (``message``, made once per story)."""
    from outbox.services import add_recipients

    return add_recipients(message, [reader_recipient(reader) for reader in readers])


def story_message(story):
    return _message_once(
        STORY, "readers/email/story", f"articles.story:{story.pk}", {"story": story.pk}
    )


def digest_message(day):
    return _message_once(
        DIGEST,
        "readers/email/digest",
        f"readers.digest:{day.isoformat()}",
        {"day": day.isoformat(), "stories": []},
    )


def _message_once(kind, template, topic, context):
    """The one message of ``kind`` about ``topic``, made the first time: readers are added to
    it as they come, and the outbox sends it to each of them once."""
    from outbox.models import Message

    message = Message.objects.filter(kind=kind, topic=topic).first()
    if message is None:
        message = send_email(
            kind=kind, template=template, recipients=[], context=context, topic=topic
        )
    return message


def send_correction(correction, readers):
    return emailing.send_correction(
        correction, kind=CORRECTION, recipients=[reader_recipient(reader) for reader in readers]
    )


def send_confirmation(subscription):
    reader = subscription.reader
    with translation.override(reader.language):
        subject = _("Confirm your subscription to %(site)s") % {"site": settings.NEWSROOM_SITE_NAME}
        lines = [
            _("You asked to receive by email: %(topic)s.") % {"topic": subscription.topic_label},
            _(
                "Confirm your address to start. If you did not ask, ignore this email and "
                "nothing more will be sent."
            ),
        ]
        link_text = _("Confirm my subscription")
    return send_email(
        kind=CONFIRMATION,
        template="outbox/email/notice",
        recipients=[
            Recipient(key=reader.recipient_key, email=reader.email, language=reader.language)
        ],
        context={
            "subject": subject,
            "lines": [str(line) for line in lines],
            "link_url": links.confirm_url(subscription),
            "link_text": str(link_text),
        },
        topic=f"readers.subscription:{subscription.pk}",
    )
