"""Withdrawal reaches the files: a photo nothing public shows any more is no longer served at the
addresses that were published, in local storage and in S3, and comes back when it is public
again. Proven by reading back the storage."""

import boto3
import pytest
from django.core.files.storage import storages
from moto import mock_aws

from articles import services
from photos import takedown
from photos.models import Photo
from tests.factories import EditorFactory, OfficerFactory, StoryFactory, image_upload

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"


def storage():
    return Photo._meta.get_field("image").storage


def exists(names):
    """Which of ``names`` the storage still has."""
    return [name for name in names if storage().exists(name)]


@pytest.fixture
def editor():
    return EditorFactory()


@pytest.fixture
def published_files(saved_photo):
    """A photo with its renditions and crop, the lead photo of a published story."""

    def make(**story_fields):
        photo = saved_photo(image=image_upload(size=(1400, 900)))
        story = StoryFactory(lead_photo=photo, **story_fields)
        names = photo.stored_file_names()
        assert len(names) > 10  # the original, its renditions and its social crop
        return story, photo, names

    return make


def withdraw(commit, story, editor):
    commit(services.withdraw_story, story=story, user=editor, reason="Court order")
    return Photo.objects.get(pk=story.lead_photo_id)


def test_withdrawing_a_story_takes_every_file_of_its_photo_off_its_published_address(
    published_files, commit, editor
):
    story, photo, published = published_files()
    photo = withdraw(commit, story, editor)
    assert exists(published) == []
    moved = photo.stored_file_names()
    assert len(moved) == len(published)
    assert exists(moved) == moved
    assert all(name.startswith("photos/withdrawn/") for name in moved)


def test_a_withdrawn_photo_still_shows_in_the_admin_from_its_new_place(
    published_files, commit, editor, staff_client
):
    story, photo, _ = published_files()
    photo = withdraw(commit, story, editor)
    assert photo.rendition_set is not None
    assert photo.social_image.url.startswith("/media/photos/withdrawn/")
    html = staff_client.get(f"/admin/photos/photo/{photo.pk}/change/").content.decode()
    assert photo.rendition_set.webp[0].url in html


def test_withdrawn_files_cannot_be_found_from_the_published_address(
    published_files, commit, editor
):
    story, photo, published = published_files()
    first = withdraw(commit, story, editor).image.name
    second_photo = Photo.objects.get(pk=photo.pk)
    assert first != published[0]
    # The new folder is random: it cannot be worked out from the address that was published.
    assert published[0].removeprefix("photos/") in first
    assert len(first.split("/")[2]) == 32
    assert second_photo.image.name == first


def test_files_stay_while_another_published_story_shows_the_photo(published_files, commit, editor):
    story, photo, published = published_files()
    StoryFactory(lead_photo=photo)
    withdraw(commit, story, editor)
    assert exists(published) == published


def test_files_stay_while_a_public_profile_shows_the_photo(published_files, commit, editor):
    story, photo, published = published_files()
    OfficerFactory(photo=photo)
    withdraw(commit, story, editor)
    assert exists(published) == published


def test_publishing_the_story_again_brings_the_files_back_to_their_addresses(
    published_files, commit, editor
):
    story, photo, published = published_files()
    withdrawn = withdraw(commit, story, editor).stored_file_names()
    commit(services.restore_story, story=story, user=editor)
    assert exists(published) == []  # a draft is not public: the files stay withdrawn
    commit(services.publish_story, story=story, user=editor)
    photo.refresh_from_db()
    assert photo.stored_file_names() == published
    assert exists(published) == published
    assert exists(withdrawn) == []


def test_unpublishing_the_only_story_that_shows_a_photo_takes_its_files_down(
    published_files, commit, editor
):
    story, photo, published = published_files()
    commit(services.unpublish_story, story=story, user=editor)
    assert exists(published) == []


def test_an_officer_withdrawing_consent_takes_their_portrait_down_and_back(saved_photo, commit):
    photo = saved_photo(image=image_upload(size=(800, 600)))
    published = photo.stored_file_names()
    officer = OfficerFactory(photo=photo)
    officer.public_profile_consent = False
    officer.consent_recorded_at = None
    commit(officer.save)
    assert exists(published) == []
    assert takedown.files_are_withdrawn(Photo.objects.get(pk=photo.pk))

    officer.public_profile_consent = True
    commit(officer.save)
    assert exists(published) == published


def test_consent_withdrawn_keeps_a_portrait_a_published_story_leads_with(saved_photo, commit):
    photo = saved_photo(image=image_upload(size=(800, 600)))
    published = photo.stored_file_names()
    StoryFactory(lead_photo=photo)
    officer = OfficerFactory(photo=photo)
    officer.public_profile_consent = False
    officer.consent_recorded_at = None
    commit(officer.save)
    assert exists(published) == published


def test_the_cdn_is_told_which_addresses_stopped_answering(published_files, commit, editor):
    story, photo, published = published_files()
    heard = []

    def purge(sender, photo, names, urls, **kwargs):
        heard.append(urls)

    takedown.photo_files_moved.connect(purge)
    try:
        withdraw(commit, story, editor)
    finally:
        takedown.photo_files_moved.disconnect(purge)
    assert heard == [[storage().url(name) for name in published]]


def test_new_renditions_of_a_withdrawn_photo_are_made_out_of_public_view(
    published_files, commit, editor
):
    story, photo, published = published_files()
    photo = withdraw(commit, story, editor)
    photo.focal_point_x, photo.focal_point_y = 0.2, 0.3
    commit(photo.save)
    photo.refresh_from_db()
    assert photo.social_image.name.startswith("photos/withdrawn/")
    assert all(name.startswith("photos/withdrawn/") for name in photo.stored_file_names())
    assert exists(published) == []


def test_a_new_image_for_a_withdrawn_photo_joins_it_out_of_public_view(
    published_files, commit, editor
):
    story, photo, _ = published_files()
    photo = withdraw(commit, story, editor)
    photo.image = image_upload(size=(700, 500))
    commit(photo.save)
    photo.refresh_from_db()
    assert photo.width == 700
    assert all(name.startswith("photos/withdrawn/") for name in photo.stored_file_names())
    assert exists(photo.stored_file_names()) == photo.stored_file_names()


def test_syncing_twice_moves_nothing_the_second_time(published_files, commit, editor):
    story, photo, _ = published_files()
    withdraw(commit, story, editor)
    assert commit(takedown.sync_files, [photo.pk]) == []


# S3, through django-storages' own backend against moto's in-process S3.


@pytest.fixture
def s3(settings, monkeypatch):
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(variable, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                # As newsroom/settings.py configures it for MEDIA_STORAGE=s3.
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def keys(client):
    listing = client.list_objects_v2(Bucket=BUCKET)
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def test_withdrawal_moves_the_files_in_an_s3_bucket_and_publishing_brings_them_back(
    s3, published_files, commit, editor
):
    assert type(storages["default"]).__name__ == "S3Storage"
    story, photo, published = published_files()
    assert keys(s3) == sorted(published)

    withdraw(commit, story, editor)
    stored = keys(s3)
    assert not set(stored) & set(published)
    assert len(stored) == len(published)
    assert all(key.startswith("photos/withdrawn/") for key in stored)

    commit(services.restore_story, story=story, user=editor)
    commit(services.publish_story, story=story, user=editor)
    assert keys(s3) == sorted(published)
