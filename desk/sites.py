from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class DeskSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom administration")
    index_title = _("Stories, people and programmes")
