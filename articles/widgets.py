"""The story form's widgets: the body editor, given only sanitised HTML, and the tag field,
taggit's comma-separated box, helped."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.forms import TagWidget

from .sanitizer import sanitize_html


class SanitisedProseEditorWidget(AdminProseEditorWidget):
    """The rich-text editor, loaded only with what the sanitiser keeps.

    A story's body is stored as its writer typed or pasted it (``body_html`` is the sanitised
    copy readers get). The editor turns its HTML into the DOM of the page of whoever opens the
    story next, an Editor reviewing a Writer's draft included, so an event handler in a stored
    body would run there; given the sanitised HTML it never arrives. The editor offers nothing
    the sanitiser removes, so nobody loses formatting they can see.
    """

    def format_value(self, value):
        return super().format_value(sanitize_html(value) if value else value)


class TagSuggestWidget(TagWidget):
    """Suggests existing tags as staff type, accents and case ignored
    (``static/admin-extra/tag-suggest.js``, a static file, as the admin's Content-Security-Policy
    wants); after a save refused because a new tag looked like an existing one, offers a box
    per such tag to create it anyway (``clashes``, set by the form)."""

    class Media:
        js = ["admin-extra/tag-suggest.js"]
        css = {"all": ["admin-extra/tag-suggest.css"]}

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.clashes = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-suggestions"] = reverse("admin:taggit_tag_suggestions")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.clashes:
            return html
        boxes = format_html_join(
            "",
            '<li><label><input type="checkbox" name="{}" value="{}"> {}</label></li>',
            (
                (
                    f"{name}_create_anyway",
                    new,
                    _("Create “%(new)s” as a new tag anyway, beside “%(existing)s”")
                    % {"new": new, "existing": existing.name},
                )
                for new, existing in self.clashes.items()
            ),
        )
        return html + format_html('<ul class="tag-clashes">{}</ul>', boxes)
