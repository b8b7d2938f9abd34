"""Django admin messages the project words again in its own catalogue.

Django's Spanish puts a masculine article before every model's name ("El {name} … se cambió"),
which reads wrong for the many feminine ones (noticia, foto, sección). The project's catalogue
takes precedence over Django's, so these messages are listed here for ``makemessages`` to keep,
and translated in locale/es without an article.

Django's Spanish also names the admin's "View" link, and the title of a record one may only look
at ("View officer"), with the noun "Vista" where the admin means the verb, "Ver"; and says
"Ninguno disponible" under "Mis acciones", which wants the feminine.
"""

from django.utils.translation import gettext_noop

REWORDED = (
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
)

WORDS = (
    gettext_noop("View"),
    gettext_noop("View %s"),
    gettext_noop("None available"),
)
