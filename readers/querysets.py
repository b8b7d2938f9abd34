from django.db import models


class ReaderQuerySet(models.QuerySet):
    def reachable(self):
        """Readers the office may email: address confirmed, not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed, not ended, of a reader who may be emailed: the one rule of who follows."""
        return self.filter(
            confirmed_at__isnull=False,
            ended_at__isnull=True,
            reader__confirmed_at__isnull=False,
            reader__unsubscribed_at__isnull=True,
        )
