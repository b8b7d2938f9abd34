"""The release screen and the release's page in the admin, and journalists' data on request."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from outreach import links
from outreach.models import Journalist, PressAccess, Release
from tests.factories import (
    EditorFactory,
    JournalistFactory,
    PressListFactory,
    StoryFactory,
    WriterFactory,
)
from tests.outreach.conftest import release_under_embargo
from tests.pages import page
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


# Revoking a link, who opened it, and whose a leaked link is


@pytest.fixture
def ana_and_luis(before_the_embargo, editor):
    ana = JournalistFactory(name="Ana Smith")
    luis = JournalistFactory(name="Luis Pérez")
    release = release_under_embargo(editor, ana, luis)
    return (
        release,
        PressAccess.objects.get(journalist=ana),
        PressAccess.objects.get(journalist=luis),
    )


def revoke_url(access):
    return reverse("admin:outreach_release_revoke", args=[access.release_id, access.pk])


def signed_in(user):
    """A browser that signs forms as a real one does: the admin's CSRF check is on."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def confirm(browser, url):
    form = browser.get(url)
    assert form.status_code == 200
    # The header's sign-out form has a token too; any of the page's will do.
    token = page(form).find_all("input", name="csrfmiddlewaretoken")[-1].attrs["value"]
    return browser.post(url, {"csrfmiddlewaretoken": token})


def test_an_editor_revokes_one_recipients_link_from_the_release_page(editor, ana_and_luis):
    release, ana, luis = ana_and_luis
    reader = Client()

    response = confirm(signed_in(editor), revoke_url(ana))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:outreach_release_change", args=[release.pk])
    revoked = reader.get(ana.get_absolute_url())
    assert revoked.status_code == 410
    assert "This press link was revoked" in revoked.content.decode()
    assert reader.get(luis.get_absolute_url()).status_code == 200


def test_a_revocation_without_the_forms_token_is_refused(editor, ana_and_luis):
    _release, ana, _luis = ana_and_luis

    response = signed_in(editor).post(revoke_url(ana))

    assert response.status_code == 403
    ana.refresh_from_db()
    assert ana.revoked_at is None


def test_a_writer_can_neither_open_nor_send_the_revocation(ana_and_luis):
    _release, ana, _luis = ana_and_luis
    # Without the CSRF check, so that the refusal is the one for Writers.
    writer = Client()
    writer.force_login(WriterFactory())

    assert writer.get(revoke_url(ana)).status_code == 403
    assert writer.post(revoke_url(ana)).status_code == 403
    ana.refresh_from_db()
    assert ana.revoked_at is None
    assert Client().get(ana.get_absolute_url()).status_code == 200


def test_the_release_page_shows_who_received_it_and_who_opened_it_and_when(
    editor, ana_and_luis, time_machine
):
    release, ana, _luis = ana_and_luis
    time_machine.shift(datetime.timedelta(hours=3))
    Client().get(ana.get_absolute_url())
    ana.refresh_from_db()

    # Signed in now, in the site's time zone of this test, as the times below are written.
    response = signed_in(editor).get(reverse("admin:outreach_release_change", args=[release.pk]))

    rows = [row.text for row in page(response).find_all("tr")]
    (ana_row,) = [text for text in rows if "Ana Smith" in text]
    (luis_row,) = [text for text in rows if "Luis Pérez" in text]
    opened = formats.localize(timezone.template_localtime(ana.first_opened_at))
    sent = formats.localize(timezone.template_localtime(ana.created_at))
    assert opened != sent
    assert opened in ana_row and sent in ana_row
    assert opened not in luis_row and sent in luis_row


LEAKED_FORMS = {
    "the whole address": lambda access: links.access_url(access),
    "the address without the site": lambda access: access.get_absolute_url(),
    "the press kit's address": lambda access: reverse(
        "outreach:press-kit", kwargs={"signed": links.sign(access.token)}
    ),
    "the signed part alone": lambda access: links.sign(access.token),
    "the whole address with spaces around": lambda access: f"  {links.access_url(access)} ",
}


@pytest.mark.parametrize("form", LEAKED_FORMS, ids=str)
def test_a_leaked_link_pasted_into_the_personal_links_search_finds_its_recipient(
    editor_client, ana_and_luis, form
):
    _release, _ana, luis = ana_and_luis

    response = editor_client.get(
        reverse("admin:outreach_pressaccess_changelist"), {"q": LEAKED_FORMS[form](luis)}
    )

    assert list(response.context["cl"].result_list) == [luis]
    assert "Luis Pérez" in response.content.decode()


def test_a_name_searches_the_personal_links_as_text(editor_client, ana_and_luis):
    _release, ana, _luis = ana_and_luis

    response = editor_client.get(reverse("admin:outreach_pressaccess_changelist"), {"q": "Ana"})

    assert list(response.context["cl"].result_list) == [ana]


def test_a_forged_link_finds_nobody(editor_client, ana_and_luis):
    _release, _ana, luis = ana_and_luis
    forged = links.access_url(luis).replace("/press/s/", "/press/s/x")

    response = editor_client.get(reverse("admin:outreach_pressaccess_changelist"), {"q": forged})

    assert list(response.context["cl"].result_list) == []


def test_a_leaked_link_pasted_into_the_releases_search_finds_its_release(
    editor, editor_client, ana_and_luis
):
    release, _ana, luis = ana_and_luis
    release_under_embargo(editor, JournalistFactory())

    response = editor_client.get(
        reverse("admin:outreach_release_changelist"), {"q": links.access_url(luis)}
    )

    assert list(response.context["cl"].result_list) == [release]


def test_a_writer_cannot_see_the_personal_links(client, ana_and_luis):
    client.force_login(WriterFactory())

    assert client.get(reverse("admin:outreach_pressaccess_changelist")).status_code == 403
