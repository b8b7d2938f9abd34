from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from articles.models import Story
from articles.querysets import published_quotes_by
from newsroom.caching.dependencies import depends_on, list_of, stories_of

from .models import Award, Officer, TrainingProgramme

STORIES_PER_PROFILE = 10
# An officer quoted in hundreds of stories would otherwise get a page that grows without end.
QUOTES_PER_PROFILE = 10


class PublicOfficerMixin:
    """Officer pages exist only for officers who consented to a public profile."""

    def get_queryset(self):
        depends_on(list_of(Officer))
        return Officer.objects.public().for_directory()


class OfficerListView(PublicOfficerMixin, ListView):
    paginate_by = 24
    context_object_name = "officers"


class OfficerDetailView(PublicOfficerMixin, DetailView):
    context_object_name = "officer"

    def get_queryset(self):
        return Officer.objects.public().for_profile()

    def get_context_data(self, **kwargs):
        officer = self.object
        # Its stories and quotes; ``list_of(Officer)``, which the directory declares, is not.
        depends_on(stories_of(officer))
        return super().get_context_data(
            stories=Story.objects.mentioning(officer, get_language()).for_listing()[
                :STORIES_PER_PROFILE
            ],
            quotes=published_quotes_by(officer, get_language())[:QUOTES_PER_PROFILE],
            **kwargs,
        )


class ProgrammeListView(ListView):
    context_object_name = "programmes"
    paginate_by = 24

    def get_queryset(self):
        depends_on(list_of(TrainingProgramme))
        return TrainingProgramme.objects.for_listing()


class ProgrammeDetailView(DetailView):
    context_object_name = "programme"

    def get_queryset(self):
        return TrainingProgramme.objects.for_page()

    def get_context_data(self, **kwargs):
        # Its stories, and the officers named on it, among those who consent.
        depends_on(stories_of(self.object), list_of(Officer))
        return super().get_context_data(
            stories=Story.objects.published()
            .for_language(get_language())
            .filter(programmes=self.object)
            .for_listing()[:STORIES_PER_PROFILE],
            **kwargs,
        )


class AwardListView(ListView):
    context_object_name = "awards"
    paginate_by = 24

    def get_queryset(self):
        depends_on(list_of(Award))
        return Award.objects.for_listing()


class AwardDetailView(DetailView):
    context_object_name = "award"

    def get_queryset(self):
        return Award.objects.for_page()

    def get_context_data(self, **kwargs):
        conferrals = self.object.conferrals.all()
        # Its stories, and its recipients: an officer without consent is named once a public
        # story names them, so each recipient's stories count, named on the page or not.
        depends_on(
            stories_of(self.object),
            list_of(Officer),
            *(stories_of(Officer, conferral.officer_id) for conferral in conferrals),
        )
        return super().get_context_data(
            conferrals=[conferral for conferral in conferrals if conferral.officer_nameable],
            stories=Story.objects.published()
            .for_language(get_language())
            .filter(awards=self.object)
            .for_listing()[:STORIES_PER_PROFILE],
            **kwargs,
        )
