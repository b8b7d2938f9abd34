from django import forms
from django.forms.widgets import ClearableFileInput

from . import imaging
from .models import Photo


class PhotoFileField(forms.FileField):
    """An upload checked by ``photos.imaging``: what the file is comes from its bytes.

    Django's own ImageField would let Pillow try every format it knows and report a decompression
    bomb as "not an image"; staff need to be told which of the limits their file broke.
    """

    widget = ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        file = super().to_python(data)
        if file is not None:
            imaging.open_checked(file)
        return file


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = [
            "image",
            "alt_text",
            "caption",
            "credit",
            "source",
            "focal_point_x",
            "focal_point_y",
        ]
        field_classes = {"image": PhotoFileField}
        widgets = {
            "focal_point_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_point_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }
