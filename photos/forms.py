from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from . import imaging
from .models import Photo

# What the upload's name may end with; what the bytes are is checked by photos.imaging.
UPLOAD_EXTENSIONS = sorted({*imaging.ALLOWED_FORMATS.values(), "jpeg"})


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        image = self.fields["image"]
        # Django's own messages name every format Pillow reads; staff need the three we keep.
        image.error_messages["invalid_image"] = _("This file is not a JPEG, PNG or WebP photo.")
        image.validators = [FileExtensionValidator(allowed_extensions=UPLOAD_EXTENSIONS)]
