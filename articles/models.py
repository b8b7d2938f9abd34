import secrets

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from newsroom.canonical import absolute_url
from newsroom.translated import site_publisher_name, translated_name

from .choices import CorrectionKind, Language, StoryStatus, TransitionAction
from .querysets import ShareLinkQuerySet, StoryQuerySet
from .sanitizer import sanitize_html


class StaleStoryError(Exception):
    """A save based on a version of a story that someone else has saved over since."""

    def __init__(self, *, story_pk, expected_version):
        self.story_pk = story_pk
        self.expected_version = expected_version
        super().__init__(
            f"Story {story_pk} is no longer at version {expected_version}: someone else saved it."
        )


class Section(models.Model):
    """A kind of story readers can browse by, e.g. News, Press release, Feature."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("e.g. 'News'"))
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 'Noticias'. Leave empty to show the name above on the Spanish site."),
    )
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

    @property
    def translated_name(self):
        return translated_name(self)


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
    # The last save readers could see (the story was public before it or after it): what
    # public validators (Last-Modified, ETag) read, so that work on drafts never shows in them.
    public_changed_at = models.DateTimeField(
        _("last public change"), null=True, blank=True, editable=False
    )
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
    # The same tags as rows, so that pages can read each tag with its translation in the one
    # query taggit's own prefetch would cost (see ``tag_list``); no column, no migration.
    tagged_items = GenericRelation(TaggedItem, related_query_name="tagged_story")
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
    media_contacts = models.ManyToManyField(
        "people.MediaContact",
        verbose_name=_("media contacts"),
        blank=True,
        related_name="stories",
        help_text=_(
            "Who journalists may contact about this story: shown on its page, in emails about "
            "it and in its press kit."
        ),
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
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one with every save; a save based on an older version is refused."),
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        # Roles (see the roles migration): writers have add/change on their own drafts only;
        # these say who may do more.
        permissions = [
            ("review_story", _("Can edit any story, whoever wrote it, and return it to draft")),
            ("publish_story", _("Can publish, schedule and unpublish stories")),
            ("withdraw_story", _("Can withdraw a published story and restore a withdrawn one")),
        ]
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
            # Public validators ask for the newest public change.
            models.Index(fields=["-public_changed_at"], name="story_public_changed_idx"),
            # leading(): the few translations marked as the lead story, found without reading
            # the archive.
            models.Index(
                fields=["translation_of"],
                condition=Q(featured=True),
                name="story_featured_translation_idx",
            ),
        ]

    # The version a save in progress expects to find stored; see save() and _do_update().
    _expected_version = None

    def __str__(self):
        return self.headline

    def save(self, *args, expected_version=None, **kwargs):
        """Save, and keep a revision of the story with its quotes, links and tags.

        Refused with ``StaleStoryError`` when the stored story is no longer at the version this
        instance was read at, or at ``expected_version`` (the version an editor's form was built
        from): someone else saved in between, and saving now would silently undo their work.
        """
        self.body_html = sanitize_html(self.body)
        if self.status == StoryStatus.PUBLISHED:
            if not self.published_at:
                self.published_at = timezone.now()
            if not self.first_published_at:
                self.first_published_at = self.published_at
        if self.dateline_date is None and self.published_at:
            self.dateline_date = timezone.localdate(self.published_at)
        update_fields = kwargs.get("update_fields")
        now = timezone.now()
        if self.was_public_when_read(now) or self.is_published(now):
            self.public_changed_at = now
            if update_fields is not None:
                kwargs["update_fields"] = update_fields = {*update_fields, "public_changed_at"}
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        updating = not self._state.adding
        if updating:
            self._expected_version = self.version if expected_version is None else expected_version
            self.version = self._expected_version + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            if reversion.is_active():
                # The caller's revision (an admin save, a service) takes this save in.
                super().save(*args, **kwargs)
            else:
                with reversion.create_revision():
                    super().save(*args, **kwargs)
        except BaseException:
            if updating:
                self.version = self._expected_version
            raise
        finally:
            self._expected_version = None
        self._stored_visibility = (self.status, self.published_at)

    def get_absolute_url(self):
        # A story lives under its own language's prefix: a Spanish edition at /es/stories/….
        with translation.override(self.language):
            return reverse("articles:story-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        story = super().from_db(db, field_names, values)
        # Whether readers could see the story as read, for save() to tell a public change.
        story._stored_visibility = (
            story.__dict__.get("status"),
            story.__dict__.get("published_at"),
        )
        return story

    def was_public_when_read(self, now=None):
        """Whether the story, as it was read from the database, was public (at ``now``);
        True when that is not known (its status or time were not read)."""
        status, published_at = getattr(self, "_stored_visibility", (None, None))
        if self._state.adding:
            return False
        if status is None or (status == StoryStatus.PUBLISHED and published_at is None):
            return True
        return status == StoryStatus.PUBLISHED and published_at <= (now or timezone.now())

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # Django's own UPDATE, narrowed to the expected version: the check and the write are
        # one statement (UPDATE … WHERE id = %s AND version = %s), so of two saves that started
        # from the same version exactly one can succeed. django-concurrency uses the same hook.
        if self._expected_version is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        expected = base_qs.filter(version=self._expected_version)
        if not super()._do_update(expected, using, pk_val, values, update_fields, forced_update):
            raise StaleStoryError(story_pk=pk_val, expected_version=self._expected_version)
        return True

    def clean(self):
        super().clean()
        self._validate_translation()
        if self.status == StoryStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.status == StoryStatus.PUBLISHED:
            self.validate_publishable()
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

    def validate_publishable(self):
        """Raise ``ValidationError`` if the story, as it stands, must not go public."""
        photo = self.lead_photo
        if photo is not None and not photo.alt_text.strip():
            message = _(
                "The lead photo “%(photo)s” has no alt text. Describe what it shows, for "
                "readers who cannot see it, in the photo library before publishing."
            )
            raise ValidationError(
                {
                    "lead_photo": ValidationError(
                        message, code="lead_photo_without_alt_text", params={"photo": photo}
                    )
                }
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
            parts.append(date_format(self.dateline_date, "DATE_FORMAT"))
        return ", ".join(parts)

    def _validate_translation(self):
        """Editions form flat groups: one original, each translation in a language of its own."""
        original = self.translation_of
        if original is None:
            if self.pk and self.translations.filter(language=self.language).exists():
                raise _field_error(
                    "language",
                    _("A translation of this story is already in this language."),
                    "translation_same_language",
                )
            return
        if self.pk and original.pk == self.pk:
            raise _field_error(
                "translation_of",
                _("A story cannot be a translation of itself."),
                "translation_of_itself",
            )
        if original.translation_of_id is not None:
            raise _field_error(
                "translation_of",
                _("“%(story)s” is itself a translation; choose the original it translates."),
                "translation_of_translation",
                story=original,
            )
        if self.pk and self.translations.exists():
            raise _field_error(
                "translation_of",
                _("This story has translations of its own, so it is an original."),
                "original_cannot_be_translation",
            )
        if original.language == self.language:
            raise _field_error(
                "language",
                _(
                    "A translation must be in another language than its original, "
                    "which is in %(language)s."
                ),
                "translation_same_language",
                language=original.get_language_display(),
            )
        if original.translations.filter(language=self.language).exclude(pk=self.pk).exists():
            raise _field_error(
                "language",
                _("“%(story)s” already has an edition in %(language)s."),
                "translation_language_taken",
                story=original,
                language=self.get_language_display(),
            )

    @cached_property
    def other_editions(self):
        """The published editions of this story in other languages, in one query.

        The original and its translations, except this story, ordered by language. Cached, so
        that a page may ask in its head, its body and its language switcher for one query.
        """
        original_id = self.translation_of_id or self.pk
        return list(
            Story.objects.published()
            .filter(Q(pk=original_id) | Q(translation_of_id=original_id))
            .exclude(pk=self.pk)
            .exclude(language=self.language)
            .only("slug", "language", "headline", "translation_of_id")
            .order_by("language")
        )

    def edition_alternates(self):
        """``(language, absolute URL)`` for this story and each of its other editions, for
        ``hreflang``; empty when the story has no other published edition."""
        if not self.other_editions:
            return []
        return [
            (edition.language, absolute_url(edition.get_absolute_url()))
            for edition in sorted([self, *self.other_editions], key=lambda story: story.language)
        ]

    @property
    def tag_list(self):
        """The story's tags by name, each with its translation: read through the
        ``tagged_items`` prefetch of ``for_detail()`` and ``for_feed()``, at no extra query."""
        return sorted(
            (item.tag for item in self.tagged_items.all()), key=lambda tag: tag.name.casefold()
        )

    @property
    def language_label(self):
        """The story's language named in that language, e.g. 'In English', 'En español': how
        a story is marked where it is listed on the other language's site."""
        with translation.override(self.language):
            return str(_("In %(language)s")) % {
                "language": translation.get_language_info(self.language)["name_local"]
            }

    @property
    def caption(self):
        if self.lead_photo_caption:
            return self.lead_photo_caption
        return self.lead_photo.caption if self.lead_photo else ""

    @property
    def publisher_name(self):
        """The publisher's name in the reader's language."""
        if self.publisher:
            return translated_name(self.publisher)
        return site_publisher_name()


