"""Readers' public pages: sign up, confirm, manage subscriptions, unsubscribe. None of them is
ever cached or indexed: each holds a form or a personal link."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from articles.preview import private
from newsroom.methods import serves

from . import links, services, topics
from .forms import PreferencesForm, SubscribeForm
from .models import Subscription


def _followed(request):
    """What the sign-up follows, from the address (``?tag=michoacan``); every story if none."""
    source = request.POST if request.method == "POST" else request.GET
    for kind in (
        Subscription.Kind.SECTION,
        Subscription.Kind.TAG,
        Subscription.Kind.OFFICER,
        Subscription.Kind.PROGRAMME,
    ):
        slug = source.get(kind)
        if slug:
            followed = topics.followable(kind, slug)
            if followed is None:
                raise Http404
            return kind, followed
    return Subscription.Kind.EVERYTHING, None


@serves("GET", "POST")
def subscribe(request):
    kind, followed = _followed(request)
    form = SubscribeForm(request.POST or None, initial={"language": translation.get_language()})
    context = {
        "form": form,
        "kind": kind,
        "followed": followed,
        "topic_label": topics.label(kind, followed),
    }
    if request.method == "POST" and form.is_valid():
        services.subscribe(kind=kind, followed=followed, **form.cleaned_data)
        context["email"] = form.cleaned_data["email"]
        return private(render(request, "readers/subscribe_sent.html", context))
    return private(render(request, "readers/subscribe.html", context))


@serves("GET", "POST")
def confirm(request, signed):
    """A page with a button, not a confirmation on GET: mail scanners follow links."""
    data = links.read_confirm(signed)
    subscription = (
        Subscription.objects.select_related("reader").filter(pk=data[0]).first() if data else None
    )
    if subscription is None:
        return private(render(request, "readers/confirm.html", {"invalid": True}, status=404))
    context = {"subscription": subscription}
    if request.method == "POST":
        try:
            services.confirm(subscription=subscription, email=data[1])
        except ValidationError:
            return private(render(request, "readers/confirm.html", {"invalid": True}, status=404))
        context.update(confirmed=True, manage_url=links.manage_url(subscription.reader))
    return private(render(request, "readers/confirm.html", context))


@serves("GET", "POST")
def manage(request, signed):
    reader = links.read_manage(signed)
    if reader is None:
        return private(render(request, "readers/manage.html", {"invalid": True}, status=404))
    form = PreferencesForm(instance=reader)
    saved = None
    if request.method == "POST":
        if "end" in request.POST:
            subscription = reader.subscriptions.filter(pk=request.POST["end"]).first()
            if subscription is not None:
                services.end_subscription(subscription=subscription)
                saved = "ended"
        else:
            form = PreferencesForm(request.POST, instance=reader)
            if form.is_valid():
                services.update_preferences(reader=reader, **form.cleaned_data)
                saved = "preferences"
        if saved:
            return redirect(f"{request.path}?saved={saved}")
    context = {
        "reader": reader,
        "form": form,
        "subscriptions": reader.subscriptions.active().select_related(
            "section", "tag", "officer", "programme"
        ),
        "saved": request.GET.get("saved"),
        "unsubscribe_url": links.unsubscribe_url(reader),
    }
    return private(render(request, "readers/manage.html", context))


@csrf_exempt  # RFC 8058: mail clients post "List-Unsubscribe=One-Click" with no form token
@serves("GET", "POST")
def unsubscribe(request, signed):
    reader = links.read_unsubscribe(signed)
    if reader is None:
        return private(render(request, "readers/unsubscribe.html", {"invalid": True}, status=404))
    if request.method == "POST":
        services.unsubscribe(reader=reader)
        return private(render(request, "readers/unsubscribe.html", {"done": True}))
    return private(render(request, "readers/unsubscribe.html", {"reader": reader}))
