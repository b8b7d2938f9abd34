"""The three editorial roles as groups with their permissions.

Writer: drafts stories (their own; the admin limits them to their drafts), uploads photos, looks
up officers, programmes and awards. Editor: a writer's permissions, plus reviewing, publishing,
scheduling, unpublishing and withdrawing any story, corrections, sections, tags and the records
of people. Administrator: every permission of the newsroom's apps, including staff accounts.

On a new database this runs before Django's post_migrate signal has created any permission, so
it creates the content types and permissions it hands out itself (Django later finds them and
leaves them be).
"""

from django.db import migrations

WRITER = [
    "articles.add_story",
    "articles.change_story",
    "articles.delete_story",
    "articles.view_story",
    "articles.add_quote",
    "articles.change_quote",
    "articles.delete_quote",
    "articles.view_quote",
    "articles.add_furtherlink",
    "articles.change_furtherlink",
    "articles.delete_furtherlink",
    "articles.view_furtherlink",
    "articles.view_section",
    "photos.add_photo",
    "photos.change_photo",
    "photos.view_photo",
    # The story form looks these up (autocomplete), which needs permission to view them.
    "people.view_officer",
    "people.view_trainingprogramme",
    "people.view_award",
    "people.view_organisation",
    "taggit.view_tag",
]

EDITOR = [
    *WRITER,
    "articles.review_story",
    "articles.publish_story",
    "articles.withdraw_story",
    "articles.add_correction",
    "articles.change_correction",
    "articles.view_correction",
    "articles.view_storytransition",
    "articles.add_section",
    "articles.change_section",
    "photos.delete_photo",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    # Every permission on the records of officers, organisations, awards and programmes.
    "people.*",
]

ADMINISTRATOR = ["articles.*", "people.*", "photos.*", "taggit.*", "auth.*"]

ROLES = {"Writer": WRITER, "Editor": EDITOR, "Administrator": ADMINISTRATOR}


def permissions_of(model):
    """``(codename, name)`` of every permission Django would create for ``model``."""
    opts = model._meta
    for action in opts.default_permissions:
        yield f"{action}_{opts.model_name}", f"Can {action} {opts.verbose_name_raw}"
    yield from ((codename, str(name)) for codename, name in opts.permissions)


def ensure_permissions(apps, app_label):
    """Every permission of ``app_label``'s models, created if missing, by codename."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = {}
    for model in apps.get_app_config(app_label).get_models():
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model._meta.model_name
        )
        for codename, name in permissions_of(model):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name[:255]}
            )
            found[codename] = permission
    return found


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    by_app = {}
    for role, wanted in ROLES.items():
        permissions = []
        for entry in wanted:
            app_label, codename = entry.split(".")
            if app_label not in by_app:
                by_app[app_label] = ensure_permissions(apps, app_label)
            if codename == "*":
                permissions.extend(by_app[app_label].values())
            else:
                permissions.append(by_app[app_label][codename])
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_story_version_transitions_corrections"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_award_updated_at"),
        ("photos", "0002_photo_file_size_and_updated_at"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
