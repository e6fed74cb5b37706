"""Which tags a collected article gets, and what editors do to tags: ban and merge.

The text core ranks keyword candidates (``huiwen.text.rank_keywords``) and knows nothing of
the database; this module hands it the site's own statistics and the editors' decisions:

- the **document frequency** of each candidate among the articles collected so far
  (``KeywordDocumentFrequency``, learned as each article is stored, shared by every
  worker through the database) — the site's own IDF;
- the **banned** names (``BannedTag``): never assigned again, by keywords or by a source's
  default tags;
- the **merged** names (``TagAlias``): a keyword that an editor merged into another tag
  is assigned as that tag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from huiwen.db import insert_rows
from huiwen.news.models import Article, BannedTag, KeywordCorpusSize, KeywordDocumentFrequency, Tag, TagAlias
from huiwen.search.index import sync_articles
from huiwen.text import Candidate, DocumentFrequencies, KeywordPolicy, rank_keywords

__all__ = ["TagError", "ban_tags", "learn_keywords", "merge_tags", "save_new_article", "site_frequencies", "tag_names_for", "tags_named"]

_NAME_CHARS = Tag._meta.get_field("name").max_length
_WORD_CHARS = KeywordDocumentFrequency._meta.get_field("word").max_length


class TagError(ValueError):
    """An editor's tag operation that cannot be done as asked; the message says why."""


def site_frequencies(words: Iterable[str]) -> DocumentFrequencies:
    """The site's document count and the document frequency of ``words``."""
    corpus = KeywordCorpusSize.objects.first()
    frequency = dict(KeywordDocumentFrequency.objects.filter(word__in=list(words)).values_list("word", "documents"))
    return DocumentFrequencies(documents=corpus.documents if corpus else 0, frequency=frequency)


def tag_names_for(
    articles: Sequence[Sequence[Candidate]], default_names: Iterable[str], keyword_count: int
) -> list[list[str]]:
    """The tag names of new articles, one list per article's keyword candidates: the
    source's default tags, then its best keywords ranked against the site's statistics,
    with banned names dropped and merged names resolved to the tag they were merged into.
    Four queries for any number of articles, reads only, so collection runs it for a
    batch of pages before it takes the ingest lock; :func:`tags_named` then gets the tags
    under it."""
    banned = set(BannedTag.objects.values_list("name", flat=True))
    policy = KeywordPolicy(count=keyword_count)
    # Only candidates that can become keywords need their frequencies.
    eligible = [[c for c in candidates if c.mentions >= policy.min_mentions or c.in_title] for candidates in articles]
    site = site_frequencies({c.word for candidates in eligible for c in candidates})
    defaults = list(default_names)
    named = []
    for candidates in eligible:
        ranked = rank_keywords(candidates, site=site, banned=banned, policy=policy)
        named.append([name[:_NAME_CHARS] for name in dict.fromkeys([*defaults, *(word for word, _ in ranked)])])
    aliases = dict(TagAlias.objects.filter(name__in={name for names in named for name in names}).values_list("name", "tag__name"))
    return [[name for name in dict.fromkeys(aliases.get(name, name) for name in names) if name not in banned] for names in named]


def tags_named(names: Sequence[str]) -> list[Tag]:
    """The tags of these names, made where missing, in three queries at most; a tag
    another worker makes meanwhile is taken as it is."""
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    if missing := [name for name in names if name not in found]:
        Tag.objects.bulk_create([Tag(name=name) for name in missing], ignore_conflicts=True)
        found.update((tag.name, tag) for tag in Tag.objects.filter(name__in=missing))
    return [found[name] for name in names]


