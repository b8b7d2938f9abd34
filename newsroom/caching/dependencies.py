"""What a public page shows, as surrogate keys: the names its cache entry is invalidated by.

The same keys go out in the ``Surrogate-Key`` header, so a CDN purges exactly what the page
cache drops. Three kinds:

- ``story-12``, ``officer-3``, ``photo-5``: one object. Every instance of a public-content model
  that is loaded while a page renders adds its key by itself (``object_loaded``): a view never
  lists the objects it shows, and a new view is covered without anyone remembering to.
- ``story-list``, ``officer-list``: which objects of a model are public, and in what order. A
  page that lists them declares it: ``depends_on(list_of(Story))``.
- ``tag-4-stories``, ``officer-3-stories``: which public stories are attached to an object (a tag
  page, an officer's profile, the related stories of a story page). Declared as
  ``depends_on(stories_of(tag))``.

A page that declares nothing depends on ``ANY_PUBLIC_CHANGE``, which every public change moves:
the safe default for a page whose author did not think about it (the search page, sitemaps).
A page that shows more than ``MAX_OBJECT_KEYS`` objects depends on it too, instead of naming them.
"""

import contextvars
from contextlib import contextmanager

from django.db.models.signals import post_init

# Moved by every public change; what a page depends on when it declares nothing.
ANY_PUBLIC_CHANGE = "public"
# The moments scheduled stories go public; no page depends on it, the page cache reads it.
SCHEDULE = "schedule"
# Moved by every withdrawal and withdrawn consent: no entry made before is served, even stale.
HARD_CHANGE = "withdrawal"
# Beyond this many objects, a page names none of them and depends on ANY_PUBLIC_CHANGE: an
# entry's keys are compared on every hit, and a header carrying thousands is refused by CDNs.
MAX_OBJECT_KEYS = 200

# The apps whose rows public pages and feeds show: stories and their quotes, links, sections and
# tags; officers, organisations, awards, programmes and everything hanging from them; photos.
PUBLIC_CONTENT_APPS = frozenset({"articles", "people", "photos", "taggit"})

_collecting = contextvars.ContextVar("newsroom_page_dependencies", default=None)


def shows_publicly(model):
    return model._meta.app_label in PUBLIC_CONTENT_APPS


def object_key(instance_or_model, pk=None):
    """``story-12``: the key of one object (or of the row ``pk`` of a model)."""
    if pk is None:
        pk = instance_or_model.pk
    return f"{instance_or_model._meta.model_name}-{pk}"


def list_of(model):
    """``story-list``: which objects of ``model`` are public, and their order."""
    return f"{model._meta.model_name}-list"


def stories_of(instance_or_model, pk=None):
    """``tag-4-stories``: which public stories are attached to an object."""
    return f"{object_key(instance_or_model, pk)}-stories"


class Dependencies:
    """The keys collected while one page renders."""

    __slots__ = ("declared", "objects")

    def __init__(self):
        self.objects = set()
        self.declared = None

    def keys(self):
        if self.declared is None or len(self.objects) > MAX_OBJECT_KEYS:
            return frozenset({ANY_PUBLIC_CHANGE, *(self.declared or ())})
        return frozenset(self.declared | self.objects)


@contextmanager
def collecting():
    """Collect what the code run inside shows; yields the ``Dependencies``."""
    dependencies = Dependencies()
    token = _collecting.set(dependencies)
    try:
        yield dependencies
    finally:
        _collecting.reset(token)


def depends_on(*keys):
    """Declare that the page being rendered shows what ``keys`` name (``list_of()``,
    ``stories_of()``); without a page being rendered (the admin, a command), nothing happens.
    Declaring no key at all still says the page's objects are all it depends on."""
    dependencies = _collecting.get()
    if dependencies is not None:
        if dependencies.declared is None:
            dependencies.declared = set()
        dependencies.declared.update(keys)


def object_loaded(sender, instance, **kwargs):
    dependencies = _collecting.get()
    if dependencies is not None and instance.pk is not None and shows_publicly(sender):
        dependencies.objects.add(object_key(instance))


def connect():
    post_init.connect(object_loaded, dispatch_uid="newsroom-cache-object-loaded")
