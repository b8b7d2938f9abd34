"""Stored files follow their photo: deleting a photo deletes its files once the deletion commits.

A signal rather than ``Photo.delete()``, because the admin's bulk delete and ``QuerySet.delete()``
never call the model's method.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from . import renditions
from .models import Photo


@receiver(post_delete, sender=Photo, dispatch_uid="photos.delete_stored_files")
def delete_stored_files(sender, instance, **kwargs):
    renditions.delete_files_on_commit(instance.image.storage, instance.stored_file_names())
