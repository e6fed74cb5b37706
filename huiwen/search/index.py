"""Keeping the index in step with articles.

An article is in the index exactly while its status is *published*; its
``published_at`` is stored with it and every query reads only keys up to "now", so a
scheduled article becomes findable when it is due without anyone touching the index.
Readers' pages check ``Article.objects.published()`` again when they render, so even a
row a raw-SQL change left behind shows nothing that is not public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import transaction

from huiwen.news.models import Article
from huiwen.search.backends import Document, backend
from huiwen.search.text import MAX_INDEXED_CHARS, index_tokens

__all__ = ["document_for", "rebuild", "sync_articles"]

_FIELDS = ("id", "title", "subtitle", "summary", "body_text", "published_at", "category_id", "status")


def document_for(article: Article, tag_ids: Iterable[int]) -> Document:
    title = f"{article.title} {article.subtitle}".strip()
    body = f"{article.summary}\n{article.body_text[:MAX_INDEXED_CHARS]}"
    return Document(
        article_id=article.pk,
        published_at=article.published_at,
        title=index_tokens(title),
        body=index_tokens(body),
        category_id=article.category_id,
        tag_ids=tuple(sorted(set(tag_ids))),
    )


def _tags_of(article_ids: list[int]) -> dict[int, list[int]]:
    through = Article.tags.through
    tags: dict[int, list[int]] = {pk: [] for pk in article_ids}
    for article_id, tag_id in through.objects.filter(article_id__in=article_ids).values_list("article_id", "tag_id"):
        tags[article_id].append(tag_id)
    return tags


def sync_articles(article_ids: Iterable[int]) -> None:
    """Make the index hold exactly the published ones of ``article_ids``, as they are
    now in the database. Runs in the caller's transaction (a savepoint of it), so the
    index changes with the article or not at all."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    engine = backend()
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            published = list(
                Article.objects.filter(pk__in=chunk, status=Article.Status.PUBLISHED).only(*_FIELDS).order_by()
            )
            tags = _tags_of([a.pk for a in published])
            engine.remove(chunk)
            engine.index(document_for(article, tags[article.pk]) for article in published)


def _batches(batch_size: int) -> Iterator[list[Article]]:
    """Published articles, oldest first: the order SQLite's partitions fill in (see
    ``backends/sqlite.py``), and index pages are then written at their ends."""
    queryset = Article.objects.filter(status=Article.Status.PUBLISHED).only(*_FIELDS).order_by("published_at", "pk")
    batch = list(queryset[:batch_size])
    while batch:
        yield batch
        last = batch[-1]
        # A range on the listing index, then the few of the same moment already read.
        batch = list(
            queryset.filter(published_at__gte=last.published_at)
            .exclude(published_at=last.published_at, pk__lte=last.pk)[:batch_size]
        )


def published_count() -> int:
    return Article.objects.filter(status=Article.Status.PUBLISHED).count()


def rebuild(on_batch: Callable[[int], None] | None = None, batch_size: int = 500) -> int:
    """Rebuild the index from scratch in one transaction: readers keep the old index
    until it commits, and running it twice gives the same index."""
    engine = backend()
    done = 0
    with transaction.atomic():
        engine.clear()
        for batch in _batches(batch_size):
            tags = _tags_of([a.pk for a in batch])
            done += engine.index(document_for(article, tags[article.pk]) for article in batch)
            if on_batch:
                on_batch(len(batch))
    engine.optimize()
    return done
