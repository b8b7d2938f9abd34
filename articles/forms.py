from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget

from .models import Story


class StoryAdminForm(forms.ModelForm):
    """The story form staff write in: a short box for the standfirst, a tall one for the body.

    ``status`` is not a field: a story changes status only through the publishing buttons and
    actions, which go through ``articles.services`` and are recorded.
    """

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
            "publisher",
        ]
        widgets = {
            "standfirst": AdminTextareaWidget(attrs={"rows": 3}),
            "body": AdminTextareaWidget(attrs={"rows": 24}),
        }
