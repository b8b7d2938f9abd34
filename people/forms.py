from django import forms
from django.utils.translation import gettext_lazy as _


class PublicPageForm(forms.ModelForm):
    """The admin form of a record with a public page (an officer, an award, a programme): its
    slug named as staff know it, the end of the page's web address. The models keep their
    field names; these words reach the form, editable or read-only."""

    class Meta:
        labels = {"slug": _("Web address")}
        help_texts = {
            "slug": _(
                "The end of the public page's address, made from the name as you type: "
                "lowercase letters, numbers and hyphens. Links to the page stop working if it "
                "changes."
            )
        }
