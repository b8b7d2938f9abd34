from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from newsroom.caching.dependencies import depends_on, list_of, stories_of
from newsroom.methods import read_only

from . import presskit
from .models import Section, Story
from .pagination import KeysetPaginationMixin
from .querysets import links_programmes_and_awards, prefetch_for_detail, public_tags
from .tagging import merged_tag_redirect


class PublishedStoryMixin:
    """Every public list of stories starts from the one visibility rule, in the reader's
    language: each story once, in the edition for this site."""

    def get_queryset(self):
        return Story.objects.published().for_language(get_language()).for_listing()


class StoryListView(KeysetPaginationMixin, PublishedStoryMixin, ListView):
    context_object_name = "stories"

    def get_queryset(self):
        depends_on(list_of(Story))
        return super().get_queryset()


class StoryDetailView(PublishedStoryMixin, DetailView):
    context_object_name = "story"

    def get_queryset(self):
        return Story.objects.published().for_detail()

    def get_object(self, queryset=None):
        # The freshness check (articles/freshness.py) has usually read the story already.
        story = getattr(self.request, "newsroom_story", None)
        if story is None or story.slug != self.kwargs["slug"]:
            return super().get_object(queryset)
        return prefetch_for_detail(story)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if Story.objects.filter(slug=kwargs["slug"], status=Story.Status.WITHDRAWN).exists():
                return render(request, "articles/story_gone.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Related stories are chosen among the stories sharing a tag.
        depends_on(*(stories_of(tag) for tag in self.object.tag_list))
        context["related_stories"] = Story.objects.related_to(self.object, get_language())
        context.update(links_programmes_and_awards(self.object))
        return context


class TagDetailView(KeysetPaginationMixin, PublishedStoryMixin, ListView):
    """Stories with one tag. A tag no public story carries has no page."""

    context_object_name = "stories"
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        # Looking the tag up among public tags answers 404 for a tag only drafts carry, without
        # a separate "is the list empty?" query.
        self.tag = get_object_or_404(
            public_tags().select_related("translation"), slug=self.kwargs["slug"]
        )
        depends_on(stories_of(self.tag))
        return super().get_queryset().filter(tags=self.tag)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A tag merged into another leads to the tag it became.
            redirect = merged_tag_redirect(kwargs["slug"], "articles:tag-detail")
            if redirect is None:
                raise
            return redirect

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SectionDetailView(KeysetPaginationMixin, PublishedStoryMixin, ListView):
    context_object_name = "stories"
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        depends_on(stories_of(self.section))
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


@read_only
def story_press_kit(request, slug):
    """The press kit of a public story, as a download: built at the first request after each
    change, then served from media storage."""
    story = get_object_or_404(
        Story.objects.published().select_related("lead_photo", "publisher"), slug=slug
    )
    name = presskit.press_kit(story)
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"{story.slug}-press-kit.zip",
        content_type="application/zip",
    )
    patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE)
    return response
