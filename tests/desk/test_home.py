"""The desk: signing in opens it, and it shows each person what is theirs to do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Story
from tests.factories import (
    CorrectionFactory,
    EditorFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")
RECORDS = reverse("admin:models")
# Session, user, permissions (user's and groups'), notifications, drafts, stories in review, their
# count and submissions, scheduled, out lately, withdrawals, corrections: however many stories,
# for an Editor and for a Writer alike.
DESK_QUERIES = 13


def desk_of(client, user):
    client.force_login(user)
    response = client.get(DESK)
    assert response.status_code == 200
    return response.context["desk"]


def headlines(entries):
    return [entry.story.headline for entry in entries]


def moves(entry):
    return [str(move.label) for move in entry.moves]


def test_signing_in_opens_the_desk(client):
    writer = WriterFactory(password="correct horse battery")
    response = client.post(
        reverse("admin:login") + f"?next={DESK}",
        {"username": writer.username, "password": "correct horse battery"},
        follow=True,
    )
    assert response.templates[0].name == "admin/desk/index.html"


def test_the_desk_shows_a_writer_their_own_drafts_only(client):
    writer = WriterFactory()
    StoryFactory(draft=True, created_by=writer, headline="Mine")
    StoryFactory(draft=True, created_by=WriterFactory(), headline="A colleague's")
    assert headlines(desk_of(client, writer).drafts) == ["Mine"]


def test_a_draft_on_the_desk_offers_its_writer_to_edit_preview_and_submit(client):
    writer = WriterFactory()
    StoryFactory(draft=True, created_by=writer)
    [draft] = desk_of(client, writer).drafts
    assert moves(draft) == ["Edit", "Preview", "Submit for review"]


def test_the_desk_counts_what_is_in_review_and_says_who_submitted_it_and_when(client):
    writer = WriterFactory(first_name="Ana", last_name="Ruiz")
    story = StoryFactory(draft=True, created_by=writer, headline="Waiting")
    services.submit_for_review(story=story, user=writer, note="Ready when you are")
    desk = desk_of(client, EditorFactory())
    assert desk.in_review_count == 1
    [entry] = desk.in_review
    assert (entry.story.headline, entry.by, entry.note) == ("Waiting", writer, "Ready when you are")
    assert entry.at == story.transitions.get().at


def test_an_editor_may_publish_or_return_a_story_in_review_from_the_desk(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    services.submit_for_review(story=story, user=writer)
    [entry] = desk_of(client, EditorFactory()).in_review
    assert moves(entry) == ["Edit", "Preview", "Publish", "Return to draft…"]


def test_the_in_review_count_covers_stories_beyond_the_list(client, settings):
    writer = WriterFactory()
    for _ in range(12):
        StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=writer)
    desk = desk_of(client, EditorFactory())
    assert (desk.in_review_count, len(desk.in_review)) == (12, 10)


def test_the_desk_shows_scheduled_stories_soonest_first_with_the_time_they_go_out(client):
    later = StoryFactory(scheduled=True, headline="Later")
    sooner = StoryFactory(
        published_at=timezone.now() + datetime.timedelta(hours=2), headline="Sooner"
    )
    desk = desk_of(client, EditorFactory())
    assert headlines(desk.scheduled) == ["Sooner", "Later"]
    assert [entry.at for entry in desk.scheduled] == [sooner.published_at, later.published_at]


def test_scheduled_times_are_shown_in_the_time_zone_in_force(client, settings):
    settings.TIME_ZONE = "America/Mexico_City"
    StoryFactory(published_at=datetime.datetime(2031, 1, 12, 18, 0, tzinfo=datetime.UTC))
    client.force_login(EditorFactory())
    response = client.get(DESK)
    assert "12:00" in response.content.decode() or "noon" in response.content.decode()
    assert "Times are in your time zone, Mexico City." in response.content.decode()


def test_the_desk_shows_what_went_out_lately_but_not_long_ago(client):
    StoryFactory(headline="Yesterday", published_at=timezone.now() - datetime.timedelta(days=1))
    StoryFactory(headline="Last year", published_at=timezone.now() - datetime.timedelta(days=365))
    assert headlines(desk_of(client, EditorFactory()).published) == ["Yesterday"]


def test_the_desk_shows_withdrawals_and_corrections_lately_with_their_reason(client):
    editor = EditorFactory()
    withdrawn = StoryFactory(headline="Withdrawn")
    services.withdraw_story(story=withdrawn, user=editor, reason="The officer did not consent")
    corrected = StoryFactory(headline="Corrected", first_published_at=timezone.now())
    CorrectionFactory(story=corrected, text="The programme began in 2017.")
    entries = desk_of(client, editor).withdrawn_or_corrected
    assert headlines(entries) == ["Corrected", "Withdrawn"]
    assert entries[0].note == "Correction: The programme began in 2017."
    assert entries[1].note == "The officer did not consent"
    assert "Restore…" in moves(entries[1])


def test_a_writer_does_not_see_a_colleagues_story_in_review(client):
    StoryFactory(status=Story.Status.IN_REVIEW, published_at=None, created_by=WriterFactory())
    desk = desk_of(client, WriterFactory())
    assert (desk.in_review_count, desk.in_review) == (0, [])


def test_an_editor_publishes_from_the_desk(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    services.submit_for_review(story=story, user=writer)
    client.force_login(EditorFactory())
    response = client.post(reverse("admin:desk-move", args=[story.pk, "publish"]), follow=True)
    story.refresh_from_db()
    assert story.is_published()
    assert f"“{story.headline}” is public." in response.content.decode()


def test_scheduling_from_the_desk_says_when_the_story_goes_public(client, settings):
    settings.TIME_ZONE = "UTC"
    writer = WriterFactory()
    story = StoryFactory(
        draft=True,
        created_by=writer,
        published_at=datetime.datetime(2031, 1, 14, 10, 0, tzinfo=datetime.UTC),
    )
    services.submit_for_review(story=story, user=writer)
    client.force_login(EditorFactory())
    response = client.post(reverse("admin:desk-move", args=[story.pk, "publish"]), follow=True)
    story.refresh_from_db()
    assert story.is_scheduled()
    assert [str(message) for message in response.context["messages"]] == [
        f"“{story.headline}” is scheduled: it goes public on Jan. 14, 2031, 10 a.m."
    ]


def test_a_writer_cannot_publish_from_the_desk(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    response = client.post(reverse("admin:desk-move", args=[story.pk, "publish"]), follow=True)
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT
    assert "did not change: You may not publish this story." in response.content.decode()


def test_a_move_from_the_desk_must_be_posted(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    response = client.get(reverse("admin:desk-move", args=[story.pk, "submit"]))
    assert response.status_code == 405
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_a_writer_cannot_move_a_colleagues_story_from_the_desk(client):
    story = StoryFactory(draft=True, created_by=WriterFactory())
    client.force_login(WriterFactory())
    response = client.post(reverse("admin:desk-move", args=[story.pk, "submit"]))
    assert response.status_code == 404


@pytest.mark.parametrize("stories", [2, 12])
@pytest.mark.parametrize("role", ["editor", "writer"])
def test_the_desk_runs_a_fixed_number_of_queries(client, django_assert_num_queries, role, stories):
    people = {"editor": EditorFactory(), "writer": WriterFactory()}
    editor, writer = people["editor"], people["writer"]
    for _ in range(stories):
        StoryFactory(draft=True, created_by=people[role])
        submitted = StoryFactory(draft=True, created_by=writer)
        services.submit_for_review(story=submitted, user=writer)
        scheduled = StoryFactory(draft=True, created_by=writer)
        services.publish_story(
            story=scheduled, user=editor, at=timezone.now() + datetime.timedelta(days=1)
        )
        published = StoryFactory(draft=True, created_by=writer)
        services.publish_story(story=published, user=editor)
        withdrawn = StoryFactory(created_by=writer)
        services.withdraw_story(story=withdrawn, user=editor, reason="Consent withdrawn")
        CorrectionFactory(story=StoryFactory(created_by=writer, first_published_at=timezone.now()))
        # A colleague's draft, on neither desk: drafts are their writer's own.
        StoryFactory(draft=True, created_by=WriterFactory())
    client.force_login(people[role])
    with django_assert_num_queries(DESK_QUERIES):
        response = client.get(DESK)
    desk = response.context["desk"]
    assert (desk.in_review_count, len(desk.drafts)) == (stories, min(stories, 10))
    assert desk.notifications


def record_groups(client, user=None):
    """The records page's groups, as ``{group name: [model names]}``, for ``user`` if given."""
    if user is not None:
        client.force_login(user)
    response = client.get(RECORDS)
    return {
        str(app["name"]): [model["object_name"] for model in app["models"]]
        for app in response.context["app_list"]
    }


