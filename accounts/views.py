from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import preferences
from .forms import PreferencesForm


def admin_page(request, template, title, **context):
    """A page of the admin: its header, user links and breadcrumbs, under ``title``."""
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


@staff_member_required
def preferences_view(request):
    profile = preferences.profile_of(request.user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        preferences.remember_in_session(request.session, request.user)
        # The message is read on the next page, in the language just chosen.
        translation.activate(form.instance.language)
        timezone.activate(preferences.preferences_of(request.user).time_zone)
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")
    return admin_page(request, "accounts/preferences.html", _("Your preferences"), form=form)
