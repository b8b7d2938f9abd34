"""Revisions of stories (django-reversion): what one holds, how two compare, how one is restored.

A revision is one save of a story as staff made it: its fields, its people, programmes and awards,
its tags, quotes and further-information links, with who saved it, when, and a comment. The
story's status and publication time are recorded too, for the record, but restoring a revision
never changes them. Corrections are not part of a revision: they are a public record that
restoring an earlier text must not erase.
"""

import difflib
import re
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from .models import FurtherLink, Quote, Story

# What a story revision holds besides the story's own fields.
STORY_FOLLOWS = ["quotes", "links", "tagged_items"]
# Derived from ``body`` on every save; storing it would only make revisions heavier.
STORY_EXCLUDED = ["body_html"]

# The story's own fields as the compare view lists them, in the order of the form.
COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline_place",
    "dateline_date",
    "lead_photo",
    "lead_photo_caption",
    "officers",
    "programmes",
    "awards",
    "section",
    "language",
    "translation_of",
    "publisher",
    "featured",
    "status",
    "published_at",
]
# What restoring a revision puts back. Not the status, publication times or lead-story flag: a
# restore edits the story, it does not publish, unpublish or promote it.
RESTORED_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "dateline_place",
    "dateline_date",
    "lead_photo",
    "lead_photo_caption",
    "section",
    "language",
    "translation_of",
    "publisher",
]
RESTORED_RELATIONS = ["officers", "programmes", "awards"]
QUOTE_FIELDS = ["text", "officer_id", "speaker_name", "speaker_role", "order"]
LINK_FIELDS = ["label", "url", "order"]


def register_models():
    """Tell django-reversion what a story revision holds; called once, when the app is ready."""
    reversion.register(Story, exclude=STORY_EXCLUDED, follow=STORY_FOLLOWS)
    reversion.register(Quote)
    reversion.register(FurtherLink)
    # Tags are attached through taggit's generic TaggedItem; the tag itself comes along so that
    # a revision still names a tag deleted since.
    if not reversion.is_registered(TaggedItem):
        reversion.register(TaggedItem, follow=["tag"])
    if not reversion.is_registered(Tag):
        reversion.register(Tag)


def add_comment(text):
    """Add ``text`` to the comment of the revision being made (several steps may each say
    what they did: "Changed Body. Published.")."""
    existing = reversion.get_comment()
    reversion.set_comment(f"{existing} {text}".strip() if existing else text)


@dataclass
class StoryState:
    """A story as a revision recorded it, or as it is now, in plain values."""

    fields: dict
    quotes: list = field(default_factory=list)
    links: list = field(default_factory=list)
    tags: list = field(default_factory=list)


def versions_of(story):
    """The story's revisions, newest first, with who saved each."""
    return Version.objects.get_for_object(story).select_related("revision", "revision__user")


def state_of_version(version):
    """What the revision ``version`` (a version of a story) recorded."""
    story_id = int(version.object_id)
    values = version.field_dict
    fields = {name: _field_value(values, name) for name in COMPARED_FIELDS}
    state = StoryState(fields=fields)
    related = version.revision.version_set.select_related("content_type")
    tag_ids, tag_names = [], {}
    for other in related:
        model = other.content_type.model_class()
        if model is Quote and _int(other.field_dict["story_id"]) == story_id:
            state.quotes.append({name: other.field_dict[name] for name in QUOTE_FIELDS})
        elif model is FurtherLink and _int(other.field_dict["story_id"]) == story_id:
            state.links.append({name: other.field_dict[name] for name in LINK_FIELDS})
        elif model is TaggedItem and _tags_story(other.field_dict, story_id):
            tag_ids.append(other.field_dict["tag_id"])
        elif model is Tag:
            tag_names[int(other.object_id)] = other.field_dict["name"]
    missing = [tag_id for tag_id in tag_ids if tag_id not in tag_names]
    if missing:
        tag_names.update(Tag.objects.filter(pk__in=missing).values_list("pk", "name"))
    state.tags = sorted(tag_names[tag_id] for tag_id in tag_ids if tag_id in tag_names)
    state.quotes.sort(key=lambda quote: quote["order"])
    state.links.sort(key=lambda link: link["order"])
    return state


def parts_of_version(version, model):
    """The rows of ``model`` (quotes or links) that the revision ``version`` recorded for its
    story, by id, each as its stored values (``field.attname``: value)."""
    story_id = int(version.object_id)
    content_type = ContentType.objects.get_for_model(model)
    return {
        str(other.object_id): other.field_dict
        for other in version.revision.version_set.filter(content_type=content_type)
        if _int(other.field_dict["story_id"]) == story_id
    }


def version_numbered(story, number, *, look_back=50):
    """The revision that recorded ``story`` at version ``number``, if among the newest ones."""
    for version in versions_of(story)[:look_back]:
        if version.field_dict.get("version") == number:
            return version
    return None


def state_of_story(story):
    """What the story holds now, as stored."""
    fields = {}
    for name in COMPARED_FIELDS:
        model_field = Story._meta.get_field(name)
        if model_field.many_to_many:
            fields[name] = sorted(getattr(story, name).values_list("pk", flat=True))
        else:
            fields[name] = getattr(story, model_field.attname)
    return StoryState(
        fields=fields,
        quotes=list(story.quotes.order_by("order", "pk").values(*QUOTE_FIELDS)),
        links=list(story.links.order_by("order", "pk").values(*LINK_FIELDS)),
        tags=sorted(story.tags.values_list("name", flat=True)),
    )


@dataclass(frozen=True)
class Change:
    """One field of two states side by side, as the compare and conflict views show it."""

    name: str
    label: str
    old: str
    new: str
    diff: str = ""

    @property
    def changed(self):
        return self.old != self.new


def compare(old, new):
    """Every field, quote, link and tag list of two ``StoryState``s, changed or not."""
    names = _Names.for_states(old, new)
    changes = []
    for name in COMPARED_FIELDS:
        label = capfirst(Story._meta.get_field(name).verbose_name)
        old_text = names.describe(name, old.fields[name])
        new_text = names.describe(name, new.fields[name])
        diff = word_diff(_readable(name, old_text), _readable(name, new_text))
        if (
            name == "body"
            and old_text != new_text
            and _readable(name, old_text) == _readable(name, new_text)
        ):
            diff = _("Only the formatting changed.")
        changes.append(Change(name, label, old_text, new_text, diff))
    for name, label, old_value, new_value in [
        ("tags", _("Tags"), ", ".join(old.tags), ", ".join(new.tags)),
        ("quotes", _("Quotes"), names.quotes(old.quotes), names.quotes(new.quotes)),
        ("links", _("Further-information links"), _links(old.links), _links(new.links)),
    ]:
        changes.append(Change(name, label, old_value, new_value, word_diff(old_value, new_value)))
    return changes


