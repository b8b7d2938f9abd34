from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    default = True
    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from articles.signals import story_moved

        from . import emails
        from .notifications import notify_move

        emails.register()
        story_moved.connect(notify_move, dispatch_uid="desk.notify_move")


class DeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the desk's site as ``admin.site``, so that every ``@admin.register``
    in the project registers with it."""

    # Installed by its dotted path in INSTALLED_APPS; "desk" alone installs DeskConfig.
    default = False
    default_site = "desk.sites.DeskSite"
