"""The desk's pages: the editorial home, its moves and the notifications. The admin site
(``desk.sites``) routes to them, signed in and staff only."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import services
from articles.admin.workflow import format_time
from articles.models import Story
from newsroom.time_zones import city_name

from .home import desk_for


def home(request, site):
    context = {
        **site.each_context(request),
        "title": _("Desk"),
        "subtitle": None,
        "desk": desk_for(request.user),
        # Said as people say it ("Mexico City", "Ciudad de México"), not as the zone is named.
        "time_zone": city_name(timezone.get_current_timezone_name()),
        "models_url": reverse("admin:models"),
    }
    return TemplateResponse(request, "admin/desk/index.html", context)


# A move made straight from the desk: the service, and what the desk says once it is made.
MOVES = {
    "submit": services.submit_for_review,
    "publish": services.publish_story,
}


def move(request, site, story_id, move):
    """Submit or publish a story from the desk; the services check who may."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    service = MOVES.get(move)
    story = get_object_or_404(Story.objects.visible_to(request.user), pk=story_id)
    if service is None:
        return HttpResponseRedirect(reverse("admin:index"))
    try:
        service(story=story, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        # A ValidationError carries its messages; the services give PermissionDenied one too.
        reason = " ".join(getattr(error, "messages", None) or map(str, error.args)) or _(
            "You may not do that."
        )
        messages.error(
            request,
            _("“%(headline)s” did not change: %(reason)s")
            % {"headline": story.headline, "reason": reason},
        )
    else:
        messages.success(request, moved_message(story))
    return HttpResponseRedirect(reverse("admin:index"))


def moved_message(story):
    if story.is_scheduled():
        # No closing full stop: English times end in "a.m." or "p.m." already.
        return _("“%(headline)s” is scheduled: it goes public on %(time)s") % {
            "headline": story.headline,
            "time": format_time(story.published_at),
        }
    if story.status == Story.Status.PUBLISHED:
        return _("“%(headline)s” is public.") % {"headline": story.headline}
    return _("“%(headline)s” is in review: an editor will publish it or return it.") % {
        "headline": story.headline
    }


def mark_notifications_read(request, site):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    request.user.desk_notifications.unread().update(read_at=timezone.now())
    return HttpResponseRedirect(reverse("admin:index"))


def view_on_site(request, site, content_type_id, object_id):
    """The admin's "view on site" shortcut, for what this person may see in the admin and what
    has a public page: anything else is 404, so the shortcut tells nobody the address (or the
    existence) of a story they may not open."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None or not site.is_registered(model):
        raise Http404
    model_admin = site.get_model_admin(model)
    # get_object() reads through the admin's own queryset: a Writer's holds their stories only.
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    if not model_admin.view_on_site:
        raise Http404
    if callable(model_admin.view_on_site):
        url = model_admin.view_on_site(obj)
        if not url:
            raise Http404
        return HttpResponseRedirect(url)
    return shortcut(request, content_type_id, object_id)
