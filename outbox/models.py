"""What the site has to send, and to whom: one message, one delivery per recipient.

A delivery row is the unit of work and the record of what happened. It is created once per
recipient per message (a unique constraint), claimed by one worker at a time and marked sent in
the same row, so a recipient never gets the same message twice, however often its task runs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .querysets import DeliveryQuerySet, MessageQuerySet


class Message(models.Model):
    """An email to many recipients, rendered for each of them, in their language, when sent."""

    kind = models.CharField(
        _("kind"),
        max_length=100,
        # Named for the log; any kind an app sends is stored, listed or not.
        choices=KINDS,
        help_text=_("What the message is, e.g. 'outreach.release'; decides how it is rendered."),
    )
    template = models.CharField(
        _("template"),
        max_length=200,
        help_text=_("Template path prefix, e.g. 'outreach/email/release'."),
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    topic = models.CharField(
        _("topic"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The record the message is about, e.g. 'articles.story:12'."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_deliveries = models.PositiveIntegerField(
        _("erased recipients"),
        default=0,
        editable=False,
        help_text=_("Deliveries to people whose data was erased: only their number is kept."),
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Delivery(models.Model):
    """One message to one recipient: claimed, sent and recorded exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent")

    message = models.ForeignKey(
        Message, verbose_name=_("email"), on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient_key = models.CharField(
        _("recipient"),
        max_length=100,
        help_text=_("Who the recipient is, e.g. 'outreach.journalist:5'; one delivery each."),
    )
    email = models.EmailField(_("email address"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    context = models.JSONField(_("personal context"), default=dict, blank=True)
    unsubscribe_url = models.URLField(_("one-click unsubscribe address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient_key"], name="outbox_one_delivery_per_recipient"
            ),
        ]
        indexes = [
            models.Index(
                fields=["message", "status", "next_attempt_at"], name="outbox_delivery_due"
            ),
            models.Index(fields=["recipient_key"], name="outbox_delivery_recipient"),
        ]

    def __str__(self):
        return f"{self.message} → {self.recipient_key}"

    @property
    def message_id_header(self):
        """The same Message-ID on every attempt, so a repeat is recognisable as one message."""
        from urllib.parse import urlsplit

        domain = urlsplit(settings.NEWSROOM_BASE_URL).hostname or "localhost"
        return f"<newsroom.{self.message_id}.{self.pk}@{domain}>"
