from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.translated import translated_name, translated_value
from photos import takedown

from .querysets import AwardQuerySet, OfficerQuerySet, ProgrammeQuerySet

FIRST_PLAUSIBLE_YEAR = 1945
SPANISH_NAME_HELP = _("Shown on the Spanish site; when empty, the Spanish site shows the original.")


class OrganisationKind(models.TextChoices):
    UN_AGENCY = "un_agency", _("UN agency")
    MINISTRY = "ministry", _("Ministry or government department")
    PARTNERSHIP = "partnership", _("Partnership or initiative")
    POLICE_FORCE = "police_force", _("Police force")
    OTHER = "other", _("Other")


class ReachMetric(models.TextChoices):
    STATES = "states", _("states")
    MUNICIPALITIES = "municipalities", _("municipalities")
    FIRST_RESPONDERS = "first_responders", _("first responders trained")


class ParticipationRole(models.TextChoices):
    TRAINEE = "trainee", _("trainee")
    TRAINER = "trainer", _("trainer")


class Organisation(models.Model):
    """A body that gives awards, trains officers, employs them or partners in a programme."""

    Kind = OrganisationKind

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Full name, e.g. 'United Nations Office on Drugs and Crime'."),
    )
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=200,
        blank=True,
        help_text=SPANISH_NAME_HELP,
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, help_text=_("e.g. UNODC"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    website = models.URLField(_("website"), blank=True, help_text=_("e.g. https://www.unodc.org/"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self):
        return self.acronym or self.translated_name

    @property
    def translated_name(self):
        return translated_name(self)


class MediaContact(models.Model):
    """Someone journalists may call or write to about a story: a press officer, a spokesperson.

    Kept once and named by every story they answer for; shown on those stories' pages, in the
    press kit (as a vCard) and in their organisation's structured data. These details are
    published: record only work addresses and numbers the person agreed to give the press.
    """

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. 'María López'"))
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("e.g. 'Communications Officer'")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_contacts",
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("A work address."))
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("With the country code, e.g. '+52 55 1234 5678'."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("The languages they answer in, e.g. 'Spanish, English'."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="media_contact_reachable",
                violation_error_message=_("Give an email address or a phone number, or both."),
            ),
        ]

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation.acronym or self.organisation.name})"
        return self.name


class Role(models.Model):
    """Something an officer does besides policing, e.g. 'Trainer' or 'Gender focal point'."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Officer(models.Model):
    """A police officer the stories are about.

    Only an officer with public-profile consent has a public page; others appear by name only.
    """

    full_name = models.CharField(
        _("full name"), max_length=200, help_text=_("e.g. 'Alejandra Ruíz Ortiz'")
    )
    family_name = models.CharField(
        _("family name"),
        max_length=120,
        blank=True,
        help_text=_("For sorting the directory, e.g. 'Ruíz Ortiz'."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    rank = models.CharField(
        _("rank or title"), max_length=100, blank=True, help_text=_("e.g. 'Officer'")
    )
    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    state = models.CharField(
        _("state"), max_length=100, blank=True, help_text=_("e.g. 'Michoacán de Ocampo'")
    )
    municipality = models.CharField(
        _("municipality"), max_length=100, blank=True, help_text=_("e.g. 'Morelia'")
    )
    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    biography = models.TextField(
        _("short biography"), blank=True, help_text=_("Two or three plain sentences.")
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True)
    public_profile_consent = models.BooleanField(
        _("consents to a public profile"),
        default=False,
        help_text=_(
            "Tick only with the officer's written consent. Without it the officer has no public "
            "page and is named, unlinked, only where a story names them."
        ),
    )
    consent_recorded_at = models.DateTimeField(
        _("consent recorded at"),
        null=True,
        blank=True,
        help_text=_("When the written consent was received."),
    )
    featured = models.BooleanField(
        _("featured on the home page"), default=False, help_text=_("Needs consent to show.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["family_name", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(public_profile_consent=False) | Q(consent_recorded_at__isnull=False),
                name="officer_consent_has_date",
                violation_error_message=_("Record when the officer's consent was received."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["family_name", "full_name"],
                condition=Q(public_profile_consent=True),
                name="officer_public_directory_idx",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self._date_consent()
        if not self.family_name:
            self.family_name = self.full_name.split(" ", 1)[-1]
        super().save(*args, **kwargs)
        loaded = getattr(self, "_loaded_exposure", None)
        if loaded != self._exposure():
            # Consent withdrawn or a portrait replaced: a photo no public page shows any more
            # leaves its published addresses; a consent given brings it back.
            takedown.sync_files_on_commit([self.photo_id, loaded[1] if loaded else None])
            self._loaded_exposure = self._exposure()

    def get_absolute_url(self):
        return reverse("people:officer-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        officer = super().from_db(db, field_names, values)
        officer._loaded_exposure = officer._exposure()
        return officer

    def _exposure(self):
        """What decides whether the officer's portrait is public: consent, and which photo.
        Read without loading deferred fields."""
        return (self.__dict__.get("public_profile_consent"), self.__dict__.get("photo_id"))

    def clean(self):
        super().clean()
        self._date_consent()

    def _date_consent(self):
        # Consent ticked without a date is dated now, so the record always says since when.
        if self.public_profile_consent and not self.consent_recorded_at:
            self.consent_recorded_at = timezone.now()

    def is_public(self):
        """Instance mirror of ``Officer.objects.public()``."""
        return self.public_profile_consent

    @property
    def display_name(self):
        return f"{self.rank} {self.full_name}".strip()

    @property
    def place(self):
        return ", ".join(part for part in (self.municipality, self.state) if part)


class Award(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. 'Social Merit Award'"))
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=200,
        blank=True,
        help_text=SPANISH_NAME_HELP,
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    awarding_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("awarded by"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    description = models.TextField(_("description"), blank=True)
    criteria = models.TextField(
        _("criteria"),
        blank=True,
        help_text=_("Who may receive it, e.g. 'Officers whose work has a positive impact …'"),
    )

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:award-detail", kwargs={"slug": self.slug})

    @property
    def translated_name(self):
        return translated_name(self)


class AwardConferral(models.Model):
    """One award given to one officer on one date."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="conferrals"
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="conferrals"
    )
    date = models.DateField(_("date conferred"))
    citation = models.TextField(
        _("citation"),
        blank=True,
        help_text=_("Why it was given, e.g. 'For enhancing police assistance to women …'"),
    )
    story = models.ForeignKey(
        "articles.Story",
        verbose_name=_("reported in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conferrals",
    )

    class Meta:
        verbose_name = _("award conferral")
        verbose_name_plural = _("award conferrals")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "award", "date"],
                name="conferral_unique_per_officer_award_date",
                violation_error_message=_("This officer already has this award on that date."),
            ),
        ]

    def __str__(self):
        return f"{self.award} — {self.officer} ({self.date:%Y-%m-%d})"


