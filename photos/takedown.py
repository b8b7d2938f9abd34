"""Taking a photo's files off their published addresses when nothing public shows it, and back.

Feeds, social cards and other sites copy the addresses of a photo's files (its original, every
rendition and the social crop). When no public story or profile shows the photo any more (its
story was withdrawn, its officer withdrew consent), those addresses must stop answering, or the
photo stays online after the takedown. So the files move to names under
``photos/withdrawn/<random>/``, which were never published and cannot be guessed; the photo's
row follows them, so the admin and share-link previews keep showing the photo. When something
public shows the photo again (the story is published again), the files move back to the
addresses that were published.

Guarantees:
- ``sync_files()`` puts each photo's files where they belong *now*, from the database as it
  stands (``PhotoQuerySet.in_public_use()``), so calling it twice, late, or for a photo that
  did not need it is harmless.
- Files move through the storage API only (open, save, delete), so the local file system and an
  S3 bucket behave alike. The new copies and the row are written first; the old files are
  deleted once the row commits. If deleting fails, the old files are named by no row, and
  ``prune_photo_files`` removes them.
- ``photo_files_moved`` is sent with the addresses that stopped answering, once the move has
  committed, so a CDN in front of the media can be told to forget them.
"""

import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.utils import timezone

from . import renditions
from .models import Photo

logger = logging.getLogger(__name__)

PUBLISHED_FOLDER = "photos/"
WITHDRAWN_FOLDER = "photos/withdrawn/"

# Sent once a move has committed, with ``photo``, ``names`` and ``urls``: the stored names and
# addresses that stopped answering. A CDN purge listens here.
photo_files_moved = Signal()


def is_withdrawn_name(name):
    return name.startswith(WITHDRAWN_FOLDER)


def withdrawn_name(name, token):
    """Where a published file is kept while its photo is withdrawn."""
    return f"{WITHDRAWN_FOLDER}{token}/{name.removeprefix(PUBLISHED_FOLDER)}"


def published_name(name):
    """The address a withdrawn file was published at (itself, for a published file)."""
    if not is_withdrawn_name(name):
        return name
    token_and_rest = name.removeprefix(WITHDRAWN_FOLDER)
    return PUBLISHED_FOLDER + token_and_rest.split("/", 1)[1]


def files_are_withdrawn(photo):
    return bool(photo.image) and is_withdrawn_name(photo.image.name)


def sync_files_on_commit(photo_ids):
    """Run ``sync_files`` once the current transaction commits (at once outside one)."""
    photo_ids = sorted({pk for pk in photo_ids if pk is not None})
    if photo_ids:
        transaction.on_commit(lambda: sync_files(photo_ids), robust=True)


def sync_files(photo_ids):
    """Move the files of each photo to where they belong now; returns the photos moved."""
    moved = []
    for pk in photo_ids:
        photo = _sync_one(pk)
        if photo is not None:
            moved.append(photo)
    return moved


def _sync_one(pk):
    with transaction.atomic():
        photo = Photo.objects.select_for_update().filter(pk=pk).first()
        if photo is None or not photo.image:
            return None
        in_public_use = Photo.objects.filter(pk=pk).in_public_use().exists()
        if in_public_use != files_are_withdrawn(photo):
            return None
        if in_public_use:
            rename = published_name
        else:
            token = secrets.token_hex(16)

            def rename(name):
                return withdrawn_name(name, token)

        storage = photo.image.storage
        moves = {name: rename(name) for name in photo.stored_file_names()}
        for old, new in moves.items():
            _copy(storage, old, new)
        manifest = renditions.renamed(photo.renditions or {}, moves)
        Photo.objects.filter(pk=pk).update(
            image=moves[photo.image.name], renditions=manifest, updated_at=timezone.now()
        )
        old_urls = [storage.url(name) for name in moves]
        photo.image.name, photo.renditions = moves[photo.image.name], manifest
        # Pages that show the photo carry its addresses: their caches must hear of the move as
        # of any other save of the photo (the conditional update() above sends no signal).
        post_save.send(
            sender=Photo,
            instance=photo,
            created=False,
            raw=False,
            using=photo._state.db,
            update_fields=frozenset({"image", "renditions", "updated_at"}),
        )
        renditions.delete_files_on_commit(storage, list(moves))
        transaction.on_commit(
            lambda: photo_files_moved.send(
                sender=Photo, photo=photo, names=list(moves), urls=old_urls
            ),
            robust=True,
        )
    logger.info(
        "Moved the files of photo %s to %s.", pk, "published" if in_public_use else "withdrawn"
    )
    return photo


def _copy(storage, old, new):
    """Copy a stored file to exactly ``new``, replacing a copy a failed move left there."""
    with storage.open(old, "rb") as source:
        content = ContentFile(source.read())
    if storage.exists(new):
        storage.delete(new)
    saved = storage.save(new, content)
    if saved != new:
        raise RuntimeError(f"The storage saved {new!r} as {saved!r}.")
