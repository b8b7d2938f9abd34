from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from . import revisions
from .models import Correction, Story
from .tagging import similar_tags
from .widgets import TagSuggestWidget

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
}


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
        # Sanitising happens on save, into body_html; the body keeps what staff wrote.
        sanitize=False,
        widget=AdminTextareaWidget,
    )

    # Set by the admin from the button pressed: the form validates for it (e.g. "publish").
    requested_action = None
    # Set when the save is refused because someone else saved first.
    conflict = None

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
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["base_version"]
        else:
            self.fields["base_version"].initial = self.instance.version

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
        if "base_version" in self.fields and self.cleaned_data.get("base_version") is not None:
            self._refuse_stale_save()
        return cleaned_data

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
        self.conflict = Conflict.between(self, started_from)
        # Re-rendered, the form carries the stored version: saving again is then a deliberate
        # choice, made after seeing the other person's changes.
        data = self.data.copy()
        data[self.add_prefix("base_version")] = stored
        self.data = data
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
        story = form.instance
        base = revisions.version_numbered(story, started_from)
        theirs = revisions.version_numbered(story, story.version)
        base_fields = revisions.state_of_version(base).fields if base else None
        their_fields = revisions.state_of_story(story).fields if base else None
        rows = []
        for name in form.changed_data:
            if name == "base_version":
                continue
            their_text = describe(form.get_initial_for_field(form.fields[name], name))
            your_text = describe(form.cleaned_data.get(name))
            if name == "body":
                their_text = revisions.readable_text(their_text)
                your_text = revisions.readable_text(your_text)
            if base_fields is None or name not in base_fields:
                changed_by_them = None
            else:
                changed_by_them = base_fields[name] != their_fields[name]
            rows.append(
                ConflictRow(
                    label=form.fields[name].label or capfirst(name),
                    theirs=their_text,
                    yours=your_text,
                    diff=revisions.word_diff(their_text, your_text),
                    changed_by_them=changed_by_them,
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


class CorrectionInlineForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["kind", "text"]
        widgets = {"text": AdminTextareaWidget(attrs={"rows": 2})}


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
