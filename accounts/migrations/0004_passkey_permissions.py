"""Administrators may see and delete a colleague's passkeys, as they may their authenticator apps
(to let someone who lost their only passkey set up a new factor)."""

import importlib

from django.db import migrations


def grant(apps, schema_editor):
    roles = importlib.import_module("articles.migrations.0006_editorial_roles")
    Group = apps.get_model("auth", "Group")
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    administrator.permissions.add(*roles.ensure_permissions(apps, "django_otp_webauthn").values())


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="django_otp_webauthn")
        )


class Migration(migrations.Migration):
    dependencies = [
        # The roles come through 0003, which also keeps the roles migration after the people
        # app's media contacts (naming it here again would move it before them).
        ("accounts", "0003_role_rules"),
        ("django_otp_webauthn", "0004_webauthnuserhandle"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
