from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: roles, invitations, sign-in security and each person's preferences."""

    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from . import checks, invitations, receivers  # noqa: F401 -- checks registers itself

        receivers.connect()
        invitations.register()
