"""Keeping the search index current: one document per story, officer, programme and award.

``update_document()`` runs in the save path (see ``signals.py``), in the saving transaction, so
the index never lags behind what was saved. ``rebuild()`` writes many documents in a few
statements, for migrations, bulk imports and the benchmark.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import DocumentKind, SearchDocument
from .text import clean, fold, plain_text
from .vectors import vector_of_columns, vector_of_values


@dataclass(frozen=True)
class DocumentText:
    language: str
    title: str
    summary: str = ""
    body: str = ""

    def fields(self):
        title, summary, body = clean(self.title), clean(self.summary), clean(self.body)
        return {
            "language": self.language,
            "title": title,
            "summary": summary,
            "body": body,
            "folded": fold("\n".join((title, summary, body))),
        }


def _joined(*parts):
    return " · ".join(part for part in parts if part)


# Each builder reads stored fields only, so that migrations can pass historical models to it.
def story_text(story):
    return DocumentText(
        language=story.language,
        title=story.headline,
        summary=_joined(story.standfirst, story.dateline_place),
        body=plain_text(story.body_html),
    )


def officer_text(officer):
    return DocumentText(
        language="en",
        title=officer.full_name,
        summary=_joined(officer.rank, officer.municipality, officer.state),
        body=officer.biography,
    )


def programme_text(programme):
    return DocumentText(
        language="en",
        title=programme.name,
        # The Spanish names, where given, so that a reader finds the programme by either name.
        summary=_joined(
            programme.short_name,
            getattr(programme, "name_es", ""),
            getattr(programme, "short_name_es", ""),
        ),
        body=programme.description,
    )


def award_text(award):
    return DocumentText(
        language="en",
        title=award.name,
        summary=_joined(getattr(award, "name_es", ""), award.criteria),
        body=award.description,
    )


BUILDERS = {
    DocumentKind.STORY: story_text,
    DocumentKind.OFFICER: officer_text,
    DocumentKind.PROGRAMME: programme_text,
    DocumentKind.AWARD: award_text,
}

MODELS = {
    DocumentKind.STORY: "articles.Story",
    DocumentKind.OFFICER: "people.Officer",
    DocumentKind.PROGRAMME: "people.TrainingProgramme",
    DocumentKind.AWARD: "people.Award",
}

# A save that names only other fields (a status change, a new photo) leaves the document as it is.
INDEXED_FIELDS = {
    DocumentKind.STORY: {
        "headline",
        "standfirst",
        "body",
        "body_html",
        "dateline_place",
        "language",
    },
    DocumentKind.OFFICER: {"full_name", "rank", "municipality", "state", "biography"},
    DocumentKind.PROGRAMME: {"name", "name_es", "short_name", "short_name_es", "description"},
    DocumentKind.AWARD: {"name", "name_es", "criteria", "description"},
}

_STORED_FIELDS = ["language", "title", "summary", "body", "folded", "updated_at"]


def _uses_full_text_search():
    return connection.vendor == "postgresql"


def update_document(kind, instance):
    """Write the document of ``instance`` (a story, officer, programme or award), in one query.

    The vector is computed from the new texts themselves: an UPDATE that computed it from the
    row's columns would read their old values.
    """
    fields = BUILDERS[kind](instance).fields()
    values = {"kind": kind, **fields, "updated_at": timezone.now()}
    if _uses_full_text_search():
        values["vector"] = vector_of_values(
            fields["language"], fields["title"], fields["summary"], fields["body"]
        )
    if not SearchDocument.objects.filter(**{kind: instance}).update(**values):
        SearchDocument.objects.create(**{kind: instance}, **values)


def rebuild(kind, queryset, *, document_model=SearchDocument, batch_size=1000):
    """Create or refresh the documents of every object in ``queryset``, in a few statements.

    ``document_model`` lets a migration pass its historical model.
    """
    build = BUILDERS[kind]
    documents = [
        document_model(kind=kind, **{kind: instance}, **build(instance).fields())
        for instance in queryset.iterator(chunk_size=batch_size)
    ]
    document_model.objects.bulk_create(
        documents,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=[kind],
        update_fields=_STORED_FIELDS,
    )
    if _uses_full_text_search():
        document_model.objects.filter(kind=kind).update(vector=vector_of_columns())
    return len(documents)


def rebuild_all(*, apps=None, document_model=SearchDocument):
    """Every document, from every story, officer, programme and award; counts by kind."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    return {
        kind: rebuild(
            kind, apps.get_model(label).objects.order_by("pk"), document_model=document_model
        )
        for kind, label in MODELS.items()
    }
