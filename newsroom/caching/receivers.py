"""Start a new public cache generation whenever public content changes.

Signals are the right tool here: purging a cache is a side effect that no rule depends on, and
one receiver for every model of the content apps also covers the models added later (a
correction, a photo rendition) without anyone remembering to purge. Bulk writes that send no
signal (``QuerySet.update()``, ``bulk_create()``) call ``generation.bump()`` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import generation

# The apps whose rows public pages and feeds show: stories and their quotes, links, sections and
# tags; officers, organisations, awards, programmes and everything hanging from them; photos.
PUBLIC_CONTENT_APPS = frozenset({"articles", "people", "photos", "taggit"})


def shows_publicly(model):
    return model._meta.app_label in PUBLIC_CONTENT_APPS


def content_saved_or_deleted(sender, **kwargs):
    if shows_publicly(sender):
        generation.bump()


def relation_changed(sender, action, **kwargs):
    # The through model belongs to the app of the model that declares the relation.
    if action in ("post_add", "post_remove", "post_clear") and shows_publicly(sender):
        generation.bump()


def connect():
    post_save.connect(content_saved_or_deleted, dispatch_uid="newsroom-cache-saved")
    post_delete.connect(content_saved_or_deleted, dispatch_uid="newsroom-cache-deleted")
    m2m_changed.connect(relation_changed, dispatch_uid="newsroom-cache-relation")
