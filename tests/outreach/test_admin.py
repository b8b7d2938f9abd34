"""The release screen and the release's page in the admin, and journalists' data on request."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outreach.models import Journalist, PressAccess, Release
from tests.factories import (
    EditorFactory,
    JournalistFactory,
    PressListFactory,
    StoryFactory,
    WriterFactory,
)
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def release_url(story):
    return reverse("admin:outreach_release_new", kwargs={"story_id": story.pk})


def embargo_form(press_list, embargo=None):
    embargo = embargo or timezone.localtime() + datetime.timedelta(days=1)
    return {
        "lists": [press_list.pk],
        "embargo": "on",
        "embargo_until_0": embargo.strftime("%Y-%m-%d"),
        "embargo_until_1": embargo.strftime("%H:%M"),
    }


def test_an_editor_releases_a_story_under_embargo_from_the_release_screen(
    editor_client, mailoutbox
):
    story = StoryFactory(draft=True)
    press_list = PressListFactory(members=[JournalistFactory()])

    response = editor_client.post(release_url(story), embargo_form(press_list))
    run_queued_tasks()

    release = Release.objects.get()
    assert response.status_code == 302
    assert release.embargoed and release.sent_at is not None
    assert len(mailoutbox) == 1
    page = editor_client.get(reverse("admin:outreach_release_change", args=[release.pk]))
    assert page.status_code == 200
    assert press_list.members.get().name in page.content.decode()


def test_an_embargo_in_the_past_is_refused_with_a_message(editor_client):
    story = StoryFactory(draft=True)
    press_list = PressListFactory()

    response = editor_client.post(
        release_url(story),
        {
            "lists": [press_list.pk],
            "embargo": "on",
            "embargo_until_0": "2020-01-01",
            "embargo_until_1": "10:00",
        },
    )

    assert response.status_code == 200
    assert "An embargo must end in the future." in response.content.decode()
    assert not Release.objects.exists()


def test_a_writer_cannot_open_the_release_screen(client):
    client.force_login(WriterFactory())

    assert client.get(release_url(StoryFactory())).status_code == 403


def test_the_story_form_leads_editors_to_its_release_screen(editor_client):
    story = StoryFactory(draft=True)

    response = editor_client.get(reverse("admin:articles_story_change", args=[story.pk]))

    assert release_url(story) in response.content.decode()


def test_writers_and_withdrawn_stories_have_no_release_button(client, editor_client):
    writer = WriterFactory()
    own = StoryFactory(draft=True, created_by=writer)
    withdrawn = StoryFactory(withdrawn=True)
    client.force_login(writer)

    writer_page = client.get(reverse("admin:articles_story_change", args=[own.pk]))
    withdrawn_page = editor_client.get(reverse("admin:articles_story_change", args=[withdrawn.pk]))

    assert release_url(own) not in writer_page.content.decode()
    assert release_url(withdrawn) not in withdrawn_page.content.decode()


# A journalist's data, on request


def test_an_editor_exports_a_journalists_data_as_a_json_download(editor_client):
    journalist = JournalistFactory(email="marta@example.org")
    response = editor_client.post(
        reverse("admin:outreach_journalist_changelist"),
        {"action": "export_data", "_selected_action": [journalist.pk]},
    )
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="press-list-data.json"'
    assert [person["email"] for person in json.loads(response.content)] == ["marta@example.org"]


def test_an_editor_erases_journalists_and_is_told_how_many(editor_client):
    journalists = [JournalistFactory(), JournalistFactory()]
    response = editor_client.post(
        reverse("admin:outreach_journalist_changelist"),
        {"action": "erase", "_selected_action": [journalist.pk for journalist in journalists]},
        follow=True,
    )
    assert not Journalist.objects.filter(pk__in=[j.pk for j in journalists]).exists()
    assert [str(message) for message in response.context["messages"]] == ["2 journalists erased."]


# Releasing to a long list


def queries_to_release(client, journalists):
    press_list = PressListFactory(members=JournalistFactory.create_batch(journalists))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(release_url(StoryFactory(draft=True)), embargo_form(press_list))
    assert response.status_code == 302
    return [query["sql"] for query in captured.captured_queries]


def test_releasing_to_200_journalists_costs_the_click_no_more_queries_than_to_5(
    editor_client, mailoutbox
):
    queries_to_release(editor_client, 1)  # the first request of a test fills Django's caches

    for_five = queries_to_release(editor_client, 5)
    for_two_hundred = queries_to_release(editor_client, 200)

    assert len(for_two_hundred) == len(for_five), "\n".join(
        ["5 journalists:", *for_five, "200 journalists:", *for_two_hundred]
    )
    run_queued_tasks()
    assert len(mailoutbox) == 1 + 5 + 200
    assert PressAccess.objects.count() == 1 + 5 + 200


def test_the_editor_is_told_how_many_journalists_it_is_going_to(editor_client):
    press_list = PressListFactory(members=[JournalistFactory(), JournalistFactory()])

    response = editor_client.post(
        release_url(StoryFactory(draft=True)), embargo_form(press_list), follow=True
    )

    assert [str(message) for message in response.context["messages"]] == [
        "Sending under embargo to 2 journalists."
    ]
