"""Corrections and updates readers have read keep their words.

Which existing notes readers read cannot be told afterwards (a story may have been unpublished
since), so every note already on a story readers have seen counts as public from its date.
"""

from django.db import migrations, models


def mark_existing_notes_public(apps, schema_editor):
    Correction = apps.get_model("articles", "Correction")
    Correction.objects.filter(story__first_published_at__isnull=False).update(
        public_from=models.F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_story_public_changed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="correction",
            name="public_from",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="public from"
            ),
        ),
        migrations.RunPython(mark_existing_notes_public, migrations.RunPython.noop),
    ]
