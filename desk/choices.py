"""Choices in admin forms: only the stories the person may see, and only values that can be
ids shown again.

A field that chooses a story ("translation of", the story that reported an award…) would
otherwise list, accept and name any story: a Writer could read the headline of another Writer's
draft by choosing its number, since the page then shows the story chosen. Its choices are
``Story.objects.visible_to(user)``, the rule the story admin, its list and its autocomplete
follow, plus what the field already holds, so that saving a form never drops a choice someone
else made.
"""

import functools

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections

from articles.models import Story


def _story_fields(form):
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is Story:
            yield name, field


def _held(form, name):
    """The stories the form's own object holds in field ``name``, by number."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return []
    value = form.initial.get(name)
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [getattr(item, "pk", item) for item in value]
    return [getattr(value, "pk", value)]


def limit_story_choices(form, user):
    for name, field in _story_fields(form):
        choices = field.queryset
        field.queryset = (choices & Story.objects.visible_to(user)) | choices.filter(
            pk__in=_held(form, name)
        )


def with_story_choices_for(form_class, user):
    """``form_class``, its story choices limited to what ``user`` may see."""

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        limit_story_choices(self, user)

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


class StoryChoicesAdminMixin:
    """For a ModelAdmin or an inline whose forms choose stories."""

    def get_form(self, request, obj=None, *args, **kwargs):
        return with_story_choices_for(super().get_form(request, obj, *args, **kwargs), request.user)

    def get_formset(self, request, obj=None, *args, **kwargs):
        formset = super().get_formset(request, obj, *args, **kwargs)
        formset.form = with_story_choices_for(formset.form, request.user)
        return formset


class ValidSelectedChoices:
    """An autocomplete that shows again only the chosen values that can be ids.

    A form refused for another reason is shown again with what was posted; Django's autocomplete
    widgets look the posted values up as they are, so a value that is not a number ("abc", a NUL
    byte) would turn the form's error into a 500. The field itself already refuses such a value
    with "Select a valid choice".
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._can_be_id(item)], attr)

    def _can_be_id(self, item):
        remote_opts = self.field.remote_field.model._meta
        target = remote_opts.get_field(
            getattr(self.field.remote_field, "field_name", None) or remote_opts.pk.name
        )
        return can_be_id(target, item, self.db)


def can_be_id(target, item, using=None):
    """Whether ``item``, as posted, can be looked up in field ``target`` (a primary key) without
    the database refusing the question."""
    try:
        value = target.to_python(item)
    except ValidationError:
        return False
    if isinstance(value, int):
        # SQLite cannot even be asked about a number larger than its integers.
        connection = connections[using or DEFAULT_DB_ALIAS]
        low, high = connection.ops.integer_field_range(target.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    # PostgreSQL refuses a NUL byte in any text it is given.
    return "\x00" not in str(item)


class InRangeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice that refuses a value that cannot be an id as Django refuses one that
    is not a number, before the database is asked about it."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for item in value:
            if isinstance(item, str) and not can_be_id(target, item, self.queryset.db):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class ValidAutocompleteSelect(ValidSelectedChoices, widgets.AutocompleteSelect):
    pass


class ValidAutocompleteSelectMultiple(ValidSelectedChoices, widgets.AutocompleteSelectMultiple):
    pass


class ValidChoicesAdminMixin:
    """Every admin page's autocompletes as ``ValidSelectedChoices``; the desk's site gives it to
    every model admin and inline (``desk.sites.DeskSite.register``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", InRangeModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.__class__ = with_valid_choices(type(inline))
        return inlines


@functools.cache
def with_valid_choices(admin_class):
    if issubclass(admin_class, ValidChoicesAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (ValidChoicesAdminMixin, admin_class),
        {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
    )
