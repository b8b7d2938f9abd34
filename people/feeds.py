"""Feeds of the stories about one officer (with consent) or one programme."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.feeds import AtomFeedMixin, StoryFeed
from articles.models import Story

from .models import Officer, TrainingProgramme
from .querysets import public_officer_q


class OfficerFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Officer.objects.public(), slug=slug)

    def stories_that_may_change_it(self, slug):
        # Without consent the set is empty, no validator matches, and the view answers 404.
        return Story.objects.filter(public_officer_q("officers__"), officers__slug=slug)

    def stories(self, officer):
        return super().stories(officer).filter(officers=officer)

    def title(self, officer):
        return _("%(site)s: stories about %(name)s") % {
            "site": settings.NEWSROOM_SITE_NAME,
            "name": officer.full_name,
        }

    def link(self, officer):
        return officer.get_absolute_url()


class OfficerAtomFeed(AtomFeedMixin, OfficerFeed):
    pass


class ProgrammeFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(TrainingProgramme, slug=slug)

    def stories_that_may_change_it(self, slug):
        return Story.objects.filter(programmes__slug=slug)

    def stories(self, programme):
        return super().stories(programme).filter(programmes=programme)

    def title(self, programme):
        return f"{settings.NEWSROOM_SITE_NAME}: {programme.translated_name}"

    def link(self, programme):
        return programme.get_absolute_url()


class ProgrammeAtomFeed(AtomFeedMixin, ProgrammeFeed):
    pass