def test_the_records_are_grouped_in_plain_words(admin_client):
    groups = record_groups(admin_client)
    assert list(groups) == [
        "Stories",
        "People and programmes",
        "Photos",
        "Press list and email",
        "Settings",
    ]
    assert groups["Stories"][:3] == ["Story", "Section", "Tag"]


def test_media_contacts_are_with_people_and_programmes(admin_client):
    assert "MediaContact" in record_groups(admin_client)["People and programmes"]


# The press list and every email, in one group; Editors see all of it, as Administrators do.
PRESS_LIST_AND_EMAIL = [
    "Journalist",
    "PressList",
    "Release",
    "PressAccess",
    "Reader",
    "Subscription",
    "Message",
]


def test_the_press_list_and_every_email_are_in_one_group(admin_client):
    assert record_groups(admin_client)["Press list and email"] == PRESS_LIST_AND_EMAIL


def test_settings_hold_staff_accounts_and_sign_in_security(admin_client):
    settings_group = record_groups(admin_client)["Settings"]
    assert settings_group[:6] == [
        "User",
        "Group",
        "RoleSecurity",
        "SignInLockout",
        "FailedSignIn",
        "WebAuthnCredential",
    ]


def test_a_model_no_group_names_falls_under_settings(admin_client, monkeypatch):
    from desk import sites

    groups = [(name, labels) for name, labels in sites.MODEL_GROUPS]
    monkeypatch.setattr(sites, "MODEL_GROUPS", [groups[0], *groups[2:]])
    settings_group = record_groups(admin_client)["Settings"]
    assert {"Officer", "MediaContact", "Award"} <= set(settings_group)


