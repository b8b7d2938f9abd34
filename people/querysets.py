from django.db import models
from django.db.models import Prefetch, Q


def public_officer_q(prefix=""):
    """The consent rule as a Q, for lookups that reach officers through a relation."""
    return Q(**{f"{prefix}public_profile_consent": True})


class OfficerQuerySet(models.QuerySet):
    def public(self):
        """Only officers who consented to a public profile: the one rule every public page uses."""
        return self.filter(public_officer_q())

    def for_directory(self):
        return self.select_related("institution", "photo").order_by("family_name", "full_name")

    def for_profile(self):
        from .models import AwardConferral, Participation

        return self.select_related("institution", "photo").prefetch_related(
            "roles",
            Prefetch(
                "conferrals",
                queryset=AwardConferral.objects.select_related(
                    "award", "award__awarding_organisation"
                ).order_by("-date"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("programme").order_by("-year"),
            ),
        )


class ProgrammeQuerySet(models.QuerySet):
    def for_page(self):
        from .models import Participation, ReachFigure

        return self.prefetch_related(
            "partners",
            "frameworks",
            Prefetch("reach_figures", queryset=ReachFigure.objects.order_by("metric", "as_of")),
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(public_officer_q("officer__"))
                .select_related("officer", "officer__institution")
                .order_by("officer__family_name", "officer__full_name"),
                to_attr="public_participations",
            ),
        )


class AwardQuerySet(models.QuerySet):
    def for_page(self):
        from .models import AwardConferral

        return self.select_related("awarding_organisation").prefetch_related(
            Prefetch(
                "conferrals",
                queryset=AwardConferral.objects.select_related("officer").order_by(
                    "-date", "officer__full_name"
                ),
            )
        )
