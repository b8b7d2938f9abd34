from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    name = "readers"
    verbose_name = _("Email for readers")

    def ready(self):
        from . import emails, receivers, tasks  # noqa: F401 (tasks registers its recovery)

        emails.register()
        receivers.connect()
