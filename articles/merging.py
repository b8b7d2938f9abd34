"""Three-way merge of a refused story save: the version the form was opened at (base), the one
stored since (theirs), and what was submitted (yours).

A field only they changed takes their value in the form shown again, so that saving again keeps
their edit; a field only you changed keeps yours; a field you both changed keeps yours on screen
and is shown beside theirs, for the person to decide. The story's quotes and links (its inline
rows) are merged the same way, field by field and row by row.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import models


def comparable(name, value):
    """A submitted (cleaned) form value in the plain terms a revision records it in."""
    if name == "tags":
        return sorted(str(tag) for tag in value or [])
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, models.QuerySet)):
        return sorted(getattr(item, "pk", item) for item in value)
    return _plain(value)


def _plain(value):
    # The form takes times to the second; the stored time may hold microseconds.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    if value is None:
        return ""
    return value


def recorded(state, name):
    """The value of field ``name`` in a ``revisions.StoryState``, in the same plain terms."""
    if name == "tags":
        return sorted(state.tags)
    value = state.fields[name]
    return sorted(value) if isinstance(value, list) else _plain(value)


def put_value(form, name, value):
    """Write ``value`` (as the form's initial data holds it) into the bound ``form``'s data,
    as its widget would post it, so that the form shown again offers it."""
    data = form.data
    key = form.add_prefix(name)
    widget = form.fields[name].widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) if value else [None] * len(widget.widgets)
        pieces = zip(widget.widgets_names, widget.widgets, parts, strict=True)
        for suffix, subwidget, part in pieces:
            data[f"{key}{suffix}"] = subwidget.format_value(part) or ""
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif getattr(widget, "allow_multiple_selected", False):
        data.setlist(key, [str(getattr(item, "pk", item)) for item in value or []])
    elif isinstance(widget, forms.Select):
        chosen = widget.format_value(getattr(value, "pk", value))
        data[key] = chosen[0] if chosen else ""
    else:
        data[key] = widget.format_value(value) or ""


def reinstate_deleted_parts(data, prefix, stored):
    """Posted inline forms (quotes, links) whose row someone deleted since the form was opened,
    moved among the new ones, so that what was typed in them is kept and shown, not dropped.

    ``data`` is the posted data, ``prefix`` the formset's and ``stored`` the queryset of the
    story's rows as they stand. Returns the data to build the formset from, and how many forms
    were moved. A form whose row was deleted and which its editor marked for deletion too is
    left out: both wanted it gone.
    """
    try:
        initial = int(data[f"{prefix}-INITIAL_FORMS"])
        total = int(data[f"{prefix}-TOTAL_FORMS"])
    except (KeyError, ValueError):
        return data, 0
    posted = {index: data.get(f"{prefix}-{index}-id", "") for index in range(initial)}
    wanted = [pk for pk in posted.values() if pk.isdigit()]
    existing = {str(pk) for pk in stored.filter(pk__in=wanted).values_list("pk", flat=True)}
    gone = [index for index in range(initial) if posted[index] not in existing]
    if not gone:
        return data, 0
    reinstated = [index for index in gone if not data.get(f"{prefix}-{index}-DELETE")]
    order = [
        *(index for index in range(initial) if index not in gone),
        *reinstated,
        *range(initial, total),
    ]
    rebuilt = data.copy()
    for key in list(rebuilt):
        if key.startswith(f"{prefix}-") and key.split("-")[1].isdigit():
            del rebuilt[key]
    for new_index, old_index in enumerate(order):
        old_prefix, new_prefix = f"{prefix}-{old_index}-", f"{prefix}-{new_index}-"
        for key in data:
            if key.startswith(old_prefix):
                rebuilt.setlist(new_prefix + key[len(old_prefix) :], data.getlist(key))
        if old_index in gone:
            rebuilt[f"{new_prefix}id"] = ""
    rebuilt[f"{prefix}-INITIAL_FORMS"] = str(initial - len(gone))
    rebuilt[f"{prefix}-TOTAL_FORMS"] = str(len(order))
    return rebuilt, len(reinstated)


@dataclass(frozen=True)
class PartDifference:
    """One field of one inline row (a quote, a link) where the stored value (theirs) differs
    from the one submitted (yours), or a row they deleted that you had left alone.

    ``number`` is the row's place on the form, from 1; ``field`` the form field's name (None
    for a deleted row). ``changed_by_them`` is None when the version the form was opened at is
    unknown. ``kept_theirs``: only they changed it, and the form now holds their value.
    """

    number: int
    field: str | None
    theirs: object
    yours: object
    changed_by_them: bool | None
    changed_by_you: bool | None
    kept_theirs: bool

    @property
    def deleted_by_them(self):
        return self.field is None


def merge_parts(data, prefix, fields, stored, base):
    """Merge the posted inline forms of formset ``prefix`` with their rows as stored.

    ``fields`` are the inline form's fields by name (the story's own left out); ``stored`` the
    rows as they stand and ``base`` as the form was opened at, each ``{id: {attname: value}}``
    (``base`` None when that version is unknown: then nothing is merged and every difference is
    shown). A field only they changed takes their value in the returned data; a row they deleted
    that you left as it was is marked for deletion, so that it stays deleted. Returns the data
    and the ``PartDifference``s, in the order of the form.
    """
    try:
        initial = int(data[f"{prefix}-INITIAL_FORMS"])
    except (KeyError, ValueError):
        return data, []
    data = data.copy()
    differences = []
    for index in range(initial):
        key = f"{prefix}-{index}-"
        row_id = data.get(f"{key}id", "")
        if data.get(f"{key}DELETE"):
            continue
        yours = {name: _posted(name, field, data, f"{key}{name}") for name, field in fields.items()}
        base_row = base.get(row_id) if base is not None else None
        if row_id in stored:
            for name, field in fields.items():
                attname = _attname(field, name)
                theirs = _plain(stored[row_id][attname])
                if yours[name] == theirs:
                    continue
                changed_by_them = changed_by_you = None
                if base_row is not None:
                    original = _plain(base_row[attname])
                    changed_by_them, changed_by_you = original != theirs, yours[name] != original
                kept_theirs = changed_by_them is True and changed_by_you is False
                if kept_theirs:
                    data[f"{key}{name}"] = "" if theirs == "" else str(theirs)
                differences.append(
                    PartDifference(
                        index + 1,
                        name,
                        theirs,
                        yours[name],
                        changed_by_them,
                        changed_by_you,
                        kept_theirs,
                    )
                )
        elif base_row is not None and all(
            yours[name] == _plain(base_row[_attname(field, name)]) for name, field in fields.items()
        ):
            # They deleted it and you did not change it: their deletion stands.
            data[f"{key}DELETE"] = "on"
            differences.append(PartDifference(index + 1, None, None, None, True, False, True))
    return data, differences


def _posted(name, field, data, key):
    """The value a form field posted under ``key``, cleaned as the form would, in plain terms;
    what the field refuses is compared as typed (and so counts as a change of yours)."""
    raw = field.widget.value_from_datadict(data, {}, key)
    try:
        return comparable(name, field.clean(raw))
    except ValidationError:
        return raw


def _attname(field, name):
    # A choice of a record (the quote's officer) is stored as its id.
    return f"{name}_id" if isinstance(field, forms.ModelChoiceField) else name
