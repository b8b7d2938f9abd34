from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import SearchDocumentQuerySet


class DocumentKind(models.TextChoices):
    STORY = "story", _("Story")
    OFFICER = "officer", _("Officer")
    PROGRAMME = "programme", _("Training programme")
    AWARD = "award", _("Award")


class SearchDocument(models.Model):
    """The searchable text of one story, officer, programme or award, kept current on save.

    The index holds everything, drafts and officers without consent included, and decides nothing:
    what may be found is decided at query time by ``SearchDocument.objects.public()``, through the
    same rules every public page uses. So a story scheduled for tomorrow is found tomorrow without
    the index changing.
    """

    Kind = DocumentKind

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    story = models.OneToOneField(
        "articles.Story",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    officer = models.OneToOneField(
        "people.Officer",
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    programme = models.OneToOneField(
        "people.TrainingProgramme",
        verbose_name=_("training programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    award = models.OneToOneField(
        "people.Award",
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    language = models.CharField(_("language"), max_length=5, default="en")
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    # Title, summary and body without accents or case, for databases without full-text search.
    folded = models.TextField(_("folded text"), blank=True, editable=False)
    # PostgreSQL only: weighted lexemes (title A, summary B, body C), searched through a GIN index
    # that migration 0002 creates. Empty on SQLite, which searches ``folded`` instead.
    vector = SearchVectorField(_("search vector"), null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=DocumentKind.STORY,
                        story__isnull=False,
                        officer__isnull=True,
                        programme__isnull=True,
                        award__isnull=True,
                    )
                    | Q(
                        kind=DocumentKind.OFFICER,
                        story__isnull=True,
                        officer__isnull=False,
                        programme__isnull=True,
                        award__isnull=True,
                    )
                    | Q(
                        kind=DocumentKind.PROGRAMME,
                        story__isnull=True,
                        officer__isnull=True,
                        programme__isnull=False,
                        award__isnull=True,
                    )
                    | Q(
                        kind=DocumentKind.AWARD,
                        story__isnull=True,
                        officer__isnull=True,
                        programme__isnull=True,
                        award__isnull=False,
                    )
                ),
                name="search_document_describes_one_object_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.target.get_absolute_url()

    @property
    def target(self):
        """The story, officer, programme or award this document describes."""
        return getattr(self, self.kind)
