"""Documents for what existed before search: every story, officer, programme and award."""

from django.db import migrations


def index_existing_content(apps, schema_editor):
    from search.indexing import rebuild_all

    rebuild_all(apps=apps, document_model=apps.get_model("search", "SearchDocument"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_document"),
    ]

    operations = [
        # Going back drops the table in 0002, documents and all; nothing to undo here.
        migrations.RunPython(index_existing_content, migrations.RunPython.noop),
    ]
