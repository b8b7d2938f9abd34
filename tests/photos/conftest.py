import pytest

from tests.factories import PhotoFactory


@pytest.fixture
def saved_photo(django_capture_on_commit_callbacks):
    """Save a photo as an upload is saved, renditions included: they are made once the row is
    committed, which a test's transaction never is unless asked."""

    def save(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            photo = PhotoFactory(**fields)
        photo.refresh_from_db()
        return photo

    return save


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what would happen once the current changes commit (file deletions, renditions)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
