"""Search finds published articles by their words, folded and segmented the same way
for documents and queries, and the index follows every change in the same transaction."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from searchkit import empty_search_index  # noqa: F401 - an autouse fixture

from huiwen.news.models import Article, Category, Tag
from huiwen.search import search
from huiwen.search.text import fold, index_tokens, query_tokens

pytestmark = pytest.mark.django_db(transaction=True)


def found(query: str, **filters) -> list[int]:
    return [hit.article.pk for hit in search(query, **filters)]


def test_folding_makes_traditional_and_simplified_one_token():
    assert fold("臺灣ＡＩ軟體") == "台湾ai软体"
    assert "台湾" in index_tokens("臺灣的半導體產業")
    assert query_tokens("台灣") == query_tokens("臺灣") == ["台湾"]


def test_a_word_from_the_body_finds_the_article_with_a_highlighted_snippet(make_article):
    article = make_article()
    other = make_article(title="秋季运动会开幕", body_html="<p>全市中学生参加田径比赛。</p>")
    page = search("加装电梯")
    assert [hit.article.pk for hit in page] == [article.pk]
    snippet = str(page.hits[0].snippet)
    assert "<mark>电梯</mark>" in snippet or "<mark>加装电梯</mark>" in snippet
    assert found("田径") == [other.pk]


def test_traditional_query_finds_simplified_article_and_the_reverse(make_article):
    simplified = make_article(title="台湾半导体产业报告", body_html="<p>台湾的软件开发者说，这个程序很好用。</p>")
    traditional = make_article(title="香港電影節開幕", body_html="<p>今年的電影節共放映兩百部電影，觀眾人數創新高。</p>")
    assert found("臺灣軟件") == found("台湾软件") == [simplified.pk]
    assert found("电影节") == found("電影節") == [traditional.pk]
    page = search("电影节")
    assert "<mark>電影節</mark>" in str(page.hits[0].snippet)


def test_snippet_is_escaped(make_article):
    make_article(title="测试", summary="<script>alert(1)</script> 城东新区", body_html="<p>城东新区</p>")
    snippet = str(search("城东").hits[0].snippet)
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>城东</mark>" in snippet


def test_filters_by_category_tag_and_dates(make_article):
    sport = Category.objects.create(slug="sport", name="体育")
    tag = Tag.objects.create(name="足球")
    now = timezone.now()
    local = make_article(title="城东足球场开放", published_at=now - timedelta(days=1))
    in_sport = make_article(title="足球联赛开幕", category=sport, published_at=now - timedelta(days=10))
    in_sport.tags.add(tag)
    assert set(found("足球")) == {local.pk, in_sport.pk}
    assert found("足球", category=sport) == [in_sport.pk]
    assert found("足球", category=sport.pk) == [in_sport.pk]
    assert found("足球", tag=tag) == [in_sport.pk]
    assert found("足球", since=(now - timedelta(days=3)).date()) == [local.pk]
    assert found("足球", until=(now - timedelta(days=5)).date()) == [in_sport.pk]
    in_sport.tags.remove(tag)
    assert found("足球", tag=tag) == []


def test_pagination(make_article, settings):
    now = timezone.now()
    ids = [make_article(title=f"港口第{i}号泊位启用", published_at=now - timedelta(hours=i + 1)).pk for i in range(23)]
    first, third = search("泊位"), search("泊位", page=3)
    assert first.count == 23 and first.num_pages == 3 and not first.count_capped
    assert len(first.hits) == 10 and len(third.hits) == 3
    seen = [h.article.pk for n in (1, 2, 3) for h in search("泊位", page=n)]
    assert sorted(seen) == sorted(ids)
    # Equal relevance: the newest first.
    assert seen[0] == ids[0]
    assert search("泊位", page=99).number == 3
    settings.SEARCH_CANDIDATES = 5
    capped = search("泊位")
    assert capped.count == 5 and capped.count_capped


def test_recency_blends_with_relevance(make_article):
    now = timezone.now()
    old_exact = make_article(title="量子计算", body_html="<p>量子计算量子计算量子计算。</p>", published_at=now - timedelta(days=400))
    new_passing = make_article(title="科技周报", body_html="<p>本周要闻：量子计算有新进展。</p>" + "<p>其他新闻。</p>" * 20,
                               published_at=now - timedelta(hours=1))
    assert found("量子计算") [0] in (old_exact.pk, new_passing.pk)
    assert set(found("量子计算")) == {old_exact.pk, new_passing.pk}


def test_title_matches_and_repeated_mentions_outrank_a_newer_passing_mention(make_article):
    moment = timezone.now() - timedelta(hours=3)
    filler = "<p>本市今日天气晴朗，市民出行顺利。</p>" * 6
    in_title = make_article(title="灯塔修缮完工", body_html="<p>工程历时半年。</p>" + filler, published_at=moment)
    repeated = make_article(title="海岸见闻", body_html="<p>灯塔修缮后，灯塔重新点亮，灯塔成了景点。</p>" + filler,
                            published_at=moment)
    passing = make_article(title="城市周报", body_html=filler + "<p>另有灯塔修缮一事。</p>",
                           published_at=moment + timedelta(hours=2))
    ranked = found("灯塔")
    assert set(ranked[:2]) == {in_title.pk, repeated.pk}
    assert ranked[2] == passing.pk


def test_unpublish_hide_remove_and_delete_leave_the_index(make_article):
    article = make_article(title="江城地铁五号线通车")
    assert found("地铁") == [article.pk]
    article.status = Article.Status.HIDDEN
    article.save()
    assert found("地铁") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    assert found("地铁") == [article.pk]
    article.status = Article.Status.REMOVED
    article.save()
    assert found("地铁") == []
    draft = make_article(title="地铁六号线规划", status=Article.Status.DRAFT)
    assert found("地铁") == []
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert found("地铁") == [draft.pk]
    draft.delete()
    assert found("地铁") == []


def test_edit_replaces_the_indexed_words(make_article):
    article = make_article(title="江城地铁五号线通车")
    article.title = "江城轻轨开通"
    article.save()
    assert found("地铁") == []
    assert found("轻轨") == [article.pk]


def test_scheduled_article_is_found_once_due(make_article, monkeypatch):
    due = timezone.now() + timedelta(hours=1)
    later = make_article(title="明日发布的天文观测报道", published_at=due)
    assert found("天文") == []
    # The clock moves past the due time; nobody touches the index.
    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))
    assert found("天文") == [later.pk]


def test_rollback_leaves_the_old_index(make_article):
    article = make_article(title="江城地铁五号线通车")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "江城轻轨开通"
        article.save()
        assert found("轻轨") == [article.pk]
        raise RuntimeError("rolled back")
    assert found("地铁") == [article.pk] and found("轻轨") == []
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.get(pk=article.pk).delete()
        raise RuntimeError("rolled back")
    assert found("地铁") == [article.pk]
    with pytest.raises(RuntimeError), transaction.atomic():
        article.status = Article.Status.HIDDEN
        article.save()
        assert found("地铁") == []
        raise RuntimeError("rolled back")
    assert found("地铁") == [article.pk]


def test_queryset_update_is_still_never_shown(make_article):
    # No signal: the index keeps the row, the page checks publication again.
    article = make_article(title="江城地铁五号线通车")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.HIDDEN)
    assert found("地铁") == []


def test_reindex_rebuilds_idempotently(make_article):
    from django.core.management import call_command

    from huiwen.search.backends import backend

    a = make_article(title="江城地铁五号线通车")
    b = make_article(title="江城轻轨开通", status=Article.Status.HIDDEN)
    Article.objects.filter(pk=b.pk).update(status=Article.Status.PUBLISHED)  # no signal: not indexed
    assert found("轻轨") == []
    backend().remove([a.pk])
    call_command("reindex", verbosity=0)
    call_command("reindex", verbosity=0)
    assert backend().indexed_ids() == sorted([a.pk, b.pk])
    assert found("地铁") == [a.pk] and found("轻轨") == [b.pk]


@pytest.mark.sqlite_only  # time keys are the SQLite engine's
def test_two_articles_of_one_millisecond_get_distinct_time_keys(make_article):
    from huiwen.search.backends import Document, backend

    moment = timezone.now() - timedelta(hours=1)
    engine = backend()
    # Article ids 1000 apart share a key's low digits.
    engine.index([Document(7, moment, "港口", "泊位", None, ()), Document(1007, moment, "港口", "泊位", None, ())])
    keys = [c.key for c in engine.candidates(["港口"], category_id=None, tag_id=None, since=None, until=timezone.now(), limit=10)]
    assert len(keys) == len(set(keys)) == 2
    assert sorted(engine.article_ids(keys).values()) == [7, 1007]
    engine.index([Document(7, moment, "港口", "码头", None, ())])  # re-index keeps one entry
    assert len(engine.candidates(["港口"], category_id=None, tag_id=None, since=None, until=timezone.now(), limit=10)) == 2


def test_postgres_window_date_from_histogram():
    from datetime import datetime

    from huiwen.search.backends.postgres import PostgresBackend

    histogram = '{"2024-01-01 00:00:00+00","2024-01-11 00:00:00+00","2024-01-21 00:00:00+00"}'
    assert PostgresBackend._date_at(histogram, 0.75) == datetime(2024, 1, 16, tzinfo=UTC)
    assert PostgresBackend._date_at(histogram, 1.0) == datetime(2024, 1, 21, tzinfo=UTC)
    assert PostgresBackend._date_at(histogram, 0.0) is None
    assert PostgresBackend._quantile_at(histogram, datetime(2024, 1, 16, tzinfo=UTC)) == 0.75
    assert PostgresBackend._quantile_at(histogram, datetime(2025, 1, 1, tzinfo=UTC)) == 1.0
    assert PostgresBackend._quantile_at(histogram, datetime(2023, 1, 1, tzinfo=UTC)) == 0.0


@pytest.mark.postgres_only  # plan choice is the PostgreSQL engine's
@pytest.mark.parametrize("word, every, plan", [("港口", 1, "scan"), ("码头", 10, "window"), ("灯塔", 150, "bitmap")])
def test_postgres_plans_find_exactly_the_newest_matches(word, every, plan, monkeypatch):
    """Whatever plan the PostgreSQL engine picks from its statistics (a walk of the newest
    rows, a date window, the whole posting list), the candidates are the newest N."""
    from huiwen.search.backends import Document, backend
    from huiwen.search.backends.postgres import PostgresBackend

    engine = backend()
    chosen = []
    real_plan = PostgresBackend._plan

    def recording_plan(self, *args):
        kind, low = real_plan(self, *args)
        chosen.append("window" if kind == "bitmap" and low is not None and low != args[-2] else kind)
        return kind, low

    monkeypatch.setattr(PostgresBackend, "_plan", recording_plan)
    now = timezone.now()
    documents = [
        Document(i, now - timedelta(hours=i), "新闻", " ".join(w for w, k in (("港口", 1), ("码头", 10), ("灯塔", 150)) if i % k == 0), None, ())
        for i in range(1, 601)
    ]
    engine.index(documents)
    engine.optimize()  # ANALYZE: statistics for the plan
    expected = [d.article_id for d in documents if d.article_id % every == 0][:10]
    since = now - timedelta(hours=450)
    for options, wanted in (({}, expected), ({"since": since}, [i for i in expected if i <= 450])):
        found = engine.candidates([word], category_id=None, tag_id=None, until=now, limit=10, **{"since": None, **options})
        assert [c.key for c in found] == wanted
        # With a second word every matching document has (each word estimated apart).
        found = engine.candidates([word, "港口"], category_id=None, tag_id=None, until=now, limit=10, **{"since": None, **options})
        assert [c.key for c in found] == wanted
    assert chosen[0] == plan


def _candidates(engine, words, **options):
    options = {"category_id": None, "tag_id": None, "since": None, "until": timezone.now(), "limit": 100, **options}
    return [engine.article_ids([c.key])[c.key] for c in engine.candidates(words, **options)]


def _partition_sizes() -> list[tuple[int, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT number, size FROM search_partition ORDER BY low_key")
        return cursor.fetchall()


def test_partitions_fill_in_time_order_and_a_query_reads_the_newest_first(monkeypatch):
    from huiwen.search.backends import Document, _partitions, backend

    monkeypatch.setattr(_partitions, "PARTITION_ROWS", 4)
    engine = backend()
    now = timezone.now()
    # Ten articles, an hour apart, oldest first, one or two at a time as collection adds them.
    for first in (1, 3, 4, 7, 8):
        engine.index([Document(i, now - timedelta(hours=20 - i), "港口", "泊位" if i % 2 else "码头", None, ())
                      for i in range(first, {1: 3, 3: 4, 4: 7, 7: 8, 8: 11}[first])])
    assert [size for _number, size in _partition_sizes()] == [4, 4, 2]
    # The newest N come from the newest partitions; older ones are read only to fill N.
    assert _candidates(engine, ["港口"], limit=3) == [10, 9, 8]
    assert _candidates(engine, ["港口"], limit=7) == [10, 9, 8, 7, 6, 5, 4]
    assert _candidates(engine, ["码头"]) == [10, 8, 6, 4, 2]
    window = {"since": now - timedelta(hours=15, minutes=30), "until": now - timedelta(hours=11, minutes=30)}
    assert _candidates(engine, ["港口"], **window) == [8, 7, 6, 5]
    # Where a partition read whole foretells that every older one is needed, PostgreSQL
    # reads those together, in one statement; with statistics, each partition is planned.
    monkeypatch.setattr(_partitions, "MIN_FORETELLING_ROWS", 1)
    together = []
    real = type(engine)._newest_together

    def recording(self, cursor, tables, *args):
        together.append(tables)
        return real(self, cursor, tables, *args)

    monkeypatch.setattr(type(engine), "_newest_together", recording)
    engine.optimize()
    assert _candidates(engine, ["港口"], limit=7) == [10, 9, 8, 7, 6, 5, 4]
    assert _candidates(engine, ["码头"]) == [10, 8, 6, 4, 2]
    assert _candidates(engine, ["港口"], **window) == [8, 7, 6, 5]
    assert together == ([["search_tsv_1", "search_tsv_0"]] if engine.vendor == "postgresql" else [])
    # An article published late goes where its time belongs; removal leaves its partition.
    engine.index([Document(11, now - timedelta(hours=17, minutes=30), "港口", "泊位", None, ())])
    assert [size for _number, size in _partition_sizes()] == [5, 4, 2]
    assert _candidates(engine, ["泊位"]) == [9, 7, 5, 3, 11, 1]
    engine.remove([5, 9])
    assert [size for _number, size in _partition_sizes()] == [5, 3, 1]
    assert _candidates(engine, ["泊位"]) == [7, 3, 11, 1]


def test_a_scheduled_article_moves_with_the_partition_its_time_falls_in(monkeypatch):
    from huiwen.search.backends import Document, _partitions, backend

    monkeypatch.setattr(_partitions, "PARTITION_ROWS", 2)
    engine = backend()
    now = timezone.now()
    engine.index([Document(1, now - timedelta(hours=3), "港口", "", None, ()), Document(2, now - timedelta(hours=2), "港口", "", None, ()),
                  Document(3, now + timedelta(days=30), "港口", "", None, ())])
    assert [size for _number, size in _partition_sizes()] == [3]  # a scheduled one opens none
    engine.index([Document(4, now - timedelta(hours=1), "港口", "", None, ())])
    # The newest due article opened a partition, and the scheduled one moved into it.
    assert [size for _number, size in _partition_sizes()] == [2, 2]
    assert _candidates(engine, ["港口"]) == [4, 2, 1]
    assert _candidates(engine, ["港口"], until=now + timedelta(days=31)) == [3, 4, 2, 1]


def test_an_index_of_the_old_single_table_becomes_the_first_partition(make_article):
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    from huiwen.search.backends import backend

    article = make_article(title="江城地铁五号线通车")
    with connection.cursor() as cursor:  # the layout before partitions, with what it held
        if connection.vendor == "sqlite":
            cursor.execute("ALTER TABLE search_fts_0 RENAME TO search_fts")
        else:
            cursor.execute("ALTER TABLE search_tsv_0 RENAME TO search_document")
            for old, new in (("search_tsv_0_pkey", "search_document_pkey"), ("search_tsv_0_tsv", "search_document_tsv"),
                             ("search_tsv_0_recent", "search_document_recent")):
                cursor.execute(f"ALTER INDEX {old} RENAME TO {new}")
        cursor.execute("DROP TABLE search_partition")
    migration = importlib.import_module("huiwen.search.migrations.0002_partitions")
    migration.partition(None, SimpleNamespace(connection=connection))
    assert _partition_sizes() == [(0, 1)]
    assert found("地铁") == [article.pk]
    later = make_article(title="地铁六号线开工")
    assert found("地铁") == [later.pk, article.pk]
    backend().clear()


def test_reindex_splits_the_archive_into_partitions_by_time(make_article, monkeypatch):
    from django.core.management import call_command

    from huiwen.search.backends import _partitions

    now = timezone.now()
    # Made newest first, so article ids run against time.
    ids = [make_article(title=f"港口第{i}号泊位启用", published_at=now - timedelta(hours=i)).pk for i in range(1, 6)]
    monkeypatch.setattr(_partitions, "PARTITION_ROWS", 2)
    call_command("reindex", verbosity=0)
    assert [size for _number, size in _partition_sizes()] == [2, 2, 1]
    assert found("泊位") == ids
