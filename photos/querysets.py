from django.db import models
from django.db.models import Exists, OuterRef


def _model_using(relation):
    """The model behind one of Photo's reverse relations (``stories``, ``officers``).

    Reached by name, so that the photo library needs not import the apps that use its photos.
    """
    from .models import Photo

    return getattr(Photo, relation).rel.related_model


def public_stories():
    """Stories that show their lead photo to readers now or, once scheduled, without anyone
    acting again."""
    return _model_using("stories").objects.published_or_scheduled()


def stories_visible_to(user):
    """The stories ``user`` may open in the admin (their own, for a Writer)."""
    return _model_using("stories").objects.visible_to(user)


def public_officers():
    """Officers whose public profile shows their portrait."""
    return _model_using("officers").objects.public()


class PhotoQuerySet(models.QuerySet):
    def for_library(self):
        """What the admin's photo library lists: who uploaded each photo."""
        return self.select_related("uploaded_by")

    def in_public_use(self):
        """Photos readers see: the lead photo of a published (or scheduled) story, or the
        portrait of an officer with a public profile. Story bodies carry no images (see the
        sanitiser's allowlist), so these are all the public uses."""
        return self.filter(self._used_by_story() | self._used_by_officer())

    def not_in_public_use(self):
        return self.exclude(self._used_by_story() | self._used_by_officer())

    @staticmethod
    def _used_by_story():
        return models.Q(Exists(public_stories().filter(lead_photo=OuterRef("pk"))))

    @staticmethod
    def _used_by_officer():
        return models.Q(Exists(public_officers().filter(photo=OuterRef("pk"))))
