"""The search index's tables, in the form the database's engine needs (raw SQL: an FTS5
virtual table and a GIN-indexed tsvector have no portable model)."""

from django.db import migrations


def create(apps, schema_editor):
    from huiwen.search.backends import _backend_for

    with schema_editor.connection.cursor() as cursor:
        _backend_for(schema_editor.connection.vendor).create_schema(cursor)


def index_existing(apps, schema_editor):
    """Index the articles a site already has (``huiwen reindex`` does the same later)."""
    from huiwen.search.backends import _backend_for
    from huiwen.search.index import document_for

    Article = apps.get_model("news", "Article")
    Through = Article.tags.through
    engine = _backend_for(schema_editor.connection.vendor)
    published = Article.objects.filter(status="published").order_by("pk")
    last = 0
    while batch := list(published.filter(pk__gt=last)[:500]):
        last = batch[-1].pk
        tags: dict[int, list[int]] = {a.pk: [] for a in batch}
        for article_id, tag_id in Through.objects.filter(article_id__in=list(tags)).values_list("article_id", "tag_id"):
            tags[article_id].append(tag_id)
        engine.index(document_for(article, tags[article.pk]) for article in batch)


def drop(apps, schema_editor):
    from huiwen.search.backends import _backend_for

    with schema_editor.connection.cursor() as cursor:
        _backend_for(schema_editor.connection.vendor).drop_schema(cursor)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("news", "0005_viewstamp_address")]
    operations = [migrations.RunPython(create, drop), migrations.RunPython(index_existing, migrations.RunPython.noop)]
