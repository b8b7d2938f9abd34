"""``prune_photo_files``: stored files no photo names are deleted, and only those."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction

from photos.models import Photo
from tests.factories import PhotoFactory, image_upload

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 3600


def prune(*args):
    out = io.StringIO()
    call_command("prune_photo_files", *args, stdout=out)
    return out.getvalue()


def age(media_root, name, seconds=TWO_HOURS):
    """Make a stored file look as if it was written ``seconds`` ago."""
    path = media_root / name
    then = time.time() - seconds
    os.utime(path, (then, then))


def storage():
    return Photo._meta.get_field("image").storage


@pytest.fixture
def rolled_back_upload(media_root):
    """The original an upload left behind when its transaction rolled back."""
    with pytest.raises(RuntimeError), transaction.atomic():
        photo = PhotoFactory(image=image_upload(size=(400, 300)))
        name = photo.image.name
        raise RuntimeError("the rest of the request failed")
    assert storage().exists(name)
    assert not Photo.objects.exists()
    return name


def test_the_original_of_a_rolled_back_upload_is_deleted(rolled_back_upload, media_root):
    age(media_root, rolled_back_upload)
    out = prune()
    assert not storage().exists(rolled_back_upload)
    assert f"Deleted {rolled_back_upload}" in out
    assert "1 file(s) no photo names deleted." in out


def test_files_of_existing_photos_are_kept(saved_photo, media_root):
    photo = saved_photo(image=image_upload(size=(800, 600)))
    names = photo.stored_file_names()
    assert len(names) > 2  # the original, its renditions and its crop
    for name in names:
        age(media_root, name)
    assert "No stored photo file is without its photo." in prune()
    assert all(storage().exists(name) for name in names)


def test_a_file_written_recently_is_kept_as_its_upload_may_still_commit(rolled_back_upload):
    prune()
    assert storage().exists(rolled_back_upload)


def test_the_wait_can_be_shortened(rolled_back_upload, media_root):
    age(media_root, rolled_back_upload, seconds=300)
    prune("--older-than=10")
    assert storage().exists(rolled_back_upload)
    prune("--older-than=4")
    assert not storage().exists(rolled_back_upload)


def test_a_dry_run_lists_and_deletes_nothing(rolled_back_upload, media_root):
    age(media_root, rolled_back_upload)
    out = prune("--dry-run")
    assert f"Would delete {rolled_back_upload}" in out
    assert "1 file(s) no photo names would be deleted." in out
    assert storage().exists(rolled_back_upload)


def test_files_outside_the_photo_folder_are_never_touched(media_root):
    name = storage().save("documents/press-kit.pdf", ContentFile(b"%PDF-1.4"))
    age(media_root, name)
    prune("--older-than=0")
    assert storage().exists(name)


def test_orphaned_renditions_in_nested_folders_are_found(media_root):
    name = storage().save("photos/renditions/abc/abc-320.webp", ContentFile(b"RIFF"))
    age(media_root, name)
    prune()
    assert not storage().exists(name)


def test_an_empty_library_is_fine():
    assert "No stored photo file is without its photo." in prune()


def test_a_negative_wait_is_refused_with_a_message():
    with pytest.raises(CommandError, match="0 or more"):
        prune("--older-than=-5")


def test_a_storage_that_cannot_list_its_files_gets_a_clear_message(monkeypatch, media_root):
    storage().save("photos/x.jpg", ContentFile(b"x"))

    def cannot_list(folder):
        raise NotImplementedError

    monkeypatch.setattr(storage(), "listdir", cannot_list)
    with pytest.raises(CommandError, match="cannot list its files"):
        prune()


def test_works_with_a_storage_that_has_no_local_paths(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    with pytest.raises(RuntimeError), transaction.atomic():
        name = PhotoFactory(image=image_upload(size=(400, 300))).image.name
        raise RuntimeError("the rest of the request failed")
    assert storage().exists(name)
    prune("--older-than=0")
    assert not storage().exists(name)
