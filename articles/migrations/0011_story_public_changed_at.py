"""The time of each story's last public change, which public validators read instead of the
time of its last save: work on drafts must never show in a public page's Last-Modified."""

from django.db import migrations, models
from django.db.models import F, Q


def date_public_changes(apps, schema_editor):
    Story = apps.get_model("articles", "Story")
    # Every story readers have seen: its last save is the best date known for its last change.
    Story.objects.filter(Q(status__in=["published", "withdrawn"]) | Q(first_published_at__isnull=False)).update(
        public_changed_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_share_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="public_changed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last public change"
            ),
        ),
        migrations.AddIndex(
            model_name="story",
            index=models.Index(fields=["-public_changed_at"], name="story_public_changed_idx"),
        ),
        migrations.RunPython(date_public_changes, migrations.RunPython.noop),
    ]
