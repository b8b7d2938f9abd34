"""Embargoed recipients get the press kit through their personal link, for as long as the link
works; and every email about a story names its media contacts."""

import io
import zipfile

import pytest
from django.urls import reverse

from articles import services as story_services
from articles.models import Story
from outreach import links, services
from outreach.models import PressAccess
from tests.factories import JournalistFactory, MediaContactFactory, StoryFactory
from tests.outreach.conftest import release_under_embargo
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def kit_url(access):
    return reverse("outreach:press-kit", kwargs={"signed": links.sign(access.token)})


def download(client, access):
    response = client.get(kit_url(access))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_personal_link_page_offers_the_kit_through_the_link(before_the_embargo, editor, client):
    release_under_embargo(editor, JournalistFactory())
    access = PressAccess.objects.get()

    page = client.get(access.get_absolute_url()).content.decode()

    assert kit_url(access) in page
    assert (
        reverse("articles:story-press-kit", kwargs={"slug": access.release.story.slug}) not in page
    )


def test_the_kit_is_there_before_the_embargo_and_holds_the_current_version(
    before_the_embargo, editor, client
):
    release = release_under_embargo(editor, JournalistFactory())
    story = Story.objects.get(pk=release.story_id)
    story.headline = "Two officers recognised in Morelia"
    story.save()
    public_kit = reverse("articles:story-press-kit", kwargs={"slug": story.slug})

    kit = download(client, PressAccess.objects.get())

    assert "Two officers recognised in Morelia" in kit.read("release.txt").decode()
    assert client.get(public_kit).status_code == 404


def test_a_revoked_link_gives_no_kit(before_the_embargo, editor, client):
    release_under_embargo(editor, JournalistFactory())
    access = PressAccess.objects.get()
    services.revoke_access(access=access, user=editor)

    assert client.get(kit_url(access)).status_code == 410


def test_a_withdrawn_story_gives_no_kit(before_the_embargo, editor, client):
    release = release_under_embargo(editor, JournalistFactory())
    access = PressAccess.objects.get()
    story_services.withdraw_story(
        story=Story.objects.get(pk=release.story_id), user=editor, reason="Wrong officer named."
    )

    assert client.get(kit_url(access)).status_code == 410


def test_a_forged_link_gives_no_kit(client):
    response = client.get(reverse("outreach:press-kit", kwargs={"signed": "forged:token"}))

    assert response.status_code == 404


@pytest.fixture
def contact():
    return MediaContactFactory(name="María López", email="prensa@example.gob.mx")


def assert_names_the_contact(email):
    for part in (email.body, email.alternatives[0][0]):
        assert "For more information, contact:" in part
        assert "María López" in part and "prensa@example.gob.mx" in part


def test_the_release_names_the_media_contacts(before_the_embargo, editor, contact, mailoutbox):
    story = StoryFactory(draft=True, media_contacts=[contact])
    release_under_embargo(editor, JournalistFactory(), story=story)

    (email,) = mailoutbox
    assert_names_the_contact(email)


def test_the_follow_ups_name_the_media_contacts(before_the_embargo, editor, contact, mailoutbox):
    story = StoryFactory(draft=True, media_contacts=[contact])
    release_under_embargo(editor, JournalistFactory(), story=story)
    story.refresh_from_db()
    story_services.add_correction(story=story, user=editor, text="The award was in 2020.")
    run_queued_tasks()
    story_services.withdraw_story(story=story, user=editor, reason="Wrong officer named.")
    run_queued_tasks()

    release, correction, withdrawal = mailoutbox
    assert correction.subject.startswith("Correction:")
    assert_names_the_contact(correction)
    assert withdrawal.subject.startswith("Withdrawn:")
    assert_names_the_contact(withdrawal)
