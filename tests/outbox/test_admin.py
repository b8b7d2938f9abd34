"""The delivery log in the admin: those who send see what went out; nobody writes to it."""

import pytest
from django.urls import reverse

from outbox.services import Recipient, send_email
from tests.factories import AdministratorFactory, EditorFactory, WriterFactory

pytestmark = pytest.mark.django_db

LOG = reverse("admin:outbox_message_changelist")


@pytest.fixture
def message():
    return send_email(
        kind="tests.greeting",
        template="tests/email/greeting",
        recipients=[Recipient(key="person:1", email="ana@example.org")],
        context={"headline": "Officers recognised"},
        topic="Officers recognised in Morelia",
    )


@pytest.mark.parametrize("role", [EditorFactory, AdministratorFactory])
def test_editors_and_administrators_see_what_went_out_and_to_whom(client, message, role):
    client.force_login(role())
    assert "Officers recognised in Morelia" in client.get(LOG).content.decode()
    page = client.get(reverse("admin:outbox_message_change", args=[message.pk]))
    assert page.status_code == 200
    assert "ana@example.org" in page.content.decode()


def test_writers_do_not_see_the_log(client, message):
    client.force_login(WriterFactory())
    assert client.get(LOG).status_code == 403


def test_nobody_adds_to_the_log_or_changes_it_by_hand(client, message):
    client.force_login(AdministratorFactory())
    assert client.get(reverse("admin:outbox_message_add")).status_code == 403
    change = reverse("admin:outbox_message_change", args=[message.pk])
    response = client.post(change, {"topic": "Something else"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.topic == "Officers recognised in Morelia"


def test_the_log_names_each_kind_of_message_as_staff_say_it(client):
    send_email(
        kind="outreach.release",
        template="tests/email/greeting",
        recipients=[Recipient(key="person:1", email="ana@example.org")],
    )
    client.force_login(EditorFactory())
    page = client.get(LOG).content.decode()
    assert "Press release #" in page
    assert "outreach.release #" not in page
