"""Editors and Administrators keep the press list: journalists, lists, releases and their links;
both may read the email delivery log."""

import importlib

from django.db import migrations

roles = importlib.import_module("articles.migrations.0006_editorial_roles")

GRANTS = {"Editor": ["outreach.*", "outbox.view_message", "outbox.view_delivery"],
          "Administrator": ["outreach.*", "outbox.*"]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    by_app = {app: roles.ensure_permissions(apps, app) for app in ("outreach", "outbox")}
    for role, wanted in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for entry in wanted:
            app_label, codename = entry.split(".")
            found = by_app[app_label]
            group.permissions.add(*(found.values() if codename == "*" else [found[codename]]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label__in=["outreach", "outbox"])
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_press_list"),
        ("outbox", "0001_deliveries"),
        ("articles", "0006_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