def word_diff(old, new):
    """``new`` with the words taken out of ``old`` struck through and the words put in marked."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = "".join(old_words[old_start:old_end])
        added = "".join(new_words[new_start:new_end])
        if operation == "equal":
            parts.append(format_html("{}", added))
            continue
        if removed.strip():
            parts.append(format_html("<del>{}</del>", removed))
        if added.strip():
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


def apply_revision(story, version):
    """Put the content ``version`` recorded back on ``story`` (saved by the caller), and its
    people, tags, quotes and links back in the database.

    References to records deleted since are dropped rather than failing the restore; a section
    deleted since leaves the story's current section in place.
    """
    if version.content_type.model_class() is not Story or int(version.object_id) != story.pk:
        raise ValidationError(_("That revision belongs to another story."), code="other_story")
    state = state_of_version(version)
    names = _Names.for_states(state)
    for name in RESTORED_FIELDS:
        model_field = Story._meta.get_field(name)
        value = state.fields[name]
        if model_field.is_relation and value is not None and not names.exists(name, value):
            if not model_field.null:
                continue
            value = None
        setattr(story, model_field.attname, value)
    if story.first_published_at is None:
        # The address is free to change until the story has been public.
        story.slug = state.fields["slug"]
    _put_back_related(story, state, names)


def _put_back_related(story, state, names):
    for name in RESTORED_RELATIONS:
        getattr(story, name).set([pk for pk in state.fields[name] if names.exists(name, pk)])
    story.tags.set(state.tags)
    # New rows, saved one by one so that each joins the revision being made.
    story.quotes.all().delete()
    for recorded in state.quotes:
        quote = dict(recorded)
        if quote["officer_id"] is not None and not names.exists("officer", quote["officer_id"]):
            quote["officer_id"] = None
        if quote["officer_id"] is None and not quote["speaker_name"]:
            # Its speaker was an officer deleted since: the quote has no one to attribute it to.
            continue
        Quote.objects.create(story=story, **quote)
    story.links.all().delete()
    for link in state.links:
        FurtherLink.objects.create(story=story, **link)


class _Names:
    """Names for the primary keys two states hold, looked up with one query per kind."""

    RELATED = {
        "lead_photo": "lead_photo",
        "section": "section",
        "translation_of": "translation_of",
        "publisher": "publisher",
        "officers": "officers",
        "programmes": "programmes",
        "awards": "awards",
        "officer": "officers",
    }

    def __init__(self, wanted):
        self.objects = {}
        for name, pks in wanted.items():
            model = Story._meta.get_field(self.RELATED[name]).related_model
            self.objects[name] = model._default_manager.in_bulk(pks) if pks else {}

    @classmethod
    def for_states(cls, *states):
        wanted = {name: set() for name in cls.RELATED}
        for state in states:
            for name in cls.RELATED:
                if name == "officer":
                    wanted[name].update(
                        quote["officer_id"] for quote in state.quotes if quote["officer_id"]
                    )
                    continue
                value = state.fields[name]
                if isinstance(value, list):
                    wanted[name].update(value)
                elif value is not None:
                    wanted[name].add(value)
        return cls(wanted)

    def exists(self, name, pk):
        return pk in self.objects[name]

    def name(self, name, pk):
        found = self.objects[name].get(pk)
        if found is None:
            return _("(deleted, #%(pk)s)") % {"pk": pk}
        if name in ("officers", "officer"):
            return found.display_name
        return str(found)

    def describe(self, field_name, value):
        model_field = Story._meta.get_field(field_name)
        if model_field.many_to_many:
            return ", ".join(sorted(self.name(field_name, pk) for pk in value))
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            return self.name(field_name, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if field_name == "published_at":
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if field_name == "dateline_date":
            return date_format(value, "DATE_FORMAT")
        if field_name == "featured":
            return _("yes") if value else _("no")
        return str(value)

    def quotes(self, quotes):
        lines = []
        for quote in quotes:
            speaker = quote["speaker_name"]
            if quote["officer_id"]:
                speaker = self.name("officer", quote["officer_id"])
            lines.append(f"{speaker}: “{quote['text']}”")
        return "\n".join(lines)


def _links(links):
    return "\n".join(f"{link['label']} <{link['url']}>" for link in links)


def _readable(name, text):
    return readable_text(text) if name == "body" else text


def readable_text(html):
    """HTML as readers read it: its text, one block a line, without the markup."""
    blocks = re.sub(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", "\n", html)
    return "\n".join(line.strip() for line in strip_tags(blocks).splitlines() if line.strip())


def _field_value(values, name):
    model_field = Story._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(_int(pk) for pk in values.get(name, []))
    return values.get(model_field.attname)


def _tags_story(values, story_id):
    story_type = ContentType.objects.get_for_model(Story)
    return values["content_type_id"] == story_type.pk and _int(values["object_id"]) == story_id


def _int(value):
    return int(value) if value is not None else None
