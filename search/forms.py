from django import forms
from django.utils.translation import gettext_lazy as _

from .text import clean

MAX_QUERY_LENGTH = 200


class QueryField(forms.CharField):
    """Free text as readers type it, with control characters (NUL included) turned into spaces."""

    def to_python(self, value):
        return clean(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Search for at most %(limit_value)d characters; this search has %(show_value)d."
            )
        },
    )

    def query(self):
        """The cleaned query; empty when there is nothing valid to search for."""
        if self.is_valid():
            return self.cleaned_data["q"]
        return ""

    def shown_query(self):
        """What the search field shows again: the reader's text, without control characters."""
        return clean(self.data.get("q", ""))[:MAX_QUERY_LENGTH]
