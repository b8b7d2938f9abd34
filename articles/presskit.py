"""The press kit: everything a journalist needs to run a story, in one ``.zip``.

A kit holds the release as text and as HTML, each photo of the story at full size with its
caption, credit and terms written into the file (``photos.credits``), a captions-and-credits
text file, and the story's media contacts as vCards.

A kit is built once for each state of what it holds and kept in media storage (the local folder
or S3, whichever the site uses) under a name made from a digest of that content: a new version
of the story, an edited caption or a changed contact gives a new name, and so a new kit, and the
kits of earlier states are deleted when it is stored. Withdrawing a story deletes its kits.

Only what may be handed out is ever put in a kit; callers decide who may have it (the public
story page offers the kit of a published story only).
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from people.vcards import vcard, vcard_file_name
from photos.credits import PressFields, credited_image

FOLDER = "press-kits"


@dataclass(frozen=True)
class KitPhoto:
    photo: object
    fields: PressFields
    file_stem: str


def folder_of(story):
    return f"{FOLDER}/{story.pk}"


def press_kit(story):
    """The storage name of ``story``'s kit as it stands now, built and stored if need be."""
    documents, photos = kit_documents(story), kit_photos(story)
    name = f"{folder_of(story)}/{story.slug}-press-kit-{digest(documents, photos)}.zip"
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(zipped(documents, photos)))
        delete_press_kits(story, keep=stored)
        return stored
    return name


def delete_press_kits(story, *, keep=None):
    """Delete ``story``'s stored kits, but ``keep``."""
    try:
        _, names = default_storage.listdir(folder_of(story))
    except FileNotFoundError:
        return
    for file_name in names:
        name = f"{folder_of(story)}/{file_name}"
        if name != keep:
            default_storage.delete(name)


def kit_photos(story):
    """The story's photos, with what is written into each file. The story page shows one:
    its lead photo."""
    if story.lead_photo is None:
        return []
    fields = PressFields.of(story.lead_photo, caption=story.caption, headline=story.headline)
    return [KitPhoto(story.lead_photo, fields, f"{story.slug}-photo")]


def kit_documents(story):
    """The kit's text files, as {name in the zip: text}, in the story's own language."""
    contacts = list(story.media_contacts.select_related("organisation"))
    with translation.override(story.language):
        context = {
            "site_base_url": settings.NEWSROOM_BASE_URL,
            "story": story,
            "body_text": body_as_text(story.body_html),
            "quotes": story.quotes.select_related("officer", "officer__institution").order_by(
                "order", "pk"
            ),
            "links": story.links.order_by("order", "pk"),
            "corrections": story.corrections.order_by("created_at", "pk"),
            "contacts": contacts,
            "photos": kit_photos(story),
        }
        documents = {
            "release.txt": render_to_string("articles/press_kit/release.txt", context),
            "release.html": render_to_string("articles/press_kit/release.html", context),
            "captions-and-credits.txt": render_to_string(
                "articles/press_kit/captions.txt", context
            ),
        }
    for contact in contacts:
        documents[f"contacts/{vcard_file_name(contact)}"] = vcard(contact)
    return documents


def digest(documents, photos):
    """What tells one state of a kit from another: its texts, and each photo's file and the
    fields written into it."""
    hasher = hashlib.blake2b(digest_size=8)
    for name, text in sorted(documents.items()):
        hasher.update(name.encode() + b"\0" + text.encode() + b"\0")
    for kit_photo in photos:
        hasher.update(kit_photo.photo.image.name.encode() + b"\0")
        hasher.update(repr(kit_photo.fields).encode() + b"\0")
    return hasher.hexdigest()


def zipped(documents, photos):
    buffer = io.BytesIO()
    # Stored files get the moment they were built; photos are compressed already.
    moment = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w") as kit:
        for name, text in documents.items():
            entry = zipfile.ZipInfo(name, date_time=moment)
            entry.compress_type = zipfile.ZIP_DEFLATED
            kit.writestr(entry, text.encode())
        for kit_photo in photos:
            extension, data = credited_image(kit_photo.photo, kit_photo.fields)
            kit.writestr(
                zipfile.ZipInfo(f"photos/{kit_photo.file_stem}.{extension}", date_time=moment),
                data,
            )
    return buffer.getvalue()


class _TextWriter(HTMLParser):
    """Sanitised story HTML (``articles.sanitizer``'s allowlist) as plain text: blocks become
    paragraphs, list items bullets, and a link keeps its address in brackets."""

    BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "figure", "figcaption", "ul", "ol", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            address = self.links.pop()
            if address:
                self.parts.append(f" ({address})")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def body_as_text(html):
    writer = _TextWriter()
    writer.feed(html or "")
    writer.close()
    text = "".join(writer.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
