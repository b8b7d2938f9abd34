"""The story form's tag field: taggit's comma-separated box, helped."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from taggit.forms import TagWidget


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
