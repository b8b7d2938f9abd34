"""Choices of stories in admin forms: only the stories the person may see.

A field that chooses a story ("translation of", the story that reported an award…) would
otherwise list, accept and name any story: a Writer could read the headline of another Writer's
draft by choosing its number, since the page then shows the story chosen. Its choices are
``Story.objects.visible_to(user)``, the rule the story admin, its list and its autocomplete
follow, plus what the field already holds, so that saving a form never drops a choice someone
else made.
"""

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