def _field_error(field, message, code, **params):
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


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


class StoryTransition(models.Model):
    """One move of a story through the workflow: who made it, when, from which status to which.

    Written only by ``articles.services``, never edited: together these rows are the audit log.
    """

    Action = TransitionAction

    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="transitions",
    )
    story_headline = models.CharField(
        _("headline"),
        max_length=250,
        help_text=_("The headline at the time, kept even if the story is deleted later."),
    )
    action = models.CharField(_("action"), max_length=20, choices=TransitionAction.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=StoryStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=StoryStatus.choices)
    publication_time = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("The story's publication time after the move; in the future if scheduled."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why, e.g. the reason for a withdrawal.")
    )

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=TransitionAction.values),
                name="story_transition_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(to_status__in=StoryStatus.values)
                & Q(from_status__in=[*StoryStatus.values, ""]),
                name="story_transition_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["-at"], name="story_transition_at_idx"),
            models.Index(fields=["story", "-at"], name="story_transition_story_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.story_headline}"


class Correction(models.Model):
    """A dated correction or update note, shown to readers at the foot of the story."""

    Kind = CorrectionKind

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "What was wrong and what is right now, e.g. 'An earlier version of this story gave "
            "the wrong year for the start of the programme; it began in 2017.'"
        ),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When readers could first read the note: from then on its words stay as they were.
    public_from = models.DateTimeField(_("public from"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values),
                name="correction_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {date_format(timezone.localtime(self.created_at))}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.public_from is None and self.story.status == StoryStatus.PUBLISHED:
                # On a scheduled story, readers first read it when the story goes out.
                self.public_from = max(self.created_at, self.story.published_at)
        else:
            self._refuse_rewriting_public_words()
        super().save(*args, **kwargs)

    def _refuse_rewriting_public_words(self):
        stored = type(self).objects.filter(pk=self.pk).select_related("story").first()
        if stored is None or not stored.is_public():
            return
        if (stored.kind, stored.text) != (self.kind, self.text):
            raise PublicCorrectionError(
                _(
                    "Readers have read this note, so its words stay as they are. Add a new "
                    "correction or update to say what changed."
                )
            )

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).select_related("story").first()
        if stored is not None and stored.is_public():
            raise PublicCorrectionError(
                _(
                    "Readers have read this note, so it stays on the record. Add a new "
                    "correction or update to say what changed."
                )
            )
        return super().delete(*args, **kwargs)

    def is_public(self, now=None):
        """Whether readers have read (or can read) this note: then it is part of the record, and
        a change to it is a new, dated note. Public from the moment its story showed it, and
        for as long as its story is public."""
        now = now or timezone.now()
        if self.public_from is not None and self.public_from <= now:
            return True
        return self.story.is_published(now)


