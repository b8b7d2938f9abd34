from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from newsroom.canonical import absolute_url

from . import merging, revisions
from .models import Correction, Story
from .tagging import similar_tags
from .widgets import SanitisedProseEditorWidget, TagSuggestWidget

# What the body editor offers: exactly what ``articles.sanitizer`` keeps, so that nothing staff
# format in the editor disappears when the story is saved (a test holds the two together).
BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Tables pasted from Word or Google Docs keep their rows and cells.
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}


class WebAddressInput(forms.TextInput):
    """The end of a story's address, shown inside the whole address readers will use."""

    # Found by the form renderer, which reads app folders only.
    template_name = "articles/widgets/web_address_input.html"

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        with translation.override(self.language or translation.get_language()):
            # The address of a story whose slug is "-", less the "-/": everything before it.
            address = absolute_url(reverse("articles:story-detail", kwargs={"slug": "-"}))
        context["widget"]["prefix"] = address.removesuffix("-/")
        return context


@dataclass(frozen=True)
class SlugClash:
    """A web address another story holds, and the free one given instead."""

    wanted: str
    holder: Story
    given: str


class StoryAdminForm(forms.ModelForm):
    """The story form staff write in: a rich-text editor for the body, a short box for the
    standfirst.

    ``status`` is not a field: a story changes status only through the workflow buttons and
    actions, which go through ``articles.services`` and are recorded. ``base_version`` is the
    version of the story the form was built from; a save from an older one is refused with what
    changed (``conflict``), the form keeping everything the user typed.
    """

    # The story's version when the form was built (the model's own field is not editable).
    base_version = forms.IntegerField(widget=forms.HiddenInput)
    body = ProseEditorFormField(
        label=capfirst(Story._meta.get_field("body").verbose_name),
        required=False,
        help_text=_(
            "Headings, bold and italic, lists, quotations and links (http, https or mailto). "
            "Formatting pasted from elsewhere that the site does not use is removed on saving."
        ),
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        # Sanitising happens on save, into body_html; the body keeps what staff wrote, and the
        # editor is only ever given it sanitised.
        sanitize=False,
        widget=SanitisedProseEditorWidget,
    )

    # Set by the admin from the button pressed: the form validates for it (e.g. "publish").
    requested_action = None
    # Set when the save is refused because someone else saved first.
    conflict = None
    # Set by the admin when the save is refused before validation (the story moved through the
    # workflow since the form was opened: a sentence saying so), or when the database turned
    # the save down (``DATABASE_REFUSED``); the form then comes back with everything typed.
    refusal = None
    DATABASE_REFUSED = "database"

    class Meta:
        model = Story
        fields = [
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
            "tags",
            "section",
            "published_at",
            "featured",
            "language",
            "translation_of",
            "publisher",
        ]
        widgets = {
            "standfirst": AdminTextareaWidget(attrs={"rows": 3}),
            "tags": TagSuggestWidget(attrs={"class": "vTextField"}),
            "slug": WebAddressInput(attrs={"class": "vTextField web-address__slug"}),
        }
        # Plain words for the people who fill the form in; the models keep their names.
        labels = {
            "slug": _("Web address"),
            "standfirst": _("Summary"),
            "officers": _("People in this story"),
        }
        help_texts = {
            "slug": _(
                "Made from the headline as you type; lowercase letters, numbers and hyphens. "
                "It can change until the story is first published, then it stays, so that links "
                "to the story keep working."
            ),
            "standfirst": _(
                "One or two sentences that sum the story up, shown under the headline, in lists "
                "and in feeds."
            ),
            "officers": _(
                "The officers the story is about. Those who agreed to a public profile get a "
                "link to it from the story, and the story appears on their page."
            ),
        }

    # Set when the web address asked for belongs to another story (see clean_slug).
    slug_clash = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["base_version"]
        else:
            self.fields["base_version"].initial = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].widget.language = self.instance.language
        if "body" in self.fields:
            # The editing area speaks the story's language, so that the browser checks the
            # spelling in it (the page's script follows the language field as it changes).
            self.fields["body"].widget.attrs.update(
                {"lang": self.instance.language, "spellcheck": "true"}
            )

    def clean_slug(self):
        """A web address another story holds, even a withdrawn one, is not refused: the story
        gets the first free one ("…-2"), and ``slug_clash`` says whose address it was."""
        slug = self.cleaned_data["slug"]
        holder = (
            Story.objects.filter(slug=slug)
            .exclude(pk=self.instance.pk)
            .only("pk", "headline", "slug", "status", "published_at", "created_by_id")
            .first()
        )
        if holder is None:
            return slug
        free = Story.objects.free_slug(slug, exclude=self.instance.pk)
        self.slug_clash = SlugClash(wanted=slug, holder=holder, given=free)
        # Shown again (if anything else needs fixing), the form carries the free address.
        data = self.data.copy()
        data[self.add_prefix("slug")] = free
        self.data = data
        return free

    def clean_tags(self):
        """Ask before making a tag that differs from an existing one only by accents or case
        ("Michoacan" beside "Michoacán"): it would split the topic's page in two."""
        names = self.cleaned_data.get("tags") or []
        getlist = getattr(self.data, "getlist", None)
        confirmed = set(getlist(self.add_prefix("tags_create_anyway")) if getlist else [])
        clashes = {name: tag for name, tag in similar_tags(names).items() if name not in confirmed}
        if clashes:
            self.fields["tags"].widget.clashes = clashes
            raise ValidationError(
                [
                    ValidationError(
                        _(
                            "“%(new)s” differs from the existing tag “%(existing)s” only by "
                            "accents or capital letters. Write “%(existing)s” to use it, or tick "
                            "the box below to create a separate tag."
                        ),
                        code="similar_tag",
                        params={"new": name, "existing": tag.name},
                    )
                    for name, tag in clashes.items()
                ]
            )
        return names

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal == self.DATABASE_REFUSED:
            self.add_error(None, self._database_refusal())
        elif self.refusal:
            self.add_error(None, ValidationError(self.refusal, code="moved"))
        if "base_version" in self.fields and self.cleaned_data.get("base_version") is not None:
            self._refuse_stale_save()
        return cleaned_data

    def _database_refusal(self):
        if self.slug_clash is not None:
            return ValidationError(
                _(
                    "Not saved: while you were saving, another story took the web address "
                    "“%(wanted)s”. Yours now has the next free one, “%(given)s”, with everything "
                    "you typed; check it and save again."
                ),
                code="slug_taken",
                params={"wanted": self.slug_clash.wanted, "given": self.slug_clash.given},
            )
        return ValidationError(
            _(
                "Not saved: something this story refers to changed while you were saving. "
                "Everything you typed is below; check the form and save again."
            ),
            code="database_refused",
        )

    def _post_clean(self):
        super()._post_clean()
        if self.requested_action == "publish" and not self.errors:
            # The status changes only after validation; check the story as it would go public.
            try:
                self.instance.validate_publishable()
            except ValidationError as error:
                self._update_errors(error)

    def _refuse_stale_save(self):
        started_from = self.cleaned_data["base_version"]
        stored = self.instance.version
        if started_from == stored:
            return
        # Re-rendered, the form carries the stored version, and their changes to the fields
        # this person left alone: saving again is then a deliberate choice, made after seeing
        # the other person's changes, and never undoes one of theirs unseen.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = stored
        self.conflict = Conflict.between(self, started_from)
        raise ValidationError(
            _("Not saved: someone else saved this story after you opened it (see above)."),
            code="stale",
        )


