from django.utils.translation import get_language
from django.views.generic import TemplateView

from articles.models import Story
from people.models import Officer, TrainingProgramme

from .caching.dependencies import depends_on, list_of

LATEST_ON_HOME = 6
PROGRAMMES_ON_HOME = 3
FEATURED_OFFICERS_ON_HOME = 4


class HomeView(TemplateView):
    """The lead story (the newest marked as lead, in this site's edition, else the newest), the
    latest stories, the
    featured programmes with their reach and the featured officer profiles."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        depends_on(list_of(Story), list_of(TrainingProgramme), list_of(Officer))
        offered = Story.objects.published().for_language(get_language())
        stories = list(offered.for_listing()[: LATEST_ON_HOME + 1])
        lead_story = offered.leading().for_listing().first()
        if lead_story is None and stories:
            lead_story = stories[0]
        latest = [story for story in stories if story != lead_story][:LATEST_ON_HOME]
        return super().get_context_data(
            lead_story=lead_story,
            latest_stories=latest,
            programmes=TrainingProgramme.objects.filter(featured=True).for_listing()[
                :PROGRAMMES_ON_HOME
            ],
            featured_officers=Officer.objects.public()
            .filter(featured=True)
            .for_directory()[:FEATURED_OFFICERS_ON_HOME],
            **kwargs,
        )
