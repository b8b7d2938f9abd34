from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import ClearableFileInput

from . import imaging, permissions
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
    """The photo library's form. ``user`` (set by the admin) is who is saving: a change they may
    not make to a photo readers see is refused with the reason, and what they typed stays on the
    page."""

    user = None

    class Meta:
        model = Photo
        # Everything staff edit is what readers see of the photo.
        fields = list(permissions.GUARDED_FIELDS)
        field_classes = {"image": PhotoFileField}
        widgets = {
            "focal_point_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_point_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.user is None or self.instance.pk is None:
            return cleaned_data
        guarded = permissions.guarded_fields(self.user, self.instance)
        if any(name in guarded for name in self.changed_data):
            raise ValidationError(permissions.refusal(self.instance), code="photo_in_public_use")
        return cleaned_data
