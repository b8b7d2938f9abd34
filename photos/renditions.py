"""Resized copies of a photo for readers' screens, and its crop for social-media cards.

Guarantees:
- Each photo gets WebP renditions at the standard widths below its own width, plus one at its own
  width (at most the largest standard width), so nothing is ever enlarged; each width also has a
  fallback for browsers without WebP: JPEG, or PNG where the photo has transparent pixels.
- A social card crop of 1200×630 pixels (JPEG), centred on the photo's focal point and moved only
  as far as needed to stay inside the photo; smaller photos give a smaller crop of the same shape,
  never an enlarged one.
- Files are written and deleted only through the image field's storage, never by local path, so
  an S3-compatible storage works unchanged. Their names carry a digest of their bytes: a changed
  file has a new address, so browsers and social networks never keep an outdated copy.
- What was made is recorded in ``Photo.renditions`` (a manifest: names, sizes, formats, bytes), so
  pages build ``srcset`` from the row they already loaded, without asking the storage or the
  database again. The manifest names the original it was made from; one made from another
  original is never used.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from PIL import Image

from . import imaging

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280, 1920)
SOCIAL_SIZE = (1200, 630)
# The width whose fallback file is the <img src> for browsers that ignore srcset.
FALLBACK_SRC_WIDTH = 960
# Bumped whenever the encoding below changes, so `regenerate_renditions --missing-only` remakes
# files made the old way.
VERSION = 1
WEBP_QUALITY = 80
JPEG_QUALITY = 80
SOCIAL_QUALITY = 85
MIME_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class Rendition:
    """One stored file made from a photo."""

    name: str
    width: int
    height: int
    format: str
    bytes: int
    url: str

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


def srcset(renditions):
    """The ``srcset`` attribute of ``renditions``: each file's address and width."""
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


@dataclass(frozen=True)
class RenditionSet:
    """A photo's renditions as pages use them: WebP sources and their fallback, widest last."""

    webp: list
    fallback: list

    @functools.cached_property
    def webp_srcset(self):
        return srcset(self.webp)

    @functools.cached_property
    def fallback_srcset(self):
        return srcset(self.fallback)

    @property
    def src(self):
        """The fallback file for browsers that ignore srcset: a middling width, never the widest."""
        fitting = [each for each in self.fallback if each.width <= FALLBACK_SRC_WIDTH]
        return fitting[-1] if fitting else self.fallback[0]


def planned_widths(width):
    """The widths made for a photo ``width`` pixels wide: never wider than the photo."""
    if width <= 0:
        return []
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def scaled_height(width, original_width, original_height):
    return max(1, round(original_height * width / original_width))


def social_crop_box(width, height, focal_point=(0.5, 0.5)):
    """The largest box of the social card's shape inside the photo, centred on the focal point
    and moved only as far as it must to stay inside."""
    ratio = SOCIAL_SIZE[0] / SOCIAL_SIZE[1]
    if width / height > ratio:
        box_width, box_height = max(1, min(width, round(height * ratio))), height
    else:
        box_width, box_height = width, max(1, min(height, round(width / ratio)))
    focal_x, focal_y = focal_point
    left = min(max(round(focal_x * width - box_width / 2), 0), width - box_width)
    top = min(max(round(focal_y * height - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def social_output_size(box):
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if width >= SOCIAL_SIZE[0]:
        return SOCIAL_SIZE
    return width, height


# Reading the manifest


def manifest_for(photo):
    """The photo's manifest if it was made from the photo's current original, else {}."""
    manifest = photo.renditions or {}
    if not photo.image or manifest.get("source") != photo.image.name:
        return {}
    return manifest


def rendition_set(photo):
    """The photo's renditions for a <picture>, or None when none have been made yet."""
    files = manifest_for(photo).get("files")
    if not files:
        return None
    storage = photo.image.storage
    # The storage's own address for the empty name changes with anything that changes its
    # files' addresses (MEDIA_URL, a bucket's domain; a signed address changes every second).
    return _rendition_set(RecordedFiles(files), storage, storage.url(""))


class RecordedFiles:
    """A manifest's list of files, compared by their names alone: a name carries a digest of
    the file's bytes, so equal names mean equal files, sizes and formats."""

    __slots__ = ("entries", "names")

    def __init__(self, entries):
        self.entries = entries
        self.names = tuple(entry["name"] for entry in entries)

    def __eq__(self, other):
        return isinstance(other, RecordedFiles) and self.names == other.names

    def __hash__(self):
        return hash(self.names)


# A list page shows a dozen photos, each with ten files whose addresses the storage builds one
# by one: each photo's set is worked out once. The arguments are everything the answer depends
# on, so an entry never needs invalidating.
@functools.lru_cache(maxsize=4096)
def _rendition_set(files, storage, storage_address):
    renditions = sorted(
        (_rendition(entry, storage) for entry in files.entries),
        key=lambda rendition: rendition.width,
    )
    webp = [rendition for rendition in renditions if rendition.format == "webp"]
    fallback = [rendition for rendition in renditions if rendition.format != "webp"]
    if not fallback:
        return None
    return RenditionSet(webp=webp, fallback=fallback)


def social_rendition(photo):
    entry = manifest_for(photo).get("social")
    if not entry:
        return None
    return _rendition(entry, photo.image.storage)


def renditions_folder(source_name):
    """Where the renditions of the original ``source_name`` are stored: beside it, so that the
    files of a withdrawn photo (``photos.takedown``) stay together, and new ones join them."""
    folder, _, file_name = source_name.rpartition("/")
    stem = file_name.rsplit(".", 1)[0]
    return f"{folder}/renditions/{stem}/" if folder else f"renditions/{stem}/"


def renamed(manifest, names):
    """``manifest`` with each file renamed through the mapping ``names`` (old: new)."""
    if not manifest:
        return manifest
    renamed = {**manifest, "source": names.get(manifest.get("source"), manifest.get("source"))}
    renamed["files"] = [
        {**entry, "name": names.get(entry["name"], entry["name"])}
        for entry in manifest.get("files") or []
    ]
    if manifest.get("social"):
        social = manifest["social"]
        renamed["social"] = {**social, "name": names.get(social["name"], social["name"])}
    return renamed


def stored_names(manifest):
    """Every file name a manifest records."""
    names = [entry["name"] for entry in manifest.get("files") or []]
    if manifest.get("social"):
        names.append(manifest["social"]["name"])
    return names


def _rendition(entry, storage):
    return Rendition(
        name=entry["name"],
        width=entry["width"],
        height=entry["height"],
        format=entry["format"],
        bytes=entry["bytes"],
        url=storage.url(entry["name"]),
    )


# Deciding what is missing


def is_current(photo, *, check_storage=False):
    """Whether the photo has every rendition it should, made the current way.

    With ``check_storage``, each recorded file must also still exist in the storage.
    """
    manifest = manifest_for(photo)
    if not manifest or manifest.get("version") != VERSION:
        return False
    widths = planned_widths(photo.width)
    made = {(entry["format"], entry["width"]) for entry in manifest.get("files") or []}
    fallback_format = manifest.get("fallback_format")
    if any(("webp", w) not in made or (fallback_format, w) not in made for w in widths):
        return False
    social = manifest.get("social")
    if not social or social.get("focal_point") != list(photo.focal_point):
        return False
    if check_storage:
        storage = photo.image.storage
        return all(storage.exists(name) for name in stored_names(manifest))
    return True


# Making them


def refresh(photo, *, image=None, force=False, check_storage=False):
    """Make whatever renditions the photo lacks (all of them with ``force``); True if any were.

    ``image`` is the photo's clean pixels when the caller has them, which saves decoding the
    original again. The manifest is written only if the photo still has the original the files
    were made from; otherwise they are deleted again and the newer original's own refresh wins.
    Files the new manifest no longer lists are deleted once the transaction commits.
    """
    if not photo.image:
        return False
    if not force and is_current(photo, check_storage=check_storage):
        return False
    source_name = photo.image.name
    storage = photo.image.storage
    if image is None:
        with storage.open(source_name, "rb") as file:
            image = imaging.open_stored(file)
    old_manifest = manifest_for(photo)
    previous_names = set(stored_names(photo.renditions or {}))
    writer = _Writer(storage, renditions_folder(source_name), previous_names)

    fallback_format = "png" if imaging.has_transparency(image) else "jpeg"
    reusable = {}
    if not force and old_manifest.get("version") == VERSION:
        reusable = {
            (entry["format"], entry["width"]): entry
            for entry in old_manifest.get("files") or []
            if old_manifest.get("fallback_format") == fallback_format
        }
    files = _responsive_files(image, fallback_format, reusable, writer, check_storage)
    old_social = old_manifest.get("social") if not force else None
    if (
        old_social
        and old_social.get("focal_point") == list(photo.focal_point)
        and old_manifest.get("version") == VERSION
        and (not check_storage or storage.exists(old_social["name"]))
    ):
        social = old_social
    else:
        social = _social_file(image, photo.focal_point, writer)

    manifest = {
        "version": VERSION,
        "source": source_name,
        "fallback_format": fallback_format,
        "files": files,
        "social": social,
    }
    updated = (
        type(photo)
        .objects.filter(pk=photo.pk, image=source_name)
        .update(renditions=manifest, updated_at=timezone.now())
    )
    if not updated:
        delete_files_on_commit(storage, writer.written)
        return False
    photo.renditions = manifest
    # The conditional update() sends no signal; receivers that keep page caches fresh must hear
    # of the new markup as of any other save of the photo.
    post_save.send(
        sender=type(photo),
        instance=photo,
        created=False,
        raw=False,
        using=photo._state.db,
        update_fields=frozenset({"renditions", "updated_at"}),
    )
    delete_files_on_commit(storage, previous_names - set(stored_names(manifest)))
    return True


class _Writer:
    """Saves rendition bytes under names made from their digest; an identical file is kept."""

    def __init__(self, storage, prefix, existing_names):
        self.storage = storage
        self.prefix = prefix
        self.existing_names = existing_names
        self.written = []

    def save(self, data, label, extension):
        digest = hashlib.sha256(data).hexdigest()[:12]
        name = f"{self.prefix}{label}-{digest}.{extension}"
        if name in self.existing_names and self.storage.exists(name):
            return name
        saved = self.storage.save(name, ContentFile(data))
        self.written.append(saved)
        return saved


def _responsive_files(image, fallback_format, reusable, writer, check_storage):
    widths = planned_widths(image.width)
    # Smaller widths are resized from the largest rendition, not from the (much larger) original:
    # as sharp, and several times faster for a camera's photo.
    largest = None
    entries = []
    for width in widths:
        resized = None
        for file_format in ("webp", fallback_format):
            entry = reusable.get((file_format, width))
            if entry and (not check_storage or writer.storage.exists(entry["name"])):
                entries.append(entry)
                continue
            if largest is None:
                largest = _resize(image, widths[-1])
            if resized is None:
                resized = _resize(largest, width)
            entries.append(_encode_entry(resized, file_format, f"{width}w", writer))
    return entries


def _resize(image, width):
    if width == image.width:
        return image
    height = scaled_height(width, image.width, image.height)
    # reducing_gap first shrinks by a whole factor, then resamples: as sharp, far faster.
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode_entry(image, file_format, label, writer):
    if file_format == "webp":
        data = imaging.encode(image, "WEBP", quality=WEBP_QUALITY)
    elif file_format == "jpeg":
        data = imaging.encode(image, "JPEG", quality=JPEG_QUALITY, progressive=True)
    else:
        data = imaging.encode(image, "PNG", optimize=True)
    name = writer.save(data, label, EXTENSIONS[file_format])
    return {
        "name": name,
        "width": image.width,
        "height": image.height,
        "format": file_format,
        "bytes": len(data),
    }


def _social_file(image, focal_point, writer):
    box = social_crop_box(image.width, image.height, focal_point)
    size = social_output_size(box)
    crop = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    # Baseline JPEG: the one kind every social network's crawler reads.
    data = imaging.encode(imaging.flatten(crop), "JPEG", quality=SOCIAL_QUALITY)
    name = writer.save(data, "social", "jpg")
    return {
        "name": name,
        "width": size[0],
        "height": size[1],
        "format": "jpeg",
        "bytes": len(data),
        "focal_point": list(focal_point),
    }


def delete_files_on_commit(storage, names):
    """Delete stored files once the transaction commits; at once outside a transaction.

    After a rollback nothing is deleted: the rows that name the files are back.
    """
    names = sorted(set(names))
    if not names:
        return

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete, robust=True)