def test_a_writer_sees_only_the_groups_with_records_they_may_open(client):
    assert record_groups(client, WriterFactory()) == {
        "Stories": ["Story", "Section", "Tag"],
        "People and programmes": ["Officer", "Organisation", "TrainingProgramme", "Award"],
        "Photos": ["Photo"],
    }


@pytest.fixture
def spanish_writer_client(sign_in_in_spanish):
    return sign_in_in_spanish(WriterFactory())


def test_the_records_page_in_spanish_offers_to_ver_what_one_may_only_look_at(
    spanish_writer_client,
):
    links = page(spanish_writer_client.get(RECORDS)).find_all("a", class_="viewlink")
    assert links
    assert {link.text for link in links} == {"Ver"}


def test_the_records_page_in_spanish_says_no_recent_action_in_the_feminine(
    spanish_writer_client,
):
    assert "Ninguna disponible" in spanish_writer_client.get(RECORDS).content.decode()


def test_an_editor_sees_the_press_list_but_not_the_settings(client):
    groups = record_groups(client, EditorFactory())
    assert "Settings" not in groups
    assert groups["Press list and email"] == PRESS_LIST_AND_EMAIL


def test_every_registered_model_has_a_group(admin_client):
    from django.contrib import admin

    response = admin_client.get(RECORDS)
    listed = {model["model"] for app in response.context["app_list"] for model in app["models"]}
    assert listed == set(admin.site._registry)


def test_every_admin_page_links_to_the_desk_and_the_records(admin_client):
    page = admin_client.get(reverse("admin:articles_story_changelist")).content.decode()
    assert f'href="{DESK}"' in page
    assert f'href="{RECORDS}"' in page
