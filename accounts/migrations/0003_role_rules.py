"""Sign-in rules for the three editorial roles, and what Administrators need to manage accounts.

Editors and Administrators must confirm each sign-in with a second factor; Writers may choose
to. Administrators get every permission on staff preferences, the roles' sign-in rules, the
second-factor devices (to reset a colleague's lost phone) and the sign-in lockouts (to unlock).
"""

import importlib

from django.db import migrations

REQUIRED = {"Writer": False, "Editor": True, "Administrator": True}
ADMINISTRATOR_APPS = ["accounts", "otp_totp", "otp_static", "axes"]


def create_rules(apps, schema_editor):
    roles = importlib.import_module("articles.migrations.0006_editorial_roles")
    Group = apps.get_model("auth", "Group")
    RoleSecurity = apps.get_model("accounts", "RoleSecurity")
    for name, required in REQUIRED.items():
        group, _ = Group.objects.get_or_create(name=name)
        RoleSecurity.objects.update_or_create(
            group=group, defaults={"second_factor_required": required}
        )
    administrator = Group.objects.get(name="Administrator")
    for app_label in ADMINISTRATOR_APPS:
        administrator.permissions.add(*roles.ensure_permissions(apps, app_label).values())


def remove_rules(apps, schema_editor):
    apps.get_model("accounts", "RoleSecurity").objects.filter(group__name__in=REQUIRED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sign_in_security"),
        ("articles", "0006_editorial_roles"),
        # Where the roles migration's "people.*" has long found media contacts already; without
        # it, running this one early would move the roles migration before them.
        ("people", "0003_media_contact"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_static", "0003_add_timestamps"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(create_rules, remove_rules)]
