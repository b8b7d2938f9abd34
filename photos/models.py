import mimetypes
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import imaging
from .querysets import PhotoQuerySet


def photo_upload_to(instance, filename):
    # Random names: the original file name can reveal a place or a person.
    return f"photos/{uuid.uuid4().hex}.{instance._clean_extension or 'jpg'}"


class Photo(models.Model):
    """A photo in the library, used by stories and officer profiles.

    Every stored file has been re-encoded without metadata (see ``photos.imaging``).
    """

    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed on upload."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    file_size = models.PositiveIntegerField(
        _("file size in bytes"),
        editable=False,
        default=0,
        help_text=_("Kept so feeds can state enclosure lengths without asking the storage."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it, e.g. "
            "'Two police officers in uniform holding framed certificates'."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("e.g. 'Award recipients, Officer Alejandra Ruíz Ortiz and Officer …'"),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("e.g. '© Photo Images / Hemera Technologies'"),
    )
    source = models.CharField(
        _("source or licence"),
        max_length=200,
        blank=True,
        help_text=_("Where the photo came from and on what terms, e.g. 'Stock licence, 2020'."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(width__gte=0, height__gte=0), name="photo_dimensions_positive"
            ),
        ]

    _clean_extension = None

    def __str__(self):
        return self.caption or self.alt_text or _("Photo %(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self._prepare_image()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.image and not getattr(self.image, "_committed", True):
            try:
                imaging.open_checked(self.image)
            except ValidationError as error:
                raise ValidationError({"image": error.messages}) from error

    def _prepare_image(self):
        """Replace a newly assigned upload by its validated, metadata-free re-encoding."""
        file = self.image
        if not file or getattr(file, "_committed", True):
            return
        try:
            content, extension, width, height = imaging.clean_upload(file)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from error
        self._clean_extension = extension
        self.image.save(file.name, content, save=False)
        self.width, self.height = width, height
        self.file_size = content.size

    @property
    def mime_type(self):
        return mimetypes.guess_type(self.image.name)[0] or "application/octet-stream"

    @property
    def orientation(self):
        return "landscape" if self.width >= self.height else "portrait"
