"""The two admin actions of every list of people the site emails (readers, journalists): export
their data as JSON, and erase them with their data.

An admin that uses ``PersonalDataActions`` says what is personal data for one person
(``personal_data``), how one person is erased (``erase_person``), what the download is called
(``export_filename``) and how the erasure is reported (``erased_message``); ``may_erase``
narrows who may erase, beyond who may see the list.
"""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _


class PersonalDataActions:
    export_filename = "data.json"

    def may_erase(self, request):
        return True

    @admin.action(description=_("Export their data (JSON)"))
    def export_data(self, request, queryset):
        data = [self.personal_data(request, person) for person in queryset]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.export_filename}"'
        return response

    @admin.action(description=_("Erase them and their data"))
    def erase(self, request, queryset):
        if not self.may_erase(request):
            raise PermissionDenied
        count = 0
        for person in queryset:
            self.erase_person(person)
            count += 1
        self.message_user(request, self.erased_message(count), messages.SUCCESS)
