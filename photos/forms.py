from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import imaging, permissions
from .models import Photo

ACCEPTED_TYPES = "image/jpeg,image/png,image/webp"


class PhotoFileInput(AdminFileWidget):
    """The file input, with a preview of the chosen photo before anything is saved."""

    template_name = "photos/widgets/photo_file_input.html"

    class Media:
        js = ["photos/upload-preview.js"]
        css = {"all": ["photos/upload-preview.css"]}

    def __init__(self, attrs=None):
        super().__init__({"accept": ACCEPTED_TYPES, **(attrs or {})})


def limits_help_text():
    return format_lazy(
        _(
            "JPEG, PNG or WebP, at most {megabytes} MB and {megapixels} megapixels. A photo "
            "larger than {master} megapixels is stored scaled down, keeping its shape. Location, "
            "camera data and the file's name are removed on upload."
        ),
        megabytes=imaging.MAX_UPLOAD_BYTES // (1024 * 1024),
        megapixels=imaging.MAX_PIXELS // 1_000_000,
        master=imaging.MASTER_MAX_PIXELS // 1_000_000,
    )


class PhotoFileField(forms.FileField):
    """An upload checked by ``photos.imaging``: what the file is comes from its bytes.

    Django's own ImageField would let Pillow try every format it knows and report a decompression
    bomb as "not an image"; staff need to be told which of the limits their file broke. The
    file's own name is never kept (stored files get random names), so its length is no limit.
    """

    widget = PhotoFileInput

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=None, **kwargs)

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
        help_texts = {
            "image": limits_help_text(),
            "alt_text": _(
                "Needed unless the photo is decorative. What the photo shows, for readers who "
                "cannot see it, e.g. 'Two police officers in uniform holding framed "
                "certificates'. Not a file name, not just “photo”, and not the caption again."
            ),
        }
        widgets = {
            "image": PhotoFileInput,
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

    def _post_clean(self):
        super()._post_clean()
        # Browsers never send a chosen file again: say so, beside the field, when the rest of
        # the form is refused, so the person knows to choose it once more.
        if self.errors and "image" not in self.errors and self.files.get(self.add_prefix("image")):
            self.add_error(
                "image",
                ValidationError(
                    _(
                        "Choose the photo again: it was not saved because of the problems "
                        "below, and browsers do not keep a chosen file."
                    ),
                    code="choose_again",
                ),
            )
