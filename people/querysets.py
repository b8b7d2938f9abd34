from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q


def public_officer_q(prefix=""):
    """The consent rule as a Q, for lookups that reach officers through a relation."""
    return Q(**{f"{prefix}public_profile_consent": True})


def _model_using(relation):
    """The model behind one of Officer's reverse relations (``stories``, ``quotes``), reached
    by name: the records of people need not import the stories that are about them."""
    from .models import Officer

    return getattr(Officer, relation).rel.related_model


class OfficerQuerySet(models.QuerySet):
    def public(self):
        """Only officers who consented to a public profile: the one rule every public page uses."""
        return self.filter(public_officer_q())

    def nameable(self):
        """Officers a public page may name: those who consented to a public profile, and those
        a public story already names (among its people, or quoted). Everyone else is left
        out of every public page: award recipients, participants, structured data, feeds.

        Their profile, its card and its feed still need consent (``public()``).
        """
        public_stories = _model_using("stories").objects.published()
        quotes = _model_using("quotes").objects
        return self.filter(
            public_officer_q()
            | Exists(public_stories.filter(officers=OuterRef("pk")))
            | Exists(quotes.filter(officer=OuterRef("pk"), story__in=public_stories))
        )

    def for_directory(self):
        return self.select_related("institution", "photo").order_by("family_name", "full_name")

    def for_profile(self):
        """Everything a profile page shows, in a fixed number of queries.

        Conferrals carry their story so the page can link it only while it is published.
        """
        from .models import AwardConferral, Participation

        return self.select_related("institution", "photo").prefetch_related(
            "roles",
            Prefetch(
                "conferrals",
                queryset=AwardConferral.objects.select_related(
                    "award", "award__awarding_organisation", "story"
                ).order_by("-date"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("programme").order_by(
                    "-year", "programme__name"
                ),
            ),
        )


class ProgrammeQuerySet(models.QuerySet):
    def for_listing(self):
        """What a programme card shows: who delivers it and its newest reach figures."""
        from .models import ReachFigure

        return self.select_related("lead_organisation").prefetch_related(
            Prefetch("reach_figures", queryset=ReachFigure.objects.order_by("metric", "as_of"))
        )

    def for_page(self):
        """Everything a programme page shows; participants are only officers who consented."""
        from .models import Participation, ReachFigure

        return self.select_related("lead_organisation").prefetch_related(
            "partners",
            "frameworks",
            Prefetch("reach_figures", queryset=ReachFigure.objects.order_by("metric", "as_of")),
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(public_officer_q("officer__"))
                .select_related("officer", "officer__institution", "officer__photo")
                # Grouped by officer on the page, so one officer's rows must be adjacent.
                .order_by("officer__family_name", "officer__full_name", "officer", "year"),
                to_attr="public_participations",
            ),
        )


class AwardQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("awarding_organisation").order_by("name")

    def for_page(self):
        """Everything an award page shows: conferrals with their officer and reporting story,
        each marked ``officer_nameable`` (``Officer.objects.nameable()``): the page shows only
        those. All are read, so that the page knows every officer whose stories could change
        what it shows."""
        from .models import AwardConferral, Officer

        return self.select_related("awarding_organisation").prefetch_related(
            Prefetch(
                "conferrals",
                queryset=AwardConferral.objects.select_related("officer", "story")
                .annotate(
                    officer_nameable=Exists(
                        Officer.objects.nameable().filter(pk=OuterRef("officer_id"))
                    )
                )
                .order_by("-date", "officer__family_name", "officer__full_name"),
            )
        )