def save_new_article(article: Article, tags: Sequence[Tag]) -> None:
    """Store an article just made, with its tags (in the caller's transaction).

    A published one gets them through ``tags.add``, whose signal receivers index it with
    them and refresh the listings of each; its save leaves the index alone
    (``Article.tags_follow``), so its search entry is made once. A draft is on no reader
    page and in no index, so all those receivers would have nothing to do, and neither
    would ``add``'s lookup of the tags it already carries: its rows are inserted
    directly, which is most of what storing a collected draft costs besides the article
    itself."""
    if article.status == Article.Status.PUBLISHED and tags:
        article.tags_follow = True
        article.save()
        article.tags_follow = False
        article.tags.add(*tags)
        return
    article.save()
    insert_rows(Article.tags.through, ["article", "tag"], [(article.pk, tag.pk) for tag in tags])


def learn_keywords(*articles: Sequence[Candidate]) -> None:
    """Count more articles for the site's statistics, one per sequence of ``candidates``.

    Each word's count is added in the database (an upsert), so two workers learning the
    same new word both count. Collection calls it once per stored batch, after the
    batch's own transaction: every call updates the one corpus-size row, which inside
    that transaction would make all workers wait for each other's commits (a crash in
    between leaves that batch uncounted: these are ranking statistics)."""
    counts = Counter(word for candidates in articles for word in {c.word for c in candidates if len(c.word) <= _WORD_CHARS})
    table = connection.ops.quote_name(KeywordDocumentFrequency._meta.db_table)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The corpus-size row is locked until commit; not waiting for the WAL flush
            # keeps every worker's count from queueing behind the disk. A crash may lose
            # the last counts, which the statistics tolerate (see above).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        KeywordCorpusSize.objects.get_or_create(pk=1)
        KeywordCorpusSize.objects.filter(pk=1).update(documents=F("documents") + len(articles))
        # Sorted, so two workers' upserts lock shared rows in the same order. One
        # statement per chunk keeps within SQLite's limit on bound parameters.
        words = sorted(counts)
        with connection.cursor() as cursor:
            for start in range(0, len(words), 400):
                chunk = words[start:start + 400]
                cursor.execute(
                    f'INSERT INTO {table} (word, documents) VALUES {", ".join(["(%s, %s)"] * len(chunk))}'
                    f" ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + excluded.documents",
                    [value for word in chunk for value in (word, counts[word])],
                )


def ban_tags(tags: Iterable[Tag]) -> int:
    """Ban the tags' names (and the names merged into them) and take them off every
    article. Returns how many tags were banned."""
    tags = list(tags)
    with transaction.atomic():
        names = {tag.name for tag in tags} | set(TagAlias.objects.filter(tag__in=tags).values_list("name", flat=True))
        BannedTag.objects.bulk_create([BannedTag(name=name) for name in sorted(names)], ignore_conflicts=True)
        articles = _articles_of(tags)
        for tag in tags:
            tag.delete()
        sync_articles(articles)
    return len(tags)


def merge_tags(tags: Iterable[Tag], into: str) -> Tag:
    """Move the tags' articles to the tag named ``into`` (made if missing) and remember
    their names as its aliases, so collection assigns ``into`` instead of them."""
    into = into.strip()
    if not into:
        raise TagError(_("请填写要合并到的标签名称。"))
    if len(into) > _NAME_CHARS:
        raise TagError(_("标签名称最多 %(count)d 个字符。") % {"count": _NAME_CHARS})
    if BannedTag.objects.filter(name=into).exists():
        raise TagError(_("标签“%(name)s”已被屏蔽，不能合并到它。") % {"name": into})
    with transaction.atomic():
        target = Tag.objects.get_or_create(name=into)[0]
        merged = [tag for tag in tags if tag.pk != target.pk]
        articles = _articles_of(merged)
        target.articles.add(*articles)
        TagAlias.objects.filter(tag__in=merged).update(tag=target)
        TagAlias.objects.filter(name=into).delete()
        for tag in merged:
            TagAlias.objects.update_or_create(name=tag.name, defaults={"tag": target})
            tag.delete()
        # The merged tags' articles lost them with the delete, which sends no m2m signal.
        sync_articles(articles)
    return target


def _articles_of(tags: Sequence[Tag]) -> list[int]:
    return list(Tag.articles.through.objects.filter(tag__in=tags).values_list("article_id", flat=True).distinct())