class PublicCorrectionError(ValidationError):
    """A change to the words of a correction or update that readers have read."""


class TagTranslation(models.Model):
    """A tag's name in Spanish: django-taggit's ``Tag`` holds one name, the original."""

    tag = models.OneToOneField(
        "taggit.Tag",
        verbose_name=_("tag"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="translation",
    )
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 'capacitación policial'. Leave empty to show the tag's own name."),
    )

    class Meta:
        verbose_name = _("tag translation")
        verbose_name_plural = _("tag translations")

    def __str__(self):
        return self.name_es


class TagRedirect(models.Model):
    """The address of a tag merged into another: its page and feeds redirect (301) to the tag
    it was merged into. Written by ``articles.tagging.merge_tags()``."""

    old_slug = models.SlugField(_("old address"), max_length=100, unique=True)
    tag = models.ForeignKey(
        "taggit.Tag",
        verbose_name=_("merged into"),
        on_delete=models.CASCADE,
        related_name="redirects_from",
    )
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tag redirect")
        verbose_name_plural = _("tag redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


def new_share_token():
    # 32 random bytes: an address nobody can guess or work out from another.
    return secrets.token_urlsafe(32)


class ShareLink(models.Model):
    """A link that lets someone without an account read one story before it is public.

    It shows the story as it stands when opened, through every move of the workflow, until it
    expires or someone revokes it; once the story is public or withdrawn it says so instead.
    The token is random: nothing in the address says which story it opens.
    """

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, editable=False, default=new_share_token
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="share_link_expires_after_creation",
            )
        ]

    def __str__(self):
        return self.url

    def get_absolute_url(self):
        # Under the story's language, like the story's own address: not under the admin
        # language of whoever made the link.
        with translation.override(self.story.language):
            return reverse("articles:story-preview", kwargs={"token": self.token})

    @property
    def url(self):
        return absolute_url(self.get_absolute_url())

    def is_live(self, now=None):
        """Instance mirror of ``ShareLink.objects.live()``."""
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def why_closed(self, now=None):
        """Why the link no longer shows the story, or None while it does: "revoked",
        "expired", "published" or "withdrawn"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        if self.story.status == StoryStatus.WITHDRAWN:
            return "withdrawn"
        if self.story.is_published(now=now):
            return "published"
        return None
