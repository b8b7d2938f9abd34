from django.db import models


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_desk(self):
        """What the desk shows of each notification: the move, its story and who made it."""
        return self.select_related("transition__user", "transition__story").order_by(
            "-created_at", "-pk"
        )
