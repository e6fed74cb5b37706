"""A worker given hostile pages records each as failed with its reason, within the page
budget, and goes on collecting; a discovery document that crashes its parser is the
source's recorded failure, not the end of the run."""

from __future__ import annotations

import random

import pytest

from huiwen.collect import PageReader, ReadingBudget
from huiwen.news.models import Article
from huiwen.sources import collector
from huiwen.sources.collector import collect_source
from huiwen.sources.models import Page, Source

STORY = (
    "<html><head><title>青石镇试点稻田综合种养</title></head><body><h1>青石镇试点稻田综合种养</h1>"
    "<p>青石镇今年在三个村试点稻田综合种养,稻田里养鱼养虾,水稻不施化肥,亩均增收一千二百元。</p>"
    "<p>镇农业服务中心负责人说,明年试点将扩大到全镇十二个村,并统一收购加工。</p></body></html>"
)


def _paragraph(text: str) -> bytes:
    return f"<html><head><title>页面</title></head><body><p>{text}</p></body></html>".encode()


#: One page per class found by the probe, with the reason it must fail for.
HOSTILE = {
    "digits.html": (_paragraph("1" * 4_000_000), "more than any article"),
    "dashed-dates.html": (_paragraph("2024-10-" * 400_000), "more than any article"),
    "chinese-dates.html": (_paragraph("2024年10月1日 " * 200_000), "more than any article"),
    "random-gb2312.html": (
        b'<html><head><meta charset="gb2312"></head><body><p>' + random.Random(3).randbytes(3 * 1024 * 1024),
        "unreadable",
    ),
}


#: About 4 s of extraction here, four times the budget below.
SLOW = ("line-breaks.html", ("<html><body>" + "一行<br>" * 400_000).encode(), "budget")


@pytest.mark.parametrize(
    ("budget", "pages"),
    [(30.0, HOSTILE), (1.0, {SLOW[0]: SLOW[1:]})],
    ids=["size-and-charset-rules", "time-budget"],
)
def test_each_hostile_page_fails_with_its_reason_and_collection_goes_on(db, tmp_path, import_from, budget, pages):
    import_from(tmp_path)
    for name, (content, _reason) in pages.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "zz-story.html").write_bytes(STORY.encode())  # read last, after every hostile page
    folder = Source.objects.create(name="本地导入", kind=Source.Kind.FILES, location=str(tmp_path))

    with PageReader(ReadingBudget(seconds=budget, workers=1)) as reader:
        report = collect_source(folder, reader=reader)

    assert report.counts["failed"] == len(pages) and report.counts["new"] == 1, report.errors
    for name, (_content, reason) in pages.items():
        page = Page.objects.get(url=(tmp_path / name).resolve().as_uri())
        assert page.outcome == Page.Outcome.FAILED and reason in page.reason, (name, page.reason)
    assert Article.objects.get().title == "青石镇试点稻田综合种养"


def test_a_discovery_parser_crash_is_recorded_and_the_run_ends_normally(db, monkeypatch):
    location = "https://feeds.example.com/rss.xml"

    class Feed:
        url, content, encoding_declared, etag, last_modified, not_modified = location, b"<rss/>", None, None, None, False

    class FetcherServingOneFeed:
        def fetch(self, url, **conditions):
            return Feed()

    def exhaust_memory(content, base_url):
        raise MemoryError

    monkeypatch.setattr(collector, "links_from_feed", exhaust_memory)
    feed = Source.objects.create(name="订阅", kind=Source.Kind.FEED, location=location)

    report = collect_source(feed, fetcher=FetcherServingOneFeed())

    assert report.errors == [(location, f"无法把 {location} 读作{feed.get_kind_display()}:MemoryError: ")]
    feed.refresh_from_db()
    assert feed.last_run_at is not None and "MemoryError" in feed.last_error
