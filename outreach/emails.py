"""The press list's emails, sent through the email layer (``outbox``), each rendered when it is
sent, in the recipient's language, from the story as it then stands."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles import emailing
from articles.emailing import story_email_context
from newsroom.time_zones import city_name
from outbox import registry
from outbox.services import Recipient, send_email

from . import links

RELEASE = "outreach.release"
WITHDRAWAL = "outreach.withdrawal"
CORRECTION = "outreach.correction"
CONFIRMATION = "outreach.confirm"


def register():
    for kind in (RELEASE, WITHDRAWAL, CORRECTION):
        registry.register(kind, context=story_context, still_wanted=still_wanted)


def embargo_line(moment):
    """ "EMBARGOED until 12 January 2021, 10:00 (Mexico City)", in the active language and time
    zone (the site's, ``TIME_ZONE``): "EMBARGO hasta el … (Ciudad de México)" in Spanish."""
    local = timezone.localtime(moment)
    return _("EMBARGOED until %(date)s, %(time)s (%(zone)s)") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": date_format(local, "H:i"),
        "zone": city_name(timezone.get_current_timezone_name()),
    }


def story_context(message_context, language):
    from articles.models import Story

    story = Story.objects.select_related("section").filter(pk=message_context["story"]).first()
    if story is None:
        return {}
    context = story_email_context(story)
    if message_context.get("embargo_until"):
        from django.utils.dateparse import parse_datetime

        context["embargo_line"] = embargo_line(parse_datetime(message_context["embargo_until"]))
    return context


def still_wanted(delivery):
    """A journalist who unsubscribed, or whose link was revoked, gets nothing more."""
    from .models import Journalist, PressAccess

    kind, _sep, pk = delivery.recipient_key.partition(":")
    if kind != "outreach.journalist":
        return True
    if not Journalist.objects.filter(pk=pk, unsubscribed_at__isnull=True).exists():
        return False
    access_id = delivery.context.get("access")
    return access_id is None or PressAccess.objects.live().filter(pk=access_id).exists()


def journalist_recipient(journalist, **context):
    return Recipient(
        key=journalist.recipient_key,
        email=journalist.email,
        name=journalist.name,
        language=journalist.language,
        unsubscribe_url=links.unsubscribe_url(journalist),
        context=context,
    )


def send_release(release):
    story = release.story
    accesses = release.accesses.select_related("journalist")
    recipients = [
        journalist_recipient(access.journalist, access=access.pk, link=links.access_url(access))
        for access in accesses
    ]
    context = {"story": story.pk}
    if release.embargoed:
        context["embargo_until"] = release.embargo_until.isoformat()
    return send_email(
        kind=RELEASE,
        template="outreach/email/release",
        recipients=recipients,
        context=context,
        topic=f"articles.story:{story.pk}",
        created_by=release.created_by,
    )


def send_withdrawal(story, accesses):
    recipients = [
        journalist_recipient(access.journalist, link=links.access_url(access))
        for access in accesses
    ]
    return send_email(
        kind=WITHDRAWAL,
        template="outreach/email/withdrawal",
        recipients=recipients,
        context={"story": story.pk},
        topic=f"articles.story:{story.pk}",
    )


def send_correction(correction, journalists):
    recipients = [journalist_recipient(journalist) for journalist in journalists]
    return emailing.send_correction(correction, kind=CORRECTION, recipients=recipients)


def send_confirmation(journalist):
    with translation.override(journalist.language):
        subject = _("Confirm your address for the %(site)s press list") % {
            "site": settings.NEWSROOM_SITE_NAME
        }
        lines = [
            _("You asked to receive press releases from %(site)s.")
            % {"site": settings.NEWSROOM_SITE_NAME},
            _(
                "Confirm your address to join the press list; an editor then reviews your "
                "request. If you did not ask, ignore this email and nothing more will be sent."
            ),
        ]
        link_text = _("Confirm my address")
    return send_email(
        kind=CONFIRMATION,
        template="outbox/email/notice",
        recipients=[
            Recipient(
                key=journalist.recipient_key,
                email=journalist.email,
                name=journalist.name,
                language=journalist.language,
            )
        ],
        context={
            "subject": subject,
            "lines": [str(line) for line in lines],
            "link_url": links.confirm_url(journalist),
            "link_text": str(link_text),
        },
    )
