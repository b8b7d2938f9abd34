"""Releasing a story to the press under embargo: one email and one personal link per
recipient, the link's life (banner, opens, revocation, the public page after the embargo), and
what follows the story (publication, withdrawal, corrections)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles import services as story_services
from articles.models import Story
from outbox.models import Delivery
from outreach import links, services
from outreach.emails import embargo_line
from outreach.models import PressAccess, Release
from tests.factories import (
    CorrectionFactory,
    JournalistFactory,
    PressListFactory,
    StoryFactory,
    WriterFactory,
)
from tests.outreach.conftest import EMBARGO, release_under_embargo
from tests.tasks import queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db


def test_an_embargoed_release_schedules_the_story_for_the_embargo(before_the_embargo, editor):
    release = release_under_embargo(editor, JournalistFactory())

    story = Story.objects.get(pk=release.story_id)
    assert story.published_at == EMBARGO
    assert story.is_scheduled() and not story.is_published()


def test_each_reachable_member_gets_one_email_with_the_embargo_line(
    before_the_embargo, editor, mailoutbox
):
    ana = JournalistFactory(email="ana@example.net")
    unsubscribed = JournalistFactory(unsubscribed_at=timezone.now())
    pending = JournalistFactory(pending=True)

    release_under_embargo(editor, ana, unsubscribed, pending)

    (email,) = mailoutbox
    assert "ana@example.net" in email.to[0]
    assert "EMBARGOED until 12 January 2021, 10:00 (Mexico City)" in email.body
    assert "Officers recognised in Morelia" in email.subject
    assert PressAccess.objects.get().journalist == ana


def test_the_email_is_in_the_journalists_language(before_the_embargo, editor, mailoutbox):
    release_under_embargo(editor, JournalistFactory(language="es"))

    (email,) = mailoutbox
    assert "EMBARGO hasta el 12 de enero de 2021, 10:00 (Ciudad de México)" in email.body


def test_the_embargo_line_names_any_office_time_zone_in_the_readers_language(settings):
    settings.TIME_ZONE = "Europe/Vienna"
    with translation.override("es"):
        assert embargo_line(EMBARGO) == "EMBARGO hasta el 12 de enero de 2021, 17:00 (Viena)"


def test_the_email_carries_the_personal_link_and_unsubscribe(
    before_the_embargo, editor, mailoutbox
):
    journalist = JournalistFactory()
    release_under_embargo(editor, journalist)

    (email,) = mailoutbox
    access = PressAccess.objects.get()
    assert links.access_url(access) in email.body
    assert email.extra_headers["List-Unsubscribe"] == f"<{links.unsubscribe_url(journalist)}>"


def test_releasing_again_to_the_same_lists_sends_nothing_twice(
    before_the_embargo, editor, mailoutbox
):
    journalist = JournalistFactory()
    release = release_under_embargo(editor, journalist)

    services.send_release(release=release)
    run_queued_tasks()

    assert len(mailoutbox) == 1


def test_a_writer_cannot_release():
    with pytest.raises(Exception, match="may not release"):
        services.release_story(
            story=StoryFactory(), user=WriterFactory(), lists=[PressListFactory()]
        )


def test_the_personal_link_shows_the_story_under_an_embargo_banner(
    before_the_embargo, editor, client
):
    release_under_embargo(editor, JournalistFactory(name="Ana Ruiz"))
    access = PressAccess.objects.get()

    response = client.get(access.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "EMBARGOED until 12 January 2021, 10:00 (Mexico City)" in html
    assert "Officers recognised in Morelia" in html
    assert "Ana Ruiz" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "application/ld+json" not in html


def test_the_link_shows_the_current_version(before_the_embargo, editor, client):
    release = release_under_embargo(editor, JournalistFactory())
    story = Story.objects.get(pk=release.story_id)
    story.headline = "Two officers recognised in Morelia"
    story.save()

    response = client.get(PressAccess.objects.get().get_absolute_url())

    assert "Two officers recognised in Morelia" in response.content.decode()


def test_opening_the_link_is_recorded(before_the_embargo, editor, client):
    release_under_embargo(editor, JournalistFactory())
    access = PressAccess.objects.get()

    client.get(access.get_absolute_url())
    client.get(access.get_absolute_url())

    access.refresh_from_db()
    assert access.open_count == 2
    assert access.first_opened_at == timezone.now()


def test_a_tampered_link_does_not_open(before_the_embargo, editor, client):
    release_under_embargo(editor, JournalistFactory())
    access = PressAccess.objects.get()
    signed = links.sign(access.token)
    forged = reverse("outreach:press-story", kwargs={"signed": "x" + signed})

    assert client.get(forged).status_code == 404


def test_a_leaked_link_traces_to_its_recipient(before_the_embargo, editor, admin_client):
    ana, luis = JournalistFactory(name="Ana Ruiz"), JournalistFactory(name="Luis Pérez")
    release_under_embargo(editor, ana, luis)
    leaked = links.access_url(PressAccess.objects.get(journalist=luis))

    token = links.unsign(leaked.rstrip("/").rsplit("/", 1)[-1])

    assert PressAccess.objects.get(token=token).journalist == luis


def test_a_revoked_link_stops_working(before_the_embargo, editor, client):
    release_under_embargo(editor, JournalistFactory())
    access = PressAccess.objects.get()

    services.revoke_access(access=access, user=editor)

    assert client.get(access.get_absolute_url()).status_code == 410


def test_revoking_one_link_leaves_the_others(before_the_embargo, editor, client):
    release_under_embargo(editor, JournalistFactory(), JournalistFactory())
    first, second = PressAccess.objects.order_by("pk")

    services.revoke_access(access=first, user=editor)

    assert client.get(second.get_absolute_url()).status_code == 200


def test_after_the_embargo_the_link_leads_to_the_public_page(
    before_the_embargo, editor, client, time_machine
):
    release = release_under_embargo(editor, JournalistFactory())
    time_machine.move_to(EMBARGO + datetime.timedelta(minutes=1), tick=False)

    response = client.get(PressAccess.objects.get().get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == Story.objects.get(pk=release.story_id).get_absolute_url()


def test_a_withdrawal_tells_embargo_recipients_and_ends_their_links(
    before_the_embargo, editor, client, mailoutbox
):
    release = release_under_embargo(editor, JournalistFactory(), JournalistFactory())
    mailoutbox.clear()

    story_services.withdraw_story(
        story=Story.objects.get(pk=release.story_id), user=editor, reason="Wrong award"
    )
    run_queued_tasks()

    assert len(mailoutbox) == 2
    assert all(m.subject.startswith("Withdrawn:") for m in mailoutbox)
    response = client.get(PressAccess.objects.first().get_absolute_url())
    assert response.status_code == 410
    assert "withdrew" in response.content.decode()


def test_a_correction_follows_the_story_to_exactly_who_received_it(
    before_the_embargo, editor, mailoutbox, time_machine
):
    received, unsubscribed_since = JournalistFactory(), JournalistFactory()
    release = release_under_embargo(editor, received, unsubscribed_since)
    late = JournalistFactory()
    PressListFactory(members=[late])
    services.unsubscribe(journalist=unsubscribed_since)
    mailoutbox.clear()

    CorrectionFactory(story=Story.objects.get(pk=release.story_id), text="The award is from 2021.")
    run_queued_tasks()

    (email,) = mailoutbox
    assert received.email in email.to[0]
    assert "The award is from 2021." in email.body
    assert email.subject.startswith("Correction:")


def test_a_story_withdrawn_before_the_worker_sends_its_release_goes_to_nobody(
    before_the_embargo, editor, mailoutbox
):
    story = StoryFactory(draft=True)
    release = services.release_story(
        story=story,
        user=editor,
        lists=[PressListFactory(members=[JournalistFactory()])],
        embargo_until=EMBARGO,
    )

    story_services.withdraw_story(
        story=Story.objects.get(pk=story.pk), user=editor, reason="Wrong award"
    )
    run_queued_tasks()

    assert mailoutbox == []
    assert not PressAccess.objects.filter(release=release).exists()


# Without an embargo


def test_a_release_of_a_draft_waits_for_its_publication(editor, mailoutbox):
    story = StoryFactory(draft=True)
    release = services.release_story(
        story=story, user=editor, lists=[PressListFactory(members=[JournalistFactory()])]
    )
    run_queued_tasks()

    assert mailoutbox == []
    story_services.publish_story(story=story, user=editor)
    run_queued_tasks()

    assert len(mailoutbox) == 1
    release.refresh_from_db()
    assert release.sent_at is not None and not release.embargoed
    assert "EMBARGOED" not in mailoutbox[0].body


def test_a_release_of_a_scheduled_story_goes_at_its_time_with_nobody_visiting(
    editor, mailoutbox, time_machine
):
    story = StoryFactory(scheduled=True)
    services.release_story(
        story=story, user=editor, lists=[PressListFactory(members=[JournalistFactory()])]
    )
    run_queued_tasks()
    assert mailoutbox == []
    (task,) = queued_tasks("send_waiting_releases")
    assert task.run_after == story.published_at

    time_machine.move_to(story.published_at + datetime.timedelta(seconds=1), tick=False)
    run_queued_tasks()

    assert len(mailoutbox) == 1


def test_a_scheduled_release_rechecks_a_story_rescheduled_later(editor, mailoutbox, time_machine):
    story = StoryFactory(scheduled=True)
    services.release_story(
        story=story, user=editor, lists=[PressListFactory(members=[JournalistFactory()])]
    )
    first_time = story.published_at
    Story.objects.filter(pk=story.pk).update(published_at=first_time + datetime.timedelta(days=1))

    time_machine.move_to(first_time + datetime.timedelta(seconds=1), tick=False)
    run_queued_tasks()

    assert mailoutbox == []
    assert Release.objects.get().sent_at is None


def test_a_release_of_a_public_story_goes_at_once(editor, mailoutbox):
    services.release_story(
        story=StoryFactory(), user=editor, lists=[PressListFactory(members=[JournalistFactory()])]
    )
    run_queued_tasks()

    assert len(mailoutbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
