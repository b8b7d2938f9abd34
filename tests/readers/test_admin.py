"""Subscriptions in the admin: Editors list, filter and count them, and export or erase a
reader on request; Writers do not see readers' addresses."""

import json

import pytest
from django.urls import reverse

from readers.models import Reader
from tests.factories import (
    EditorFactory,
    ReaderFactory,
    SectionFactory,
    SubscriptionFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


@pytest.fixture
def subscriptions():
    lucia = ReaderFactory(email="lucia@example.com", language="es", delivery="daily")
    SubscriptionFactory(reader=lucia)
    SubscriptionFactory(reader=lucia, kind="section", section=SectionFactory())
    SubscriptionFactory(reader=ReaderFactory(email="pending@example.com"), confirmed_at=None)


def test_editors_see_the_subscriptions_with_counts(
    editor_client, subscriptions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = editor_client.get(reverse("admin:readers_subscription_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "1 reader receives email." in content
    assert "Every story: 1" in content and "Section: 1" in content
    assert "lucia@example.com" in content and "pending@example.com" in content


def test_subscriptions_filter_by_status_and_language(editor_client, subscriptions):
    url = reverse("admin:readers_subscription_changelist")

    pending = editor_client.get(url, {"status": "pending"}).content.decode()
    spanish = editor_client.get(url, {"reader__language": "es"}).content.decode()

    assert "pending@example.com" in pending and "lucia@example.com" not in pending
    assert "lucia@example.com" in spanish and "pending@example.com" not in spanish


def test_the_reader_list_counts_active_subscriptions(editor_client, subscriptions):
    response = editor_client.get(reverse("admin:readers_reader_changelist"), {"q": "lucia"})

    assert response.context["cl"].result_list[0].following_total == 2


def test_writers_do_not_see_readers(client, subscriptions):
    client.force_login(WriterFactory())

    assert client.get(reverse("admin:readers_reader_changelist")).status_code == 403


def test_export_and_erase_from_the_admin(editor_client, subscriptions):
    lucia = Reader.objects.get(email="lucia@example.com")
    url = reverse("admin:readers_reader_changelist")

    exported = editor_client.post(url, {"action": "export_data", "_selected_action": [lucia.pk]})
    assert json.loads(exported.content)[0]["email"] == "lucia@example.com"

    editor_client.post(url, {"action": "erase", "_selected_action": [lucia.pk]})
    assert not Reader.objects.filter(email="lucia@example.com").exists()


def test_the_export_is_a_json_download_named_for_readers(editor_client, subscriptions):
    lucia = Reader.objects.get(email="lucia@example.com")
    response = editor_client.post(
        reverse("admin:readers_reader_changelist"),
        {"action": "export_data", "_selected_action": [lucia.pk]},
    )
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="readers-data.json"'


def test_erasing_says_how_many_readers_were_erased(editor_client, subscriptions):
    lucia = Reader.objects.get(email="lucia@example.com")
    response = editor_client.post(
        reverse("admin:readers_reader_changelist"),
        {"action": "erase", "_selected_action": [lucia.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == ["1 reader erased."]
