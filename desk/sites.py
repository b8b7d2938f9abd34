import functools

from django.contrib import admin
from django.core.exceptions import BadRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

# The model list, in plain words: each group and the models it holds, by "app_label.ModelName".
# A model no group names (e.g. one a new app registers, or django-otp's authenticator apps) goes
# under the last group, Settings.
MODEL_GROUPS = [
    (
        _("Stories"),
        ["articles.Story", "articles.Section", "taggit.Tag", "articles.StoryTransition"],
    ),
    (
        _("People and programmes"),
        [
            "people.Officer",
            "people.Organisation",
            "people.Role",
            "people.TrainingProgramme",
            "people.Participation",
            "people.Award",
            "people.AwardConferral",
            "people.Framework",
            "people.MediaContact",
        ],
    ),
    (_("Photos"), ["photos.Photo"]),
    (
        _("Press list and email"),
        [
            "outreach.Journalist",
            "outreach.PressList",
            "outreach.Release",
            "outreach.PressAccess",
            "readers.Reader",
            "readers.Subscription",
            "outbox.Message",
        ],
    ),
    (
        _("Settings"),
        [
            "auth.User",
            "auth.Group",
            "accounts.RoleSecurity",
            "accounts.SignInLockout",
            "accounts.FailedSignIn",
            "django_otp_webauthn.WebAuthnCredential",
        ],
    ),
]


class DeskSite(admin.AdminSite):
    """The admin, opening on the desk; the model list is one click away, grouped in plain
    words."""

    site_header = _("Newsroom")
    site_title = _("Newsroom administration")
    index_title = _("All records")
    # The model list, at records/; the index is the desk.
    index_template = "admin/records.html"
    # The header leads to the desk, the stories and all records; the sidebar would only take
    # the width that the story list needs at 1280 px.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin page's autocompletes show again only values that can be ids: a value that
        # cannot is the form's error, not a 500 (desk/choices.py).
        from .choices import with_valid_choices

        admin_class = with_valid_choices(admin_class or admin.ModelAdmin)
        return super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        @functools.wraps(wrapped)
        def refusing_nul(request, *args, **kwargs):
            # PostgreSQL refuses a NUL byte in any text, so a search, filter or autocomplete term
            # carrying one would end in a database error; no person types one.
            if any("\x00" in key or "\x00" in value for key, value in _parameters(request.GET)):
                raise BadRequest("A NUL character in the query string.")
            return wrapped(request, *args, **kwargs)

        return refusing_nul

    def get_urls(self):
        # Imported here: the desk's views use the apps' admins, which register with this site.
        from . import views

        return [
            path("records/", self.admin_view(super().index), name="models"),
            path(
                "desk/stories/<int:story_id>/<slug:move>/",
                self.admin_view(self._view(views.move)),
                name="desk-move",
            ),
            path(
                "desk/notifications/read/",
                self.admin_view(self._view(views.mark_notifications_read)),
                name="desk-notifications-read",
            ),
            # Django's "view on site" shortcut would redirect anyone signed in to the address of
            # any object, a draft's included; this one leads only where the person may look.
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self._view(views.view_on_site)),
                name="view_on_site",
            ),
            *(url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"),
        ]

    def _view(self, function):
        def view(request, *args, **kwargs):
            return function(request, self, *args, **kwargs)

        return view

    def index(self, request, extra_context=None):
        from . import views

        return views.home(request, self)

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        models = {}
        for app in self._build_app_dict(request).values():
            for model in app["models"]:
                models[f"{app['app_label']}.{model['object_name']}"] = model
        groups = []
        for position, (name, labels) in enumerate(MODEL_GROUPS):
            chosen = [models.pop(label) for label in labels if label in models]
            if position == len(MODEL_GROUPS) - 1:
                chosen += sorted(models.values(), key=lambda model: str(model["name"]))
            if chosen:
                groups.append(
                    {
                        "name": name,
                        # Styles and the sidebar key on it; the groups are not apps.
                        "app_label": f"group-{position}",
                        "app_url": reverse("admin:models", current_app=self.name),
                        "has_module_perms": True,
                        "models": chosen,
                    }
                )
        return groups


def _parameters(query):
    for key, values in query.lists():
        for value in values:
            yield key, value
