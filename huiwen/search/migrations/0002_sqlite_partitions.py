"""SQLite: the one FTS5 table becomes the first partition of the partitioned index
(``huiwen.search.backends.sqlite``). It keeps every key, so it holds everything indexed
so far; new articles open new partitions once it is full, and ``huiwen reindex`` splits
the archive into partitions too. PostgreSQL has nothing to change."""

from django.db import migrations


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'")
        if not cursor.fetchone():
            return  # made partitioned by 0001 already
        from huiwen.search.backends.sqlite import SCHEMA, _LOWEST_KEY

        for statement in SCHEMA:
            cursor.execute(statement)
        cursor.execute("ALTER TABLE search_fts RENAME TO search_fts_0")
        cursor.execute(
            "INSERT INTO search_partition (number, low_key, size) SELECT 0, %s, count(*) FROM search_document",
            [_LOWEST_KEY],
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
