"""The press list's workflows: joining, accrediting, unsubscribing, export and erasure, and
releasing a story to the press under embargo or when it is published.

Every function takes keyword arguments, checks what must hold before writing, and raises
``ValidationError`` or ``PermissionDenied`` with a message for staff or the public.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import permissions as story_permissions
from articles import services as story_services
from outbox.services import cancel_deliveries, erase_recipient, schedule

from . import emails, permissions
from .models import ConsentMethod, Journalist, JournalistEvent, PressAccess, Release

# The press list


@transaction.atomic
def ask_to_join(*, name, outlet, email, language):
    """A journalist asks to join through the public form: they get an email to confirm the
    address (double opt-in). An address already on the list gets nothing new and learns
    nothing; one that unsubscribed may ask again."""
    journalist = Journalist.objects.filter(email__iexact=email).first()
    if journalist is None:
        journalist = Journalist.objects.create(
            name=name, outlet=outlet, email=email, language=language
        )
    elif journalist.email_confirmed_at and not journalist.unsubscribed_at:
        return journalist
    JournalistEvent.objects.create(
        journalist=journalist, action=JournalistEvent.Action.ASKED_TO_JOIN
    )
    emails.send_confirmation(journalist)
    return journalist


@transaction.atomic
def confirm_address(*, journalist, email):
    """The journalist followed the confirmation link: their consent is recorded."""
    if journalist.email.lower() != (email or "").lower():
        raise ValidationError(_("This link was made for another address."), code="wrong_email")
    now = timezone.now()
    journalist.email_confirmed_at = now
    journalist.consent_method = ConsentMethod.JOIN_FORM
    journalist.consent_recorded_at = now
    journalist.unsubscribed_at = None
    journalist.save()
    JournalistEvent.objects.create(journalist=journalist, action=JournalistEvent.Action.CONFIRMED)
    return journalist


@transaction.atomic
def add_journalist(*, user, consent_method, consent_note="", **fields):
    """Staff add a journalist, saying how their consent was obtained."""
    if consent_method not in ConsentMethod.values or consent_method == ConsentMethod.JOIN_FORM:
        raise ValidationError(
            {"consent_method": _("Say how this journalist agreed to receive releases.")},
            code="consent_required",
        )
    journalist = Journalist(
        consent_method=consent_method,
        consent_note=consent_note,
        consent_recorded_at=timezone.now(),
        added_by=user,
        **fields,
    )
    journalist.full_clean()
    journalist.save()
    JournalistEvent.objects.create(
        journalist=journalist, action=JournalistEvent.Action.ADDED, by=user, note=consent_note
    )
    return journalist


def record_staff_consent(*, journalist, user):
    """Called when staff create or change a journalist in the admin: date and log the consent."""
    if journalist.consent_method and journalist.consent_recorded_at is None:
        journalist.consent_recorded_at = timezone.now()
        JournalistEvent.objects.create(
            journalist=journalist,
            action=JournalistEvent.Action.ADDED,
            by=user,
            note=journalist.consent_note,
        )


@transaction.atomic
def accredit(*, journalist, user, until=None):
    """An Editor accredits a journalist, until a date or without end."""
    if not permissions.can_accredit(user):
        raise PermissionDenied(_("You may not accredit journalists."))
    if not (journalist.email_confirmed_at or journalist.consent_recorded_at):
        raise ValidationError(
            _("%(name)s has not confirmed their address yet; they cannot be accredited.")
            % {"name": journalist.name},
            code="not_confirmed",
        )
    journalist.accredited_by = user
    journalist.accredited_at = timezone.now()
    journalist.accredited_until = until
    journalist.save(update_fields=["accredited_by", "accredited_at", "accredited_until"])
    note = _("until %(date)s") % {"date": until.isoformat()} if until else ""
    JournalistEvent.objects.create(
        journalist=journalist, action=JournalistEvent.Action.ACCREDITED, by=user, note=note
    )
    return journalist


@transaction.atomic
def unsubscribe(*, journalist, note=""):
    """Off the press list at once: nothing more is sent, including what is already queued."""
    if journalist.unsubscribed_at is None:
        journalist.unsubscribed_at = timezone.now()
        journalist.save(update_fields=["unsubscribed_at"])
        JournalistEvent.objects.create(
            journalist=journalist, action=JournalistEvent.Action.UNSUBSCRIBED, note=note
        )
    cancel_deliveries(recipient_key=journalist.recipient_key)
    return journalist


def export_data(*, journalist, user=None):
    """Everything the press list holds about a journalist, as JSON-ready data."""
    from outbox.models import Delivery

    JournalistEvent.objects.create(
        journalist=journalist, action=JournalistEvent.Action.EXPORTED, by=user
    )

    def moment(value):
        return value.isoformat() if value else None

    return {
        "name": journalist.name,
        "outlet": journalist.outlet,
        "email": journalist.email,
        "language": journalist.language,
        "sections": list(journalist.sections.values_list("name", flat=True)),
        "topics": list(journalist.tags.values_list("name", flat=True)),
        "programmes": list(journalist.programmes.values_list("name", flat=True)),
        "lists": list(journalist.lists.values_list("name", flat=True)),
        "consent": {
            "method": journalist.consent_method,
            "note": journalist.consent_note,
            "recorded_at": moment(journalist.consent_recorded_at),
            "address_confirmed_at": moment(journalist.email_confirmed_at),
        },
        "accreditation": {
            "accredited_at": moment(journalist.accredited_at),
            "accredited_by": str(journalist.accredited_by or ""),
            "until": journalist.accredited_until.isoformat()
            if journalist.accredited_until
            else None,
        },
        "unsubscribed_at": moment(journalist.unsubscribed_at),
        "history": [
            {"action": event.action, "at": moment(event.at), "note": event.note}
            for event in journalist.events.order_by("at")
        ],
        "stories_received": [
            {
                "story": access.release.story.headline,
                "sent_at": moment(access.created_at),
                "first_opened_at": moment(access.first_opened_at),
                "times_opened": access.open_count,
                "revoked_at": moment(access.revoked_at),
            }
            for access in journalist.accesses.select_related("release__story")
        ],
        "emails": [
            {"sent_at": moment(sent_at), "status": status}
            for sent_at, status in Delivery.objects.for_recipient(
                journalist.recipient_key
            ).values_list("sent_at", "status")
        ],
    }


@transaction.atomic
def erase(*, journalist):
    """Forget a journalist: their row, history, links and delivery log go; releases and emails
    keep only the number of recipients erased."""
    for release_id in journalist.accesses.values_list("release_id", flat=True):
        Release.objects.filter(pk=release_id).update(erased_recipients=F("erased_recipients") + 1)
    erase_recipient(recipient_key=journalist.recipient_key)
    journalist.delete()


# Releases


@transaction.atomic
def release_story(*, story, user, lists, embargo_until=None):
    """Release ``story`` to the journalists of ``lists``.

    With ``embargo_until`` (a future time), the story is scheduled for that time, the
    publication the embargo lifts with, and each recipient gets it now with a personal link.
    Without, it goes to them when it is published: now if it is public, at its time if it is
    scheduled, or when an Editor publishes it.
    """
    if not story_permissions.can_publish(user):
        raise PermissionDenied(_("You may not release stories to the press."))
    if not lists:
        raise ValidationError({"lists": _("Choose at least one press list.")}, code="no_lists")
    if story.status == story.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn story cannot be released."), code="withdrawn")
    if embargo_until is not None:
        if embargo_until <= timezone.now():
            raise ValidationError(
                {"embargo_until": _("An embargo must end in the future.")}, code="embargo_past"
            )
        story_services.publish_story(story=story, user=user, at=embargo_until)
    release = Release.objects.create(
        story=story,
        created_by=user,
        embargoed=embargo_until is not None,
        embargo_until=embargo_until,
    )
    release.lists.set(lists)
    if release.embargoed or story.is_published():
        schedule_release(release)
    elif story.status == story.Status.PUBLISHED:
        schedule_release_check(story)
    return release


def schedule_release(release):
    """Queue the sending of ``release``: the personal links and emails of a list of thousands
    are made by a worker, so the Editor's click costs the same for five journalists or 2,000."""
    from .tasks import send_release as send_release_task

    schedule(send_release_task, release.pk)


