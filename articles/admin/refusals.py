"""Saves refused for a reason the person did not cause: someone moved the story through the
workflow after they opened it, or the database turned the row down at the last moment.

Whatever the reason, the person sees what they typed, and a sentence that says why it was not
saved and what they can do now.
"""

from dataclasses import dataclass

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import revisions
from ..models import Story


def moved_since_opened(request, story):
    """Whether the form was opened at an earlier version of ``story`` than the stored one."""
    try:
        started_from = int(request.POST.get("base_version", ""))
    except ValueError:
        return False
    return started_from != story.version


@dataclass
class MovedMeanwhile:
    """A workflow button pressed on a story that someone moved after the form was opened."""

    story: Story
    action: str

    @property
    def last_move(self):
        return self.story.transitions.select_related("user").order_by("-at", "-pk").first()

    def reason(self, *, editable):
        # Imported here: the workflow module asks this one what a refusal is.
        from .workflow import format_time

        move = self.last_move
        status = self.story.get_status_display().lower()
        if move is None:
            said = _("This story became “%(status)s” after you opened it.") % {"status": status}
        else:
            said = _(
                "%(person)s made this story “%(status)s” at %(time)s, after you opened it."
            ) % {
                "person": _person(move.user) or _("Someone"),
                "status": status,
                "time": format_time(move.at),
            }
        if self.story.status == Story.Status.WITHDRAWN:
            then = _(
                "A withdrawn story is not updated on the site. Press “Save” to keep your changes "
                "on the withdrawn story; to put it back in front of readers, restore it as a draft "
                "first."
            )
        elif editable:
            then = _("The buttons below are the ones that apply to it now; choose one to save.")
        else:
            then = _(
                "You can no longer change it: copy what you typed below and send it to an editor, "
                "who can bring it in."
            )
        return " ".join([_("Not saved."), said, then])


def typed_values(form, data):
    """What was typed into ``form`` (bound to the refused POST) as ``(label, text)`` pairs: every
    field with something in it, and each quote and further-information link."""
    typed = []
    for bound in form:
        if bound.is_hidden:
            continue
        text = _readable(bound)
        if text:
            typed.append((bound.label, text))
    for prefix, label, field in [
        ("quotes", _("Quote"), "text"),
        ("links", _("Further-information link"), "url"),
    ]:
        keys = [key for key in data if key.startswith(f"{prefix}-") and key.endswith(f"-{field}")]
        texts = [data[key] for key in sorted(keys) if data[key].strip()]
        typed += [(f"{label} {number}", text) for number, text in enumerate(texts, 1)]
    return typed


def _readable(bound):
    field, value = bound.field, bound.value()
    values = value if isinstance(value, (list, tuple)) else [value]
    values = [item for item in values if item not in ("", None, False)]
    if not values:
        return ""
    if isinstance(field, forms.ModelChoiceField):
        keys = [item for item in values if str(item).isdigit()]
        return ", ".join(sorted(str(record) for record in field.queryset.filter(pk__in=keys)))
    if isinstance(field, forms.ChoiceField):
        choices = dict(field.choices)
        return ", ".join(str(choices.get(item, item)) for item in values)
    if isinstance(field, forms.BooleanField):
        return _("yes")
    if bound.name == "body":
        return revisions.readable_text(str(values[0]))
    return ", ".join(str(item) for item in values)


def refused_page(request, admin, refusal, form):
    """The page for a person who may no longer edit the story: why, and what they typed."""
    story = refusal.story
    context = {
        **admin.admin_site.each_context(request),
        "title": _("Your changes were not saved"),
        "subtitle": None,
        "opts": admin.opts,
        "original": story,
        "reason": refusal.reason(editable=False),
        "typed": typed_values(form, request.POST),
    }
    return TemplateResponse(request, "admin/articles/story/refused.html", context, status=409)


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
