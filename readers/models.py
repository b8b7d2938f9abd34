"""Readers who follow the site by email: the email twin of each feed.

A reader is one address, with the language of the edition they read and how often they want
email (each story as it goes public, or one digest a day). Each of their subscriptions names
what it follows, as the feeds do: everything, a section, a tag, an officer or a programme. A
subscription counts once its address was confirmed (double opt-in) and until it is ended; the
one rule is ``Subscription.objects.active()``.

A receipt records each story a reader was sent, so that every story reaches a reader once,
whichever of their subscriptions matched it, whether it went out at once or in a digest, and
whichever of its editions it was; and so that a correction reaches exactly those who got it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.choices import Language

from .querysets import ReaderQuerySet, SubscriptionQuerySet


class Reader(models.Model):
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Each story as it is published")
        DAILY = "daily", _("One email a day (digest)")

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The edition they read, and the language of their emails."),
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(
        _("address confirmed"), null=True, blank=True, editable=False
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, editable=False)

    objects = ReaderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def recipient_key(self):
        return f"readers.reader:{self.pk}"


class Subscription(models.Model):
    class Kind(models.TextChoices):
        EVERYTHING = "all", _("Every story")
        SECTION = "section", _("Section")
        TAG = "tag", _("Tag")
        OFFICER = "officer", _("Officer")
        PROGRAMME = "programme", _("Programme")

    reader = models.ForeignKey(
        Reader, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("follows"), max_length=10, choices=Kind.choices)
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    tag = models.ForeignKey(
        "taggit.Tag",
        verbose_name=_("tag"),
        null=True,
        blank=True,
        # A tag merged into another passes its followers on (readers.receivers.tag_deleted),
        # which a cascade, collected before any signal, would not let happen.
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    officer = models.ForeignKey(
        "people.Officer",
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.ForeignKey(
        "people.TrainingProgramme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["reader", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="all", section=None, tag=None, officer=None, programme=None)
                    | models.Q(kind="section", section__isnull=False, tag=None, officer=None)
                    | models.Q(kind="tag", tag__isnull=False, section=None, officer=None)
                    | models.Q(kind="officer", officer__isnull=False, section=None, tag=None)
                    | models.Q(kind="programme", programme__isnull=False, section=None, tag=None)
                ),
                name="subscription_names_what_it_follows",
            ),
        ]

    def __str__(self):
        return f"{self.reader} · {self.topic_label}"

    @property
    def followed(self):
        """The section, tag, officer or programme followed; ``None`` for every story."""
        return {
            self.Kind.SECTION: self.section,
            self.Kind.TAG: self.tag,
            self.Kind.OFFICER: self.officer,
            self.Kind.PROGRAMME: self.programme,
        }.get(self.kind)

    @property
    def topic_label(self):
        from .topics import label

        return label(self.kind, self.followed)


class Receipt(models.Model):
    """One story sent to one reader (the edition in their language), with the delivery."""

    reader = models.ForeignKey(
        Reader, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="receipts"
    )
    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )
    original_id = models.PositiveIntegerField(
        _("original story"), help_text=_("The story every edition of it translates.")
    )
    delivery = models.ForeignKey(
        "outbox.Delivery",
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("story sent")
        verbose_name_plural = _("stories sent")
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "original_id"], name="readers_each_story_once"
            ),
        ]

    def __str__(self):
        return f"{self.story_id} → {self.reader_id}"