def schedule_release_check(story):
    from .tasks import send_waiting_releases

    schedule(send_waiting_releases, story.pk, run_after=story.published_at)


@transaction.atomic
def send_release(*, release):
    """Send ``release`` to every reachable member of its lists, one personal link each. Safe
    to run again: a release is sent once. A story withdrawn since the release sends nothing."""
    release = (
        Release.objects.select_for_update(of=("self",)).select_related("story").get(pk=release.pk)
    )
    if release.sent_at is not None or release.story.status == release.story.Status.WITHDRAWN:
        return release
    journalists = Journalist.objects.reachable().in_lists(release.lists.all())
    accesses = [PressAccess(release=release, journalist=journalist) for journalist in journalists]
    PressAccess.objects.bulk_create(accesses, ignore_conflicts=True)
    release.message = emails.send_release(release)
    release.sent_at = timezone.now()
    release.save(update_fields=["message", "sent_at"])
    return release


def send_waiting_releases(*, story):
    """Send the story's releases that waited for its publication, if it is public now."""
    if not story.is_published():
        return 0
    waiting = list(story.releases.filter(sent_at__isnull=True, embargoed=False))
    for release in waiting:
        send_release(release=release)
    return len(waiting)


def revoke_access(*, access, user):
    """Stop one recipient's personal link from working."""
    if not story_permissions.can_publish(user):
        raise PermissionDenied(_("You may not revoke press links."))
    if access.revoked_at is None:
        access.revoked_at = timezone.now()
        access.save(update_fields=["revoked_at"])
    return access


def record_open(*, access):
    """Count an opening of a personal link, keeping the first and the latest time."""
    now = timezone.now()
    PressAccess.objects.filter(pk=access.pk).update(
        open_count=F("open_count") + 1,
        first_opened_at=Coalesce("first_opened_at", now),
        last_opened_at=now,
    )


def story_withdrawn(*, story):
    """Tell every embargo recipient whose link still worked that the story is withdrawn; their
    links stop working (the link page answers 410 for a withdrawn story)."""
    accesses = list(
        PressAccess.objects.live()
        .filter(release__story=story, release__embargoed=True, journalist__unsubscribed_at=None)
        .select_related("journalist")
    )
    if accesses:
        emails.send_withdrawal(story, accesses)
    PressAccess.objects.filter(release__story=story, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return len(accesses)


def story_corrected(*, correction):
    """Send the correction to exactly the journalists the story was emailed to, unless they
    unsubscribed since."""
    from outbox.models import Delivery

    received = Delivery.objects.filter(
        message__kind=emails.RELEASE,
        message__topic=f"articles.story:{correction.story_id}",
        status=Delivery.Status.SENT,
    ).values_list("recipient_key", flat=True)
    journalist_ids = [key.partition(":")[2] for key in received]
    journalists = list(
        Journalist.objects.filter(pk__in=journalist_ids, unsubscribed_at__isnull=True)
    )
    if journalists:
        emails.send_correction(correction, journalists)
    return len(journalists)
