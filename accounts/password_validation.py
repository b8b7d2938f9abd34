import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def folded(text):
    """Lower case, without accents, letters and digits only: "News-room" and "newsroom" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if character.isalnum())


class SiteNameValidator:
    """Refuses a password that contains the site's own name, the first word an attacker tries."""

    def validate(self, password, user=None):
        name = folded(settings.NEWSROOM_SITE_NAME)
        if name and name in folded(password):
            raise ValidationError(
                _("Your password cannot contain the site's name, “%(name)s”."),
                code="password_contains_site_name",
                params={"name": settings.NEWSROOM_SITE_NAME},
            )

    def get_help_text(self):
        return _("Your password cannot contain the site's name, “%(name)s”.") % {
            "name": settings.NEWSROOM_SITE_NAME
        }
