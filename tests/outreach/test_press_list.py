"""The press list: joining with double opt-in, accreditation, consent, unsubscribing at once,
export and erasure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from outbox.models import Delivery
from outreach import links, services
from outreach.models import Journalist, JournalistEvent
from tests.factories import (
    EditorFactory,
    JournalistFactory,
    PressListFactory,
    StoryFactory,
    WriterFactory,
)
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def join(client, **fields):
    data = {"name": "Ana Ruiz", "outlet": "Quadratín", "email": "ana@example.net", "language": "es"}
    return client.post(reverse("outreach:join"), {**data, **fields})


def test_joining_sends_a_confirmation_in_the_chosen_language(client, mailoutbox):
    response = join(client)
    run_queued_tasks()

    assert response.status_code == 200
    (email,) = mailoutbox
    assert email.to == ["Ana Ruiz <ana@example.net>"]
    assert email.subject.startswith("Confirme su dirección")
    assert "/es/press/join/confirm/" in email.body


def test_someone_who_only_asked_to_join_is_not_reachable(client):
    join(client)

    assert not Journalist.objects.reachable().exists()


def test_opening_the_confirmation_link_confirms_nothing_until_the_button(client):
    join(client)
    journalist = Journalist.objects.get()
    url = links.confirm_url(journalist)

    client.get(url)
    journalist.refresh_from_db()
    assert journalist.email_confirmed_at is None

    client.post(url)
    journalist.refresh_from_db()
    assert journalist.email_confirmed_at is not None
    assert journalist.consent_method == "join_form"
    assert journalist.events.filter(action=JournalistEvent.Action.CONFIRMED).exists()


def test_a_forged_confirmation_link_is_refused(client):
    response = client.post(reverse("outreach:confirm", kwargs={"signed": "1:forged"}))

    assert response.status_code == 404


def test_an_expired_confirmation_link_is_refused(client, time_machine):
    join(client)
    url = links.confirm_url(Journalist.objects.get())
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))

    assert client.post(url).status_code == 404


def test_an_editor_accredits_a_confirmed_journalist():
    journalist = JournalistFactory(accredited_at=None)
    editor = EditorFactory()

    services.accredit(journalist=journalist, user=editor, until=datetime.date(2099, 1, 1))

    assert journalist.accredited_by == editor
    assert Journalist.objects.reachable().get() == journalist


def test_a_writer_cannot_accredit():
    with pytest.raises(PermissionDenied):
        services.accredit(journalist=JournalistFactory(accredited_at=None), user=WriterFactory())


def test_an_unconfirmed_journalist_cannot_be_accredited():
    with pytest.raises(ValidationError):
        services.accredit(journalist=JournalistFactory(pending=True), user=EditorFactory())


def test_an_accreditation_that_ran_out_stops_releases():
    JournalistFactory(accredited_until=timezone.localdate() - datetime.timedelta(days=1))

    assert not Journalist.objects.reachable().exists()


def test_staff_adding_a_journalist_must_say_how_consent_was_obtained():
    with pytest.raises(ValidationError):
        services.add_journalist(
            user=EditorFactory(), consent_method="", name="Luis", email="luis@example.net"
        )


def test_staff_adding_a_journalist_records_the_consent():
    editor = EditorFactory()

    journalist = services.add_journalist(
        user=editor,
        consent_method="in_person",
        consent_note="Press conference, 12 January 2021",
        name="Luis",
        email="luis@example.net",
    )

    assert journalist.consent_recorded_at is not None
    event = journalist.events.get()
    assert (event.action, event.by, event.note) == (
        "added",
        editor,
        "Press conference, 12 January 2021",
    )


def test_one_click_unsubscribe_takes_effect_at_once(client):
    journalist = JournalistFactory()
    press_list = PressListFactory(members=[journalist])
    release = services.release_story(story=StoryFactory(), user=EditorFactory(), lists=[press_list])
    # The worker's first step: the release's emails are queued, not yet sent.
    services.send_release(release=release)

    response = client.post(
        links.unsubscribe_url(journalist),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    journalist.refresh_from_db()
    assert journalist.unsubscribed_at is not None
    assert journalist.events.filter(action="unsubscribed").exists()
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED
    assert not Journalist.objects.reachable().exists()


def test_the_unsubscribe_page_asks_before_unsubscribing(client):
    journalist = JournalistFactory()

    response = client.get(links.unsubscribe_url(journalist))

    assert response.status_code == 200
    journalist.refresh_from_db()
    assert journalist.unsubscribed_at is None


def test_export_holds_what_the_list_knows():
    journalist = JournalistFactory(name="Ana Ruiz", email="ana@example.net")
    PressListFactory(name="Wires", members=[journalist])

    data = services.export_data(journalist=journalist)

    assert (data["name"], data["email"], data["lists"]) == (
        "Ana Ruiz",
        "ana@example.net",
        ["Wires"],
    )
    assert data["consent"]["method"] == "join_form"


def test_an_erased_journalist_leaves_no_address_and_only_counts(mailoutbox):
    journalist = JournalistFactory(email="ana@example.net")
    other = JournalistFactory()
    release = services.release_story(
        story=StoryFactory(),
        user=EditorFactory(),
        lists=[PressListFactory(members=[journalist, other])],
    )
    run_queued_tasks()

    services.erase(journalist=journalist)

    assert not Journalist.objects.filter(email="ana@example.net").exists()
    assert not Delivery.objects.filter(email="ana@example.net").exists()
    assert not Delivery.objects.filter(
        recipient_key=f"outreach.journalist:{journalist.pk}"
    ).exists()
    release.refresh_from_db()
    assert release.erased_recipients == 1
    assert release.message.erased_deliveries == 1
    assert release.accesses.count() == 1
