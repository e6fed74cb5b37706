"""The index becomes partitioned by time (``huiwen.search.backends._partitions``): the
one table an index had so far becomes its first partition. It keeps every key, so it
holds everything indexed until now; new articles open new partitions once it is full,
and ``huiwen reindex`` splits the archive into partitions."""

from django.db import migrations


def partition(apps, schema_editor):
    from huiwen.search.backends._partitions import LOWEST_KEY, REGISTRY

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'")
            if not cursor.fetchone():
                return  # made partitioned by 0001 already
            cursor.execute(REGISTRY)
            cursor.execute("ALTER TABLE search_fts RENAME TO search_fts_0")
            cursor.execute(
                "INSERT INTO search_partition (number, low_key, size) SELECT 0, %s, count(*) FROM search_document",
                [LOWEST_KEY],
            )
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass('search_document') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return
            cursor.execute(REGISTRY)
            cursor.execute("ALTER TABLE search_document RENAME TO search_tsv_0")
            for old, new in (("search_document_pkey", "search_tsv_0_pkey"), ("search_document_tsv", "search_tsv_0_tsv"),
                             ("search_document_recent", "search_tsv_0_recent")):
                cursor.execute(f"ALTER INDEX IF EXISTS {old} RENAME TO {new}")
            cursor.execute(
                "INSERT INTO search_partition (number, low_key, size) SELECT 0, %s, count(*) FROM search_tsv_0",
                [LOWEST_KEY],
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
