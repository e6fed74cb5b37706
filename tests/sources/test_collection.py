"""Collecting from a loopback news site end to end: feeds, sitemaps, list pages and
hostile pages, into the review inbox, with duplicates linked and robots honoured."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import require_shared
from testsite import ARTICLES, start_test_site
from testsite.discovery import LIST_ARTICLE_PATTERN, LIST_ARTICLE_SELECTOR
from testsite.hostile import gzip_bomb

from huiwen.fetch import Fetcher, FetchPolicy
from huiwen.news.models import Article
from huiwen.sources.collector import collect_source, reextract
from huiwen.sources.models import Page, Source

REPOST = "/repost/a9.html"


@pytest.fixture(scope="module")
def site():
    # The bomb's CRC over 1 GiB is computed once, here: computed on the first request,
    # it held the answer past read_timeout on a loaded machine, a timeout, not the cap.
    gzip_bomb()
    with start_test_site() as running:
        yield running


@pytest.fixture
def fetcher(site):
    policy = FetchPolicy(
        allow_networks=(f"{site.host}:{site.port}",),
        host_delay=0,
        connect_timeout=2,
        read_timeout=1.5,
        total_timeout=10,
        max_retries=1,
        retry_backoff=0.01,
        max_bytes=5 * 1024 * 1024,
    )
    with Fetcher(policy) as shared:
        yield shared


def source(**fields) -> Source:
    fields.setdefault("name", "测试站")
    return Source.objects.create(**fields)


def article_from(site, path: str) -> Article:
    return Page.objects.get(url=site.url(path)).article


def assert_extracted_like_spec(article: Article, path: str) -> None:
    spec = ARTICLES[path]
    assert article.title == spec.title, path
    assert article.author == (spec.author or ""), path
    assert article.editor == (spec.editor or ""), path
    assert article.published_at == datetime.fromisoformat(spec.published_at), path
    assert spec.first_paragraph in article.body_text and spec.last_paragraph in article.body_text, path
    leaked = [junk for junk in spec.junk if junk in article.body_text]
    assert not leaked, (path, leaked)
    assert article.summary and len(article.summary) <= 150
    assert not any(junk in article.summary for junk in spec.junk), path


def test_rss_feed_fills_the_inbox_and_links_the_repost(db, site, fetcher):
    feed = source(kind=Source.Kind.FEED, location=site.url("/feed.xml"), default_tags="测试")
    report = collect_source(feed, fetcher=fetcher)

    assert report.counts["new"] == 3 and report.counts["duplicate"] == 1, report.errors
    for path in ["/gbk/a1.html", "/gb18030/a2.html", "/jsonld/a5.html"]:
        article = article_from(site, path)
        assert article.status == Article.Status.DRAFT
        assert_extracted_like_spec(article, path)
        assert "测试" in set(article.tags.values_list("name", flat=True))
    repost = Page.objects.get(url=site.url(REPOST))  # tracking parameters dropped
    assert repost.outcome == Page.Outcome.DUPLICATE and repost.article == article_from(site, "/gbk/a1.html")
    assert 0.8 <= repost.similarity < 1
    assert Article.objects.count() == 3

    again = collect_source(feed, fetcher=fetcher)
    assert again.counts["new"] == 0 and again.counts["known"] + again.counts["unchanged"] >= 1
    assert Article.objects.count() == 3


def test_atom_feed_with_big5_and_undated_layouts(db, site, fetcher):
    report = collect_source(source(kind=Source.Kind.FEED, location=site.url("/atom.xml"), publish_mode="auto"), fetcher=fetcher)
    assert report.counts["new"] == 2, report.errors
    for path in ["/big5/a3.html", "/nometa/a6.html"]:
        article = article_from(site, path)
        assert article.status == Article.Status.PUBLISHED
        assert_extracted_like_spec(article, path)


def test_sitemap_index_is_followed_and_robots_is_honoured(db, site, fetcher):
    before = site.hits["/private/secret.html"]
    report = collect_source(source(kind=Source.Kind.SITEMAP, location=site.url("/sitemap.xml")), fetcher=fetcher)
    assert report.counts["new"] == 3, report.errors
    for path in ["/mislabelled/a4.html", "/seedlike/a7.html", "/news/2025/a8.html"]:
        assert_extracted_like_spec(article_from(site, path), path)
    private = Page.objects.get(url=site.url("/private/secret.html"))
    assert private.outcome == Page.Outcome.FAILED and "robots.txt" in private.reason
    assert site.hits["/private/secret.html"] == before


def test_seedlike_page_keeps_headings_and_subtitle(db, site, fetcher):
    collect_source(source(kind=Source.Kind.URL, location=site.url("/seedlike/a7.html")), fetcher=fetcher)
    spec, article = ARTICLES["/seedlike/a7.html"], article_from(site, "/seedlike/a7.html")
    assert article.subtitle == spec.subtitle
    # Like the seed page, a number line and a title line in a row make one heading.
    for number, title in zip(spec.headings[::2], spec.headings[1::2], strict=True):
        assert f"<h2>{number} {title}</h2>" in article.body_html


@pytest.mark.parametrize("rule", [{"link_regex": LIST_ARTICLE_PATTERN}, {"link_selector": LIST_ARTICLE_SELECTOR}])
def test_paginated_list_pages(db, site, fetcher, rule):
    lister = source(kind=Source.Kind.LIST, location=site.url("/list/index.html"),
                    page_url_template=site.url("/list/index_{page}.html"), max_pages=5, **rule)
    report = collect_source(lister, fetcher=fetcher)
    assert not report.errors, report.errors  # index_4.html's 404 ends the list quietly
    collected = set(Page.objects.filter(outcome__in=["new", "duplicate"]).values_list("url", flat=True))
    assert collected == {site.url(path) for path in ARTICLES if path != REPOST} & collected
    assert len(collected) >= 6


HOSTILE = {
    "/redirect/private-ip": "10.0.0.1",
    "/redirect/metadata": "169.254.169.254",
    "/redirect/loopback-other-port": "127.0.0.1",
    "/redirect/loop": "重定向",
    "/bomb.html": "上限",
    "/huge.html": "上限",
    "/slow.html": "",
    "/notfound.html": "404",
    "/error503.html": "503",
}


def test_hostile_pages_are_recorded_and_nothing_stored_is_touched(db, site, fetcher, make_article):
    kept = make_article(title="早已存在的文章")
    for path, reason in HOSTILE.items():
        report = collect_source(source(kind=Source.Kind.URL, location=site.url(path)), fetcher=fetcher)
        page = Page.objects.get(url=site.url(path))
        assert page.outcome == Page.Outcome.FAILED, path
        assert reason.lower() in page.reason.lower(), (path, page.reason)
        assert report.source.last_error == page.reason
    for path in ["/empty.html", "/binary.jpg", "/malformed.html"]:
        collect_source(source(kind=Source.Kind.URL, location=site.url(path)), fetcher=fetcher)
        assert Page.objects.get(url=site.url(path)).outcome in (Page.Outcome.EMPTY, Page.Outcome.FAILED), path
    assert list(Article.objects.all()) == [kept]
    kept.refresh_from_db()
    assert kept.title == "早已存在的文章" and kept.body_text


def test_redirect_chain_within_the_site_is_followed(db, site, fetcher):
    report = collect_source(source(kind=Source.Kind.URL, location=site.url("/redirect/chain/3")), fetcher=fetcher)
    assert report.counts["new"] == 1
    assert_extracted_like_spec(Article.objects.get(), "/news/2025/a8.html")


def test_a_source_whose_pages_come_back_empty_is_flagged(db, tmp_path, fetcher, import_from):
    import_from(tmp_path)
    for number in range(3):
        (tmp_path / f"wall{number}.html").write_text("<html><body><div class='login'>请先登录后阅读全文</div></body></html>")
    walled = source(kind=Source.Kind.FILES, location=str(tmp_path))
    collect_source(walled, fetcher=fetcher)
    walled.refresh_from_db()
    assert walled.flagged and "没有正文" in walled.flag_reason
    assert walled.last_failed == 3


def test_field_rules_and_reextract_update_articles_in_place(db, site, fetcher):
    news = source(kind=Source.Kind.URL, location=site.url("/news/2025/a8.html"))
    collect_source(news, fetcher=fetcher)
    article = Article.objects.get()
    news.title_rule = "//h1"
    news.author_rule = "title"  # deliberately odd: the <title> text becomes the author
    news.save()
    assert reextract(news, 5, fetcher=fetcher) == 1
    article.refresh_from_db()
    assert article.author.startswith(ARTICLES["/news/2025/a8.html"].title[:6])
    assert Article.objects.count() == 1


def test_the_seed_page_collected_from_disk(db, fetcher, import_from):
    seed = require_shared("seed")
    import_from(seed)
    import json

    expected = json.loads((seed / "seed-article.expected.json").read_text("utf-8"))
    collect_source(source(kind=Source.Kind.FILES, location=str(seed / "seed-article.html")), fetcher=fetcher)
    article = Article.objects.get()
    assert (article.title, article.author, article.editor, article.subtitle) == (
        expected["title"], expected["author"], expected["editor"], expected["subtitle"])
    assert article.published_at == datetime.fromisoformat(expected["published_at"])
    assert not [junk for junk in expected["must_not_contain"] if junk in article.body_text]
    # The seed's own 摘要 swallowed the byline; ours is whole sentences without it.
    assert "姜科峰" not in article.summary and "□" not in article.summary
    assert article.summary.endswith(("。", "!", "！", "”")) and len(article.summary) <= 150
    assert [f"<h2>{h}</h2>" in article.body_html for h in expected["headings"]] == [True] * len(expected["headings"])


def test_unchanged_location_costs_one_conditional_request(db, site, fetcher):
    watched = source(kind=Source.Kind.LIST, location=site.url("/etag/a8.html"), link_regex=r"/never-matches/")
    first = collect_source(watched, fetcher=fetcher)
    watched.refresh_from_db()
    assert watched.location_etag and first.counts["unchanged"] == 0
    second = collect_source(watched, fetcher=fetcher)
    assert second.counts["unchanged"] == 1 and not second.errors


def test_a_page_that_failed_is_retried_even_when_the_feed_is_unchanged(db, site, fetcher):
    from testsite.discovery import RSS_PATHS
    from testsite.server import ETAG_FEED_PATH

    flaky, broken = RSS_PATHS[2], RSS_PATHS[1]  # neither is the other one's repost
    feed = source(kind=Source.Kind.FEED, location=site.url(ETAG_FEED_PATH))
    site.down_paths.update({flaky, broken})
    try:
        first = collect_source(feed, fetcher=fetcher)
        assert first.counts["failed"] == 2
        assert Page.objects.get(url=site.url(flaky)).outcome == Page.Outcome.FAILED
        site.down_paths.discard(flaky)
        second = collect_source(feed, fetcher=fetcher)
        assert second.counts["unchanged"] == 1  # the feed answered 304 and listed nothing...
        page = Page.objects.get(url=site.url(flaky))
        assert (page.outcome, page.attempts) == (Page.Outcome.NEW, 2)  # ...yet the page was fetched again
        collect_source(feed, fetcher=fetcher)
        fetches_before = site.hits[broken]
        fourth = collect_source(feed, fetcher=fetcher)
        assert Page.objects.get(url=site.url(broken)).attempts == 3
        assert site.hits[broken] == fetches_before and fourth.counts["given_up"] == 0
        relisted = collect_source(source(kind=Source.Kind.FEED, location=site.url("/feed.xml")), fetcher=fetcher)
        assert relisted.counts["given_up"] == 1 and site.hits[broken] == fetches_before
    finally:
        site.down_paths.clear()
