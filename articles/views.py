from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from .models import Section, Story
from .querysets import public_tags


class PublishedStoryMixin:
    """Every public story view starts from the one visibility rule."""

    def get_queryset(self):
        return Story.objects.published().for_listing()


class StoryListView(PublishedStoryMixin, ListView):
    paginate_by = 12
    context_object_name = "stories"


class StoryDetailView(PublishedStoryMixin, DetailView):
    context_object_name = "story"

    def get_queryset(self):
        return Story.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if Story.objects.filter(slug=kwargs["slug"], status=Story.Status.WITHDRAWN).exists():
                return render(request, "articles/story_gone.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_stories"] = Story.objects.related_to(self.object)
        return context


class TagDetailView(PublishedStoryMixin, ListView):
    """Stories with one tag. A tag no public story carries has no page."""

    paginate_by = 12
    context_object_name = "stories"
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        # Looking the tag up among public tags answers 404 for a tag only drafts carry, without
        # a separate "is the list empty?" query.
        self.tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SectionDetailView(PublishedStoryMixin, ListView):
    paginate_by = 12
    context_object_name = "stories"
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)