@dataclass
class Conflict:
    """A save refused because someone else saved the story after the form was opened."""

    story: Story
    saved_by: object
    saved_at: object
    rows: list
    started_from: int
    base_version_id: int | None
    their_version_id: int | None

    @classmethod
    def between(cls, form, started_from):
        """The fields where the stored story (theirs) and the submitted form (yours) differ.

        With the revision the form was opened at (base), a field only they changed takes their
        value in ``form``'s data; without it, nothing is merged and every difference is shown.
        """
        story = form.instance
        base = revisions.version_numbered(story, started_from)
        theirs = revisions.version_numbered(story, story.version)
        base_state = revisions.state_of_version(base) if base else None
        their_state = revisions.state_of_story(story) if base else None
        rows = []
        for name in form.changed_data:
            if name == "base_version":
                continue
            field = form.fields[name]
            initial = form.get_initial_for_field(field, name)
            their_text = describe(initial)
            your_text = describe(form.cleaned_data.get(name))
            if name == "body":
                their_text = revisions.readable_text(their_text)
                your_text = revisions.readable_text(your_text)
            changed_by_them = changed_by_you = None
            if base_state is not None and (name in base_state.fields or name == "tags"):
                base_value = merging.recorded(base_state, name)
                their_value = merging.recorded(their_state, name)
                changed_by_them = base_value != their_value
                changed_by_you = merging.comparable(name, form.cleaned_data.get(name)) != base_value
            kept_theirs = changed_by_them is True and changed_by_you is False
            if kept_theirs:
                merging.put_value(form, name, initial)
            rows.append(
                ConflictRow(
                    label=field.label or capfirst(name),
                    theirs=their_text,
                    yours=your_text,
                    diff=revisions.word_diff(their_text, your_text),
                    changed_by_them=changed_by_them,
                    changed_by_you=changed_by_you,
                    kept_theirs=kept_theirs,
                )
            )
        return cls(
            story=story,
            saved_by=story.updated_by,
            saved_at=story.updated_at,
            rows=rows,
            started_from=started_from,
            base_version_id=base.pk if base else None,
            their_version_id=theirs.pk if theirs else None,
        )

    def add_parts(self, model, fields, differences):
        """Add the merge of the story's quotes or links (``model``; ``differences`` from
        ``merging.merge_parts``, ``fields`` the inline form's) to the rows shown."""
        part = capfirst(model._meta.verbose_name)
        for difference in differences:
            if difference.deleted_by_them:
                label = _("%(part)s %(number)d (they deleted it)") % {
                    "part": part,
                    "number": difference.number,
                }
                self.rows.append(ConflictRow(label, "", "", "", True, False, kept_theirs=True))
                continue
            field = fields[difference.field]
            label = _("%(part)s %(number)d: %(field)s") % {
                "part": part,
                "number": difference.number,
                "field": field.label or capfirst(difference.field),
            }
            theirs = describe_choice(field, difference.theirs)
            yours = describe_choice(field, difference.yours)
            self.rows.append(
                ConflictRow(
                    label=label,
                    theirs=theirs,
                    yours=yours,
                    diff=revisions.word_diff(theirs, yours),
                    changed_by_them=difference.changed_by_them,
                    changed_by_you=difference.changed_by_you,
                    kept_theirs=difference.kept_theirs,
                )
            )

    @property
    def to_decide(self):
        """The rows the person must look at: everything but their changes already taken in."""
        return [row for row in self.rows if not row.kept_theirs]

    @property
    def taken_in(self):
        return [row for row in self.rows if row.kept_theirs]

    @property
    def message(self):
        return _(
            "%(user)s saved this story at %(time)s, after you opened it. Nothing was saved and "
            "nothing you typed is lost: it is all still in the form below. Compare their version "
            "with yours, bring in what you want to keep, and save again."
        ) % {
            "user": self.saved_by or _("Someone"),
            "time": date_format(timezone.localtime(self.saved_at), "DATETIME_FORMAT"),
        }


