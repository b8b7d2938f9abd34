"""``newsroom_fold(text)``: accents and case removed, for the admin's searches (see
``newsroom/folding.py``), and trigram indexes on it for the story list's search on PostgreSQL.

SQLite gets the function from the application on every connection and has no such index.
``pg_trgm`` is a trusted extension (PostgreSQL 13 and later), like ``unaccent``.
"""

from django.db import migrations

from newsroom.folding import CREATE_FUNCTION_SQL, DROP_FUNCTION_SQL

# The story list is the one that grows without bound; its search looks in these three columns,
# joined by OR, so each needs an index for PostgreSQL to use any of them.
STORY_INDEXES = {
    "story_headline_folded_trgm": "headline",
    "story_standfirst_folded_trgm": "standfirst",
    "story_slug_folded_trgm": "slug",
}


def create_function_and_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE_FUNCTION_SQL)
    for name, column in STORY_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON articles_story "
            f"USING gin (newsroom_fold({column}) gin_trgm_ops)"
        )


def drop_function_and_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STORY_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(DROP_FUNCTION_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_tagged_story_lookup_index"),
        ("search", "0003_index_existing_content"),
    ]

    operations = [
        migrations.RunPython(
            create_function_and_indexes, drop_function_and_indexes, elidable=False
        ),
    ]
