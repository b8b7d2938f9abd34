from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .choices import Language, StoryStatus
from .querysets import StoryQuerySet
from .sanitizer import sanitize_html


class Section(models.Model):
    """A kind of story readers can browse by, e.g. News, Press release, Feature."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("e.g. 'News'"))
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order in menus"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section-detail", kwargs={"slug": self.slug})


class Story(models.Model):
    """A story as the press office publishes it.

    Public only when ``Story.objects.published()`` says so: published, with ``published_at`` in
    the past. A future ``published_at`` schedules the story; no job has to run for it to appear.
    """

    Status = StoryStatus

    headline = models.CharField(
        _("headline"),
        max_length=250,
        help_text=_("e.g. 'Police officers trained by UNODC in Mexico are recognized …'"),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=250,
        unique=True,
        help_text=_("The story's address. It cannot change once the story has been published."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences that sum the story up; shown in lists and feeds."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML: paragraphs, headings (h2–h4), emphasis, lists, quotations, figures and links. "
            "Anything else is removed when the story is saved."
        ),
    )
    body_html = models.TextField(_("sanitised body"), blank=True, editable=False)
    dateline_place = models.CharField(
        _("dateline place"), max_length=120, blank=True, help_text=_("e.g. 'Morelia (Mexico)'")
    )
    dateline_date = models.DateField(
        _("dateline date"),
        null=True,
        blank=True,
        help_text=_("The date the story speaks from; defaults to the publication date."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the story: it goes public by itself then."),
    )
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="stories"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("For an edition in another language, the original story it translates."),
    )
    publisher = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_stories",
        help_text=_("Leave empty for the site's own publisher."),
    )
    featured = models.BooleanField(
        _("lead story"),
        default=False,
        help_text=_("The newest published lead story heads the home page."),
    )
    lead_photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    lead_photo_caption = models.CharField(
        _("lead photo caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    officers = models.ManyToManyField(
        "people.Officer",
        verbose_name=_("officers mentioned"),
        blank=True,
        related_name="stories",
    )
    programmes = models.ManyToManyField(
        "people.TrainingProgramme",
        verbose_name=_("programmes"),
        blank=True,
        related_name="stories",
    )
    awards = models.ManyToManyField(
        "people.Award", verbose_name=_("awards"), blank=True, related_name="stories"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StoryStatus.values), name="story_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=StoryStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="story_published_has_time",
                violation_error_message=_("A published story needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="story_language_valid"
            ),
        ]
        indexes = [
            # Matches published(): every public list filters on status and sorts by time.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status=StoryStatus.PUBLISHED),
                name="story_published_idx",
            ),
            models.Index(fields=["status", "-updated_at"], name="story_status_updated_idx"),
            # Conditional GET asks for the newest edit of all.
            models.Index(fields=["-updated_at"], name="story_updated_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body_html = sanitize_html(self.body)
        if self.status == StoryStatus.PUBLISHED:
            if not self.published_at:
                self.published_at = timezone.now()
            if not self.first_published_at:
                self.first_published_at = self.published_at
        if self.dateline_date is None and self.published_at:
            self.dateline_date = timezone.localdate(self.published_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:story-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == StoryStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        # The address locks once the story has actually been public, not when it is scheduled.
        if self.pk and self.first_published_at and self.first_published_at <= timezone.now():
            stored_slug = Story.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored_slug and stored_slug != self.slug:
                raise ValidationError(
                    {
                        "slug": _(
                            "This story has been published as “%(slug)s”; its address cannot "
                            "change, or links to it would break."
                        )
                        % {"slug": stored_slug}
                    },
                    code="slug_locked",
                )

    def is_published(self, now=None):
        """Instance mirror of ``Story.objects.published()``."""
        now = now or timezone.now()
        return (
            self.status == StoryStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
        )

    def is_scheduled(self, now=None):
        now = now or timezone.now()
        return self.status == StoryStatus.PUBLISHED and bool(
            self.published_at and self.published_at > now
        )

    @property
    def dateline(self):
        """'Morelia (Mexico), 12 January 2021', in the active language's date format."""
        parts = []
        if self.dateline_place:
            parts.append(self.dateline_place)
        if self.dateline_date:
            parts.append(date_format(self.dateline_date, "j F Y"))
        return ", ".join(parts)

    @property
    def caption(self):
        if self.lead_photo_caption:
            return self.lead_photo_caption
        return self.lead_photo.caption if self.lead_photo else ""

    @property
    def publisher_name(self):
        return self.publisher.name if self.publisher else settings.NEWSROOM_PUBLISHER_NAME


class Quote(models.Model):
    """A testimony quoted in a story, attributed to an officer or to a named speaker."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField(_("quotation"), help_text=_("The speaker's words, without quotes."))
    officer = models.ForeignKey(
        "people.Officer",
        verbose_name=_("speaker (officer)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    speaker_name = models.CharField(
        _("speaker name"),
        max_length=200,
        blank=True,
        help_text=_("For a speaker without an officer profile, e.g. 'María López'."),
    )
    speaker_role = models.CharField(
        _("speaker role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'Programme coordinator, UNODC'"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(officer__isnull=False) | ~Q(speaker_name=""),
                name="quote_has_speaker",
                violation_error_message=_("Choose an officer or give the speaker's name."),
            ),
        ]

    def __str__(self):
        return f"{self.attribution}: {self.text[:60]}"

    @property
    def attribution(self):
        if self.officer_id:
            return self.officer.display_name
        return self.speaker_name

    @property
    def attribution_role(self):
        if self.speaker_role:
            return self.speaker_role
        if self.officer_id and self.officer.institution_id:
            return self.officer.institution.name
        return ""


class FurtherLink(models.Model):
    """A 'Further information' link at the foot of a story."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(_("label"), max_length=200, help_text=_("e.g. 'UNODC in Mexico'"))
    url = models.URLField(_("address"), max_length=500, help_text=_("https://…"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("further-information link")
        verbose_name_plural = _("further-information links")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label
