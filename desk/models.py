from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import NotificationQuerySet


class Notification(models.Model):
    """A move of a story that one staff member is told about, on the desk.

    It points at the move's record (``StoryTransition``), which holds who moved the story, when,
    to where and with which note; the words are chosen when the notification is shown, in the
    language of the person reading it. One per person per move, enforced by the database.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_notifications",
        verbose_name=_("recipient"),
    )
    transition = models.ForeignKey(
        "articles.StoryTransition",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("move"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "transition"], name="notification_once_per_move"
            )
        ]
        indexes = [
            # The desk reads one person's unread notifications, newest first.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            )
        ]

    def __str__(self):
        return str(self.message)

    def get_absolute_url(self):
        story_id = self.transition.story_id
        if story_id is None:
            return reverse("admin:index")
        return reverse("admin:articles_story_change", args=[story_id])

    @property
    def message(self):
        from .notifications import describe

        return describe(self.transition)
