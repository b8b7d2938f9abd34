"""Finding stored photo files that no photo names any more.

A photo's original is written to the storage when its row is saved, before the transaction
commits. If the transaction then rolls back (the rest of the admin form failed, the server was
stopped mid-request), the row is gone but the file is not: nobody can see it in the admin, and
nobody can take it down. The same happens to files a crashed process was writing. These files
may show the people the stories are about, so they are found and deleted
(``manage.py prune_photo_files``) rather than left to pile up.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .models import Photo

# Every file of the photo library lives under this folder of the storage (see
# ``photo_upload_to`` and ``renditions.refresh``).
PHOTOS_FOLDER = "photos"
# How old an unnamed file must be before it counts as orphaned: an upload's file is written
# before its row commits, and its renditions before their manifest is saved.
DEFAULT_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class StoredFile:
    name: str
    modified: datetime


def files_under(storage, folder):
    """Every file below ``folder`` in ``storage``, however deep."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for subfolder in folders:
        yield from files_under(storage, f"{folder}/{subfolder}")


def named_files():
    """Every file name a photo's row names: its original, renditions and crop."""
    names = set()
    for photo in Photo.objects.only("image", "renditions").iterator(chunk_size=2000):
        names.update(photo.stored_file_names())
    return names


def orphaned_files(storage, *, older_than):
    """Files under the photo folder that no photo names, last written more than ``older_than``
    (a timedelta) ago, oldest first. The wait leaves alone an upload whose transaction has not
    committed yet."""
    # Listed before the rows are read: a photo committed in between is then among the names.
    try:
        stored = list(files_under(storage, PHOTOS_FOLDER))
    except FileNotFoundError:  # No photo was ever stored (an object store just lists nothing.)
        return []
    named = named_files()
    cutoff = timezone.now() - older_than
    orphans = []
    for name in stored:
        if name in named:
            continue
        modified = storage.get_modified_time(name)
        if modified <= cutoff:
            orphans.append(StoredFile(name, modified))
    return sorted(orphans, key=lambda file: (file.modified, file.name))
