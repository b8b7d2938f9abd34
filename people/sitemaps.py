from articles.sitemaps import ListedOnceSitemap

from .models import Award, Officer, TrainingProgramme


class OfficerSitemap(ListedOnceSitemap):
    """Only officers who consented to a public profile."""

    limit = 5000

    def items(self):
        return Officer.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, officer):
        return officer.updated_at


class ProgrammeSitemap(ListedOnceSitemap):
    def items(self):
        return TrainingProgramme.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, programme):
        return programme.updated_at


class AwardSitemap(ListedOnceSitemap):
    def items(self):
        return Award.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, award):
        return award.updated_at
