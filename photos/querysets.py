from django.db import models


class PhotoQuerySet(models.QuerySet):
    def for_library(self):
        """What the admin's photo library lists: who uploaded each photo."""
        return self.select_related("uploaded_by")
