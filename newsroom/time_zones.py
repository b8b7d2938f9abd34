"""Time zones as people say them, in the active language: "America/Mexico_City" is "Mexico City"
to an English reader and "Ciudad de México" to a Spanish one."""

from django.utils.translation import gettext_lazy as _

# Python's zoneinfo knows no place names in any language, so the zones an office in the region is
# likely to set, whose city is said otherwise in Spanish or is written with accents, are named
# here. Any other zone reads as the last part of its name ("America/Monterrey" is "Monterrey").
CITY_NAMES = {
    "America/Mexico_City": _("Mexico City"),
    "America/Cancun": _("Cancún"),
    "America/Merida": _("Mérida"),
    "America/Mazatlan": _("Mazatlán"),
    "America/Bahia_Banderas": _("Bahía de Banderas"),
    "America/Bogota": _("Bogotá"),
    "America/Panama": _("Panama"),
    "America/New_York": _("New York"),
    "America/Sao_Paulo": _("São Paulo"),
    "Europe/Vienna": _("Vienna"),
    "Europe/Brussels": _("Brussels"),
    "Europe/London": _("London"),
}


def city_name(zone):
    """The city a time zone is named after, in the active language ("America/New_York" is
    "New York", or "Nueva York" in Spanish); a zone with no city is its own name ("UTC")."""
    name = CITY_NAMES.get(zone)
    if name is not None:
        return str(name)
    return zone.rsplit("/", 1)[-1].replace("_", " ")
