from django.db import models
from django.db.models import Q
from django.utils import timezone


class JournalistQuerySet(models.QuerySet):
    def reachable(self, today=None):
        """Only journalists the office may email: consent (a confirmed address or a recorded
        consent), a current accreditation, and no unsubscription."""
        today = today or timezone.localdate()
        return self.filter(
            Q(email_confirmed_at__isnull=False) | Q(consent_recorded_at__isnull=False),
            Q(accredited_until__isnull=True) | Q(accredited_until__gte=today),
            accredited_at__isnull=False,
            unsubscribed_at__isnull=True,
        )

    def in_lists(self, lists):
        return self.filter(lists__in=lists).distinct()


class PressAccessQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)
