import mimetypes
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from . import alt_text, imaging, renditions
from .querysets import PhotoQuerySet


def photo_upload_to(instance, filename):
    # Random names: the original file name can reveal a place or a person.
    return f"photos/{uuid.uuid4().hex}.{instance._clean_extension or 'jpg'}"


class Photo(models.Model):
    """A photo in the library, used by stories and officer profiles.

    Every stored file has been re-encoded without metadata (see ``photos.imaging``). Renditions
    for screens and the social-card crop are made once the upload is committed, and deleted with
    the photo or when its file is replaced (see ``photos.renditions``).
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
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only if the photo adds nothing the text beside it does not already say: it then "
            "has no alt text, and screen readers skip it. A story's lead photo always needs alt "
            "text."
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
    focal_point_x = models.FloatField(
        _("focal point across"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Where the subject is, from the left edge (0) to the right edge (1): 0.5 is the "
            "middle, 0.25 a quarter of the way in. The crop for social media keeps this point in "
            "view. Leave both positions empty to crop around the centre."
        ),
    )
    focal_point_y = models.FloatField(
        _("focal point down"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Where the subject is, from the top edge (0) to the bottom edge (1), e.g. 0.3 for "
            "faces in the upper third."
        ),
    )
    renditions = models.JSONField(
        _("renditions"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "The resized copies made from the image and its social-media crop, with their sizes, "
            "so pages can list them without asking the storage."
        ),
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
        permissions = [
            (
                "change_photo_in_public_use",
                _("Can change a photo that a published story or public profile shows"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(width__gte=0, height__gte=0), name="photo_dimensions_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(focal_point_x__isnull=True, focal_point_y__isnull=True)
                | models.Q(focal_point_x__isnull=False, focal_point_y__isnull=False),
                name="photo_focal_point_complete",
                violation_error_message=_(
                    "Give both positions of the focal point, across and down, or leave both empty."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    focal_point_x__gte=0,
                    focal_point_x__lte=1,
                    focal_point_y__gte=0,
                    focal_point_y__lte=1,
                ),
                name="photo_focal_point_inside",
                violation_error_message=_("The focal point must lie between 0 and 1 each way."),
            ),
        ]

    _clean_extension = None

    def __str__(self):
        return self.caption or self.alt_text or _("Photo %(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        replaced_files = self._files_of_replaced_upload()
        clean = self._prepare_image()
        if clean is not None:
            self.renditions = {}
        super().save(*args, **kwargs)
        if replaced_files:
            renditions.delete_files_on_commit(self.image.storage, replaced_files)
        if clean is not None or not renditions.is_current(self):
            self._make_renditions_on_commit(clean.content if clean is not None else None)
        if replaced_files:
            from . import takedown

            if takedown.is_withdrawn_name(replaced_files[0]):
                # A new image for a withdrawn photo joins its other files, out of public view.
                takedown.sync_files_on_commit([self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self._has_new_upload():
            try:
                imaging.open_checked(self.image)
            except ValidationError as error:
                errors["image"] = error.messages
        if problem := self._alt_text_problem():
            errors["alt_text"] = problem
        if errors:
            raise ValidationError(errors)

    def _alt_text_problem(self):
        if not self.alt_text.strip() and self.pk is not None:
            # Publishing refuses a lead photo without alt text; this keeps it from being taken
            # away afterwards, while the story is public.
            headline = (
                self.stories.published_or_scheduled()
                .order_by("headline")
                .values_list("headline", flat=True)
                .first()
            )
            if headline is not None:
                return ValidationError(
                    _(
                        "The published story “%(story)s” shows this photo, so its alt text "
                        "cannot be removed. Describe what the photo shows."
                    ),
                    code="alt_text_needed_by_public_story",
                    params={"story": headline},
                )
        return alt_text.problem(self.alt_text, caption=self.caption, decorative=self.decorative)

    def _has_new_upload(self):
        return bool(self.image) and not getattr(self.image, "_committed", True)

    def _files_of_replaced_upload(self):
        """The stored files of the original a new upload replaces, to delete once committed."""
        if self._state.adding or not self._has_new_upload():
            return []
        row = type(self).objects.filter(pk=self.pk).values_list("image", "renditions").first()
        if row is None:
            return []
        old_image, old_renditions = row
        return [name for name in [old_image, *renditions.stored_names(old_renditions)] if name]

    def _prepare_image(self):
        """Replace a newly assigned upload by its validated, metadata-free re-encoding.

        Returns the ``CleanImage`` it stored, or None when the image did not change.
        """
        if not self._has_new_upload():
            return None
        file = self.image
        try:
            clean = imaging.clean_upload(file)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from error
        self._clean_extension = clean.extension
        self.image.save(file.name, clean.content, save=False)
        self.width, self.height = clean.size
        self.file_size = clean.content.size
        return clean

    def _make_renditions_on_commit(self, stored_content):
        """Make the renditions once the row is committed: a rolled-back upload leaves none.

        ``stored_content`` is the original as just stored, when the caller has it, which saves
        reading it back from the storage. Robust, because the photo itself is saved by then: if
        making them fails, the error is logged, pages show the original, and
        `regenerate_renditions --missing-only` repairs it.
        """
        pk, source_name = self.pk, self.image.name

        def make():
            photo = type(self).objects.filter(pk=pk, image=source_name).first()
            if photo is None:
                return
            image = imaging.open_stored(stored_content) if stored_content is not None else None
            renditions.refresh(photo, image=image)
            if self.image.name == source_name:
                self.renditions = photo.renditions

        transaction.on_commit(make, robust=True)

    def is_in_public_use(self):
        """Whether readers see this photo: see ``PhotoQuerySet.in_public_use()``."""
        return (
            self.pk is not None and type(self).objects.filter(pk=self.pk).in_public_use().exists()
        )

    @property
    def focal_point(self):
        """(across, down) as fractions of the width and height; the centre unless staff set it."""
        if self.focal_point_x is None or self.focal_point_y is None:
            return (0.5, 0.5)
        return (self.focal_point_x, self.focal_point_y)

    @property
    def social_image(self):
        """The crop for social-media cards (``url``, ``width``, ``height``, ``mime_type``), or
        None until it has been made. At most 1200×630 pixels, JPEG."""
        return renditions.social_rendition(self)

    @property
    def rendition_set(self):
        """The resized copies pages list in srcset, or None until they have been made."""
        return renditions.rendition_set(self)

    def stored_file_names(self):
        """Every file stored for this photo: the original, its renditions and its crop."""
        names = [self.image.name] if self.image else []
        return names + renditions.stored_names(self.renditions or {})

    @property
    def mime_type(self):
        return mimetypes.guess_type(self.image.name)[0] or "application/octet-stream"

    @property
    def syndicated_file(self):
        """The file feeds and structured data hand out (``url``, ``width``, ``height``, ``bytes``,
        ``mime_type``): the widest JPEG or PNG rendition, at most 1,920 pixels wide, which every
        reader can show; the original, which may weigh many megabytes, only until renditions
        exist."""
        made = self.rendition_set
        if made is not None:
            return made.fallback[-1]
        return renditions.Rendition(
            name=self.image.name,
            width=self.width,
            height=self.height,
            # Originals are stored as JPEG, PNG or WebP (photos.imaging), as renditions are.
            format=self.mime_type.removeprefix("image/"),
            bytes=self.file_size,
            url=self.image.url,
        )

    @property
    def orientation(self):
        return "landscape" if self.width >= self.height else "portrait"
