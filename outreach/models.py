"""The press list (journalists and the lists staff group them in) and releases of stories to it,
each recipient with a personal link.

A journalist is reached only while ``Journalist.objects.reachable()`` says so: their address is
confirmed or their consent recorded, an Editor accredited them and the accreditation has not
run out, and they have not unsubscribed.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.choices import Language

from .querysets import JournalistQuerySet, PressAccessQuerySet


class ConsentMethod(models.TextChoices):
    JOIN_FORM = "join_form", _("Public form, address confirmed (double opt-in)")
    IN_WRITING = "in_writing", _("Asked in writing (email or letter)")
    IN_PERSON = "in_person", _("Asked in person")
    BY_PHONE = "by_phone", _("Asked by phone")


class Journalist(models.Model):
    name = models.CharField(_("name"), max_length=200)
    outlet = models.CharField(
        _("outlet"), max_length=200, blank=True, help_text=_("e.g. 'La Voz de Michoacán'")
    )
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language of the emails they get."),
    )
    sections = models.ManyToManyField(
        "articles.Section", verbose_name=_("sections covered"), blank=True, related_name="+"
    )
    tags = models.ManyToManyField(
        "taggit.Tag", verbose_name=_("topics covered"), blank=True, related_name="+"
    )
    programmes = models.ManyToManyField(
        "people.TrainingProgramme",
        verbose_name=_("programmes covered"),
        blank=True,
        related_name="+",
    )
    email_confirmed_at = models.DateTimeField(
        _("address confirmed"), null=True, blank=True, editable=False
    )
    consent_method = models.CharField(
        _("how consent was obtained"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_note = models.CharField(
        _("consent note"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'Asked at the press conference of 12 January 2021'"),
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    accredited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accredited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    accredited_at = models.DateTimeField(_("accredited"), null=True, blank=True, editable=False)
    accredited_until = models.DateField(
        _("accredited until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an accreditation without end."),
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = JournalistQuerySet.as_manager()

    class Meta:
        verbose_name = _("journalist")
        verbose_name_plural = _("journalists")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_method="") | Q(consent_recorded_at__isnull=False),
                name="journalist_consent_has_date",
                violation_error_message=_("Consent needs the date it was recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.outlet})" if self.outlet else self.name

    @property
    def recipient_key(self):
        return f"outreach.journalist:{self.pk}"

    def is_reachable(self, today=None):
        return type(self).objects.reachable(today).filter(pk=self.pk).exists()


class PressList(models.Model):
    name = models.CharField(
        _("name"), max_length=200, unique=True, help_text=_("e.g. 'Mexico national media'")
    )
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Journalist, verbose_name=_("journalists"), blank=True, related_name="lists"
    )

    class Meta:
        verbose_name = _("press list")
        verbose_name_plural = _("press lists")
        ordering = ["name"]

    def __str__(self):
        return self.name


class JournalistEvent(models.Model):
    """What happened to a journalist's place on the press list: the audit trail of consent."""

    class Action(models.TextChoices):
        ASKED_TO_JOIN = "asked", _("Asked to join")
        CONFIRMED = "confirmed", _("Confirmed their address")
        ADDED = "added", _("Added by staff")
        ACCREDITED = "accredited", _("Accredited")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        EXPORTED = "exported", _("Data exported")

    journalist = models.ForeignKey(
        Journalist, on_delete=models.CASCADE, related_name="events", verbose_name=_("journalist")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("press list event")
        verbose_name_plural = _("press list events")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class Release(models.Model):
    """A story sent to press lists: under embargo before it is public, or when it is published."""

    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="releases"
    )
    lists = models.ManyToManyField(PressList, verbose_name=_("press lists"), related_name="+")
    embargoed = models.BooleanField(
        _("under embargo"),
        default=False,
        help_text=_("Sent before the story is public, with an embargo until its publication."),
    )
    embargo_until = models.DateTimeField(_("embargo until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("released"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    message = models.ForeignKey(
        "outbox.Message",
        verbose_name=_("email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    erased_recipients = models.PositiveIntegerField(_("erased recipients"), default=0)

    class Meta:
        verbose_name = _("release to the press")
        verbose_name_plural = _("releases to the press")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.story)


def new_token():
    return secrets.token_urlsafe(24)


class PressAccess(models.Model):
    """One recipient's personal link to a released story: who, revoked or not, opened when."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="accesses"
    )
    journalist = models.ForeignKey(
        Journalist, verbose_name=_("journalist"), on_delete=models.CASCADE, related_name="accesses"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    open_count = models.PositiveIntegerField(_("times opened"), default=0)

    objects = PressAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        ordering = ["journalist__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "journalist"], name="outreach_one_link_per_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.journalist} · {self.release}"

    def get_absolute_url(self):
        from .links import sign

        return reverse("outreach:press-story", kwargs={"signed": sign(self.token)})