@dataclass(frozen=True)
class ConflictRow:
    """One field whose stored value (theirs) differs from the one submitted (yours).

    ``changed_by_them`` says whether they changed it since the form was opened (None when the
    revision the form started from is unknown); otherwise the difference is the user's own edit.
    """

    label: str
    theirs: str
    yours: str
    diff: str
    changed_by_them: bool | None
    changed_by_you: bool | None = None
    # Only they changed it: the form now holds their value, and saving again keeps it.
    kept_theirs: bool = False


def describe(value):
    """A form value as a person reads it: names for records, dates in the house format."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, models.QuerySet)):
        return ", ".join(sorted(describe(item) for item in value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def describe_choice(field, value):
    """A plain value of form ``field`` as a person reads it: the record's name for an id."""
    if isinstance(field, forms.ModelChoiceField) and value not in ("", None):
        chosen = field.queryset.filter(pk=value).first() if str(value).isdigit() else None
        return describe(chosen) if chosen is not None else str(value)
    return describe(value)


class CorrectionInlineForm(forms.ModelForm):
    """A correction or update; once readers have read one, its words are shown, not offered
    for editing, and other words posted for them are refused with an error, never dropped."""

    class Meta:
        model = Correction
        fields = ["kind", "text"]
        widgets = {"text": AdminTextareaWidget(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.is_public():
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        cleaned_data = super().clean()
        # Django ignores what is posted for a disabled field. A browser posts nothing for it,
        # but a hand-made request that rewords the note would be "saved" with its words gone:
        # tell the editor instead, and show the words they sent so they can reuse them.
        for name in list(self.reworded_fields()):
            self.fields[name].disabled = False
            self.add_error(
                name,
                _(
                    "Readers have read this note, so its words stay as they are. Add a new "
                    "correction or update to say what changed."
                ),
            )
        return cleaned_data

    def reworded_fields(self):
        """The disabled fields for which the request sent a value other than the stored one."""
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if not field.disabled or key not in self.data:
                continue
            try:
                posted = field.clean(field.widget.value_from_datadict(self.data, self.files, key))
            except ValidationError:
                yield name
                continue
            if posted != getattr(self.instance, name):
                yield name


class CorrectionInlineFormSet(forms.BaseInlineFormSet):
    def get_queryset(self):
        corrections = super().get_queryset()
        for correction in corrections:
            # Each form asks whether its note is public, which reads the story.
            correction.story = self.instance
        return corrections

    def clean(self):
        super().clean()
        public = [
            form for form in self.deleted_forms if form.instance.pk and form.instance.is_public()
        ]
        if public:
            raise ValidationError(
                _(
                    "Readers have read the correction of %(date)s, so it stays on the record. "
                    "Add a new correction or update to say what changed."
                ),
                code="public_correction",
                params={"date": date_format(timezone.localtime(public[0].instance.created_at))},
            )


class TransitionForm(forms.Form):
    """The note a move through the workflow carries into the audit log."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=AdminTextareaWidget(attrs={"rows": 3}),
        help_text=_("Optional; kept in the audit log, e.g. what the writer should change."),
    )


class WithdrawalForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=AdminTextareaWidget(attrs={"rows": 3}),
        help_text=_(
            "Required; kept in the audit log, e.g. 'At the request of the officer named, "
            "who did not consent to publication.'"
        ),
    )
