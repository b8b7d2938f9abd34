from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Press list and embargoes")

    def ready(self):
        from . import emails, receivers

        emails.register()
        receivers.connect()
