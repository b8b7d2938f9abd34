"""The index follows every save of a story, officer, programme or award.

A receiver rather than a call in each model's ``save()``: the search index is derived data, like a
cache, and this keeps dependencies pointing one way (``search`` knows ``articles`` and ``people``;
they do not know it). Receivers run inside the saving transaction, so a rolled-back save leaves
the index as it was. Deletion needs no receiver: documents are deleted with their object.
"""

from django.apps import apps
from django.db.models.signals import post_save

from .indexing import INDEXED_FIELDS, MODELS, update_document


def connect():
    for kind, label in MODELS.items():
        post_save.connect(
            _update_document_on_save(kind),
            sender=apps.get_model(label),
            weak=False,
            dispatch_uid=f"search-document-{kind}",
        )


def _update_document_on_save(kind):
    def receiver(sender, instance, update_fields=None, **kwargs):
        if update_fields is not None and not set(update_fields) & INDEXED_FIELDS[kind]:
            return
        update_document(kind, instance)

    return receiver
