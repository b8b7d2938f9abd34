"""The press list's public pages: personal story links, joining, confirming, unsubscribing."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from articles import presskit
from articles.models import Story
from articles.preview import StoryPreviewView, private
from newsroom.methods import read_only, serves

from . import links, services
from .forms import JoinForm
from .models import Journalist, PressAccess


@read_only
def press_story(request, signed):
    """A recipient's personal link: the story under embargo with its banner, the public page
    once the embargo has lifted, or a page saying why it no longer opens."""
    access, story, refused = _open_access(request, signed)
    if refused is not None:
        return refused
    services.record_open(access=access)
    if story.is_published():
        return private(redirect(story.get_absolute_url()))
    with translation.override(story.language):
        response = EmbargoedStoryView.as_view(story=story, access=access)(request)
        response.render()
    return private(response)


@read_only
def press_kit(request, signed):
    """The press kit of the story as it stands now, for as long as the personal link works:
    before the embargo lifts too. A revoked link or a withdrawn story gives no kit."""
    access, story, refused = _open_access(request, signed)
    if refused is not None:
        return refused
    response = FileResponse(
        default_storage.open(presskit.press_kit(story), "rb"),
        as_attachment=True,
        filename=f"{story.slug}-press-kit.zip",
        content_type="application/zip",
    )
    return private(response)


def _open_access(request, signed):
    """``(access, story, None)`` for a personal link that opens its story now, else
    ``(None, None, response)`` with the page that says why not."""
    token = links.unsign(signed)
    access = (
        PressAccess.objects.select_related("release", "journalist").filter(token=token).first()
        if token
        else None
    )
    if access is None:
        return None, None, unavailable(request, "invalid", status=404)
    story = Story.objects.for_detail().get(pk=access.release.story_id)
    if story.status == Story.Status.WITHDRAWN:
        return None, None, unavailable(request, "withdrawn", status=410)
    if access.revoked_at is not None:
        return None, None, unavailable(request, "revoked", status=410)
    if story.status != Story.Status.PUBLISHED:
        return None, None, unavailable(request, "unavailable", status=404)
    return access, story, None


class EmbargoedStoryView(StoryPreviewView):
    template_name = "outreach/story_embargoed.html"
    access = None

    def get_context_data(self, **kwargs):
        from .emails import embargo_line

        return super().get_context_data(
            embargo_line=embargo_line(self.story.published_at),
            access=self.access,
            press_kit_url=reverse(
                "outreach:press-kit", kwargs={"signed": links.sign(self.access.token)}
            ),
            **kwargs,
        )


def unavailable(request, reason, *, status):
    response = render(request, "outreach/link_unavailable.html", {"reason": reason}, status=status)
    return private(response)


@serves("GET", "POST")
def join(request):
    form = JoinForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        services.ask_to_join(**form.cleaned_data)
        return render(request, "outreach/join_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "outreach/join.html", {"form": form})


@serves("GET", "POST")
def confirm(request, signed):
    """A page with a button, not a confirmation on GET: mail scanners follow links."""
    data = links.read_confirm(signed)
    journalist = Journalist.objects.filter(pk=data[0]).first() if data else None
    if journalist is None:
        return render(request, "outreach/confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        try:
            services.confirm_address(journalist=journalist, email=data[1])
        except ValidationError:
            return render(request, "outreach/confirm.html", {"invalid": True}, status=404)
        return render(request, "outreach/confirm.html", {"confirmed": True})
    return render(request, "outreach/confirm.html", {"journalist": journalist})


@csrf_exempt  # RFC 8058: mail clients post "List-Unsubscribe=One-Click" with no form token
@serves("GET", "POST")
def unsubscribe(request, signed):
    pk = links.read_unsubscribe(signed)
    journalist = Journalist.objects.filter(pk=pk).first() if pk is not None else None
    if journalist is None:
        return private(render(request, "outreach/unsubscribe.html", {"invalid": True}, status=404))
    if request.method == "POST":
        services.unsubscribe(journalist=journalist)
        return private(render(request, "outreach/unsubscribe.html", {"done": True}))
    return private(render(request, "outreach/unsubscribe.html", {"journalist": journalist}))
