import unicodedata
from urllib.parse import urlsplit

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


# Labels of an address that say nothing about this site in particular: refusing them would
# refuse ordinary words ("my news in 2026") without making a password any harder to guess.
GENERIC_LABELS = frozenset(
    {"www", "web", "news", "noticias", "blog", "home", "site", "mail", "press", "prensa", "media"}
)


def site_address_words():
    """What a password may not contain of the site's address: the whole host
    ("news.example.org", however it is punctuated), and each of its distinctive labels
    ("example"). The last label is the top-level domain (org, mx), shared with the rest of the
    world; labels under four characters are too short to be a name (com, co, an IP's numbers)."""
    host = urlsplit(settings.NEWSROOM_BASE_URL).hostname or ""
    labels = host.split(".")[:-1]
    distinctive = [
        folded(label)
        for label in labels
        if len(folded(label)) >= 4 and folded(label) not in GENERIC_LABELS
    ]
    return [word for word in (folded(host), *distinctive) if word]


class SiteAddressValidator:
    """Refuses a password that contains the site's address or a distinctive part of it, the
    next words an attacker tries after the site's name."""

    def validate(self, password, user=None):
        password = folded(password)
        if any(word in password for word in site_address_words()):
            raise ValidationError(
                _("Your password cannot contain the site's address, “%(host)s”, or part of it."),
                code="password_contains_site_address",
                params={"host": urlsplit(settings.NEWSROOM_BASE_URL).hostname},
            )

    def get_help_text(self):
        return _("Your password cannot contain the site's address, “%(host)s”, or part of it.") % {
            "host": urlsplit(settings.NEWSROOM_BASE_URL).hostname
        }
