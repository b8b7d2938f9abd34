"""Editors and Administrators may change a photo that readers see; Writers may not.

The roles themselves are made by ``articles.0006_editorial_roles``. As there, the permission is
created here if Django's post_migrate signal has not made it yet.
"""

from django.db import migrations

ROLES = ["Editor", "Administrator"]
CODENAME = "change_photo_in_public_use"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="photos", model="photo")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can change a photo that a published story or public profile shows"},
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*group.permissions.filter(codename=CODENAME))


class Migration(migrations.Migration):
    dependencies = [
        ("photos", "0004_decorative_and_public_use_permission"),
        ("articles", "0006_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
