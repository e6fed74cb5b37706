"""The collector stores pages in batches: few queries per page, each page whole or absent,
and a page another worker stored first costs only that page, not its batch."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from huiwen.news.models import Article, KeywordCorpusSize, KeywordDocumentFrequency
from huiwen.news.tagging import learn_keywords
from huiwen.sources import collector as collector_module
from huiwen.sources import dedupe
from huiwen.sources.collector import Candidate, Collector, shared_reader
from huiwen.sources.models import Fingerprint, Page, Source
from huiwen.text import enrich

PLACES = ["青石镇", "滨海市", "西山县", "南湖街道", "临江镇", "云岭市", "白沙湾", "长桥区", "清河县", "紫阳湖"]
THINGS = ["老旧小区", "地铁线路", "社区食堂", "口袋公园", "产业园", "冷链仓库", "图书馆", "体育场", "职业学校", "养老中心"]


def story(n: int) -> tuple[str, str]:
    """A title and a body that shares few shingles with any other ``n``'s."""
    place, thing = PLACES[n % 10], THINGS[n // 10 % 10]
    title = f"{place}{thing}改造第{n}期开工"
    body = "".join(
        f"<p>{place}今年第{n}批{thing}改造项目{k + 3}日开工,涉及居民{(n + 1) * (k + 7) * 37}户,"
        f"预计投入{(n + 3) * (k + 11)}万元,{THINGS[(n + k) % 10]}同步规划第{k}段。</p>"
        for k in range(6)
    )
    return title, body


def page(n: int) -> bytes:
    title, body = story(n)
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>".encode()


def candidates(numbers) -> list[Candidate]:
    return [Candidate(f"https://site.example/{n}.html", content=page(n)) for n in numbers]


def collector_for(name: str = "批量采集") -> Collector:
    source = Source.objects.create(name=name, kind=Source.Kind.FILES, location="/tmp/batches", default_tags="本地")
    return Collector(source, None, shared_reader())


def test_a_batch_costs_few_queries_per_page(db):
    collector_for("预热")._collect_all(candidates([100]))  # first calls load lazily built tables
    pages = collector_module.STORE_BATCH
    collector = collector_for()
    with CaptureQueriesContext(connection) as queries:
        collector._collect_all(candidates(range(pages)))
    assert collector.report.counts["new"] == pages
    # Per page: a savepoint and its release, two dedupe lookups, the article, its tags
    # (two), fingerprint (two) and bands, the page record; per batch a dozen lookups.
    # Storing a page alone, as before batches, cost 32.
    assert len(queries) <= 14 * pages, len(queries)


def test_every_page_of_a_batch_is_stored_whole(db):
    collector = collector_for()
    collector._collect_all(candidates(range(5)))
    assert collector.report.counts["new"] == 5
    for article in Article.objects.all():
        assert article.pages.get().outcome == Page.Outcome.NEW
        assert article.fingerprint.bands.count() == len(set(dedupe.print_of(article.body_text).band_keys))
        assert "本地" in set(article.tags.values_list("name", flat=True))
    assert KeywordCorpusSize.objects.get().documents == 5


def test_a_page_stored_first_by_another_worker_costs_only_that_page(db, make_article, monkeypatch):
    """Another worker stored page 2's text between our lookup and our insert (the lookup
    is made to miss it): the unique content hash refuses our copy, only that page's
    savepoint is rolled back, and the rest of the batch is stored."""
    title, body = story(2)
    collector = collector_for()
    held = make_article(title=title, body_html=body)
    text = collector._read(candidates([2])[0]).extracted.text
    dedupe.remember(held, dedupe.print_of(text))
    monkeypatch.setattr(dedupe, "find_duplicate", lambda _print: None)
    collector._collect_all(candidates(range(5)))
    assert collector.report.counts == {"new": 4, "known": 1}
    assert not Page.objects.filter(url="https://site.example/2.html").exists()
    assert Page.objects.filter(outcome=Page.Outcome.NEW).count() == 4
    assert Fingerprint.objects.count() == Article.objects.count() == 5


def test_learning_a_batch_counts_each_article_once_per_word(db):
    river = enrich("江城蔬菜价格回落,江城白菜降价。\n江城萝卜也降价。").candidates
    town = enrich("青石镇稻田养虾增收,江城超市订购。").candidates
    learn_keywords(river, town)
    assert KeywordCorpusSize.objects.get().documents == 2
    assert KeywordDocumentFrequency.objects.get(word="江城").documents == 2
    assert KeywordDocumentFrequency.objects.get(word="青石镇").documents == 1
    learn_keywords(town)
    assert KeywordDocumentFrequency.objects.get(word="江城").documents == 3