class Framework(models.Model):
    """A policy framework a programme is aligned with, e.g. the Women, Peace and Security Agenda."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TrainingProgramme(models.Model):
    name = models.CharField(
        _("name"),
        max_length=250,
        help_text=_("e.g. 'Strengthening Programme for the Security of Vulnerable Groups'"),
    )
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=250,
        blank=True,
        help_text=SPANISH_NAME_HELP,
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("How stories refer to it, e.g. 'Strengthening Programme'."),
    )
    short_name_es = models.CharField(
        _("short name in Spanish"),
        max_length=100,
        blank=True,
        help_text=SPANISH_NAME_HELP,
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("delivered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes_led",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="programmes"
    )
    start_year = models.PositiveSmallIntegerField(
        _("running since"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_PLAUSIBLE_YEAR)],
        help_text=_("e.g. 2017"),
    )
    frameworks = models.ManyToManyField(
        Framework, verbose_name=_("aligned with"), blank=True, related_name="programmes"
    )
    featured = models.BooleanField(_("featured on the home page"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=FIRST_PLAUSIBLE_YEAR),
                name="programme_start_year_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:programme-detail", kwargs={"slug": self.slug})

    @property
    def translated_name(self):
        return translated_name(self)

    @property
    def translated_short_name(self):
        """How stories refer to it in the reader's language, else its full name there."""
        return translated_value(self, "short_name") or self.translated_name

    def latest_reach(self):
        """The newest figure for each metric, from the prefetched reach figures."""
        latest = {}
        for figure in self.reach_figures.all():
            current = latest.get(figure.metric)
            if current is None or figure.as_of > current.as_of:
                latest[figure.metric] = figure
        return [latest[metric] for metric in ReachMetric.values if metric in latest]


class ReachFigure(models.Model):
    """One dated measurement of a programme's reach, e.g. 25 states as of 12 January 2021."""

    Metric = ReachMetric

    programme = models.ForeignKey(
        TrainingProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reach_figures",
    )
    metric = models.CharField(_("what was counted"), max_length=30, choices=ReachMetric.choices)
    value = models.PositiveIntegerField(_("number"), help_text=_("e.g. 12000"))
    is_lower_bound = models.BooleanField(
        _("at least"), default=False, help_text=_("Tick for 'more than 12,000'.")
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figure was published.")
    )

    class Meta:
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        ordering = ["metric", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "metric", "as_of"], name="reach_figure_unique_per_date"
            ),
            models.CheckConstraint(
                condition=Q(metric__in=ReachMetric.values),
                name="reach_figure_metric_valid",
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.get_metric_display()} ({self.as_of:%Y-%m-%d})"


class Participation(models.Model):
    """An officer's part in a programme in a given year, as trainee or trainer."""

    Role = ParticipationRole

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="participations"
    )
    programme = models.ForeignKey(
        TrainingProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ParticipationRole.choices,
        default=ParticipationRole.TRAINEE,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(FIRST_PLAUSIBLE_YEAR)]
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "programme", "role"],
                name="participation_unique_per_role",
                violation_error_message=_("This officer already has that role in this programme."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values),
                name="participation_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.officer} — {self.programme} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.year and self.year > timezone.now().year + 1:
            raise ValidationError({"year": _("The year cannot be more than a year ahead.")})
