from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


def abandoned_q(now):
    """Deliveries claimed by a worker that went silent (it died, or the machine stopped)."""
    stale = now - timedelta(seconds=settings.NEWSROOM_EMAIL_CLAIM_SECONDS)
    return Q(status="sending", claimed_at__lt=stale)


def claimable_q(now):
    """Deliveries a worker may take: due and waiting, or abandoned by another worker."""
    return Q(status="pending", next_attempt_at__lte=now) | abandoned_q(now)


class MessageQuerySet(models.QuerySet):
    def with_counts(self):
        """Each message with how many deliveries are in each state, in one query."""
        return self.annotate(
            total_count=Count("deliveries"),
            sent_count=Count("deliveries", filter=Q(deliveries__status="sent")),
            waiting_count=Count(
                "deliveries", filter=Q(deliveries__status__in=["pending", "sending"])
            ),
            failed_count=Count("deliveries", filter=Q(deliveries__status="failed")),
        )

    def unfinished(self, now=None):
        """Messages with deliveries a worker could take now."""
        return self._with_deliveries(claimable_q(now or timezone.now()))

    def abandoned(self, now=None):
        """Messages with deliveries a silent worker still holds."""
        return self._with_deliveries(abandoned_q(now or timezone.now()))

    def _with_deliveries(self, condition):
        delivery_model = self.model._meta.get_field("deliveries").related_model
        return self.filter(pk__in=delivery_model.objects.filter(condition).values("message_id"))


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now):
        return self.filter(claimable_q(now))

    def for_recipient(self, key):
        return self.filter(recipient_key=key)
