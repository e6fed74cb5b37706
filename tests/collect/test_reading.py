"""Reading one page is bounded: by what an article can be, by how much text enrichment
reads, and by a hard time and memory budget that a reading process is stopped at."""

from __future__ import annotations

import random
import resource

import pytest

from huiwen.collect import NotAnArticle, OverBudget, PageReader, ReadingBudget, read_page
from huiwen.text import keywords, summarize
from huiwen.text.keywords import MAX_ENRICHED_CHARS

URL = "https://news.example.com/2026/11/30/a.html"
STORY = (
    "<html><head><title>青石镇试点稻田综合种养</title></head><body><h1>青石镇试点稻田综合种养</h1>"
    "<p>青石镇今年在三个村试点稻田综合种养,稻田里养鱼养虾,水稻不施化肥,亩均增收一千二百元。</p>"
    "<p>镇农业服务中心负责人说,明年试点将扩大到全镇十二个村,并统一收购加工。</p></body></html>"
)


def _page(body_text: str) -> str:
    return f"<html><head><title>测试</title></head><body><article><p>{body_text}</p></article></body></html>"


@pytest.mark.parametrize(
    "bomb",
    ["1" * 4_000_000, "2024-10-" * 400_000, "2024年10月1日 " * 200_000],
    ids=["digits", "dashed-dates", "chinese-dates"],
)
def test_a_body_longer_than_any_article_is_refused(bomb):
    with pytest.raises(NotAnArticle, match="more than any article"):
        read_page(_page(bomb), URL)


def test_random_bytes_declared_as_gb2312_are_refused_as_unreadable():
    noise = random.Random(7).randbytes(3 * 1024 * 1024)
    with pytest.raises(NotAnArticle, match="unreadable"):
        read_page(b'<html><head><meta charset="gb2312"></head><body><p>' + noise, URL)


def test_a_real_story_is_read_with_its_summary_and_keywords():
    article = read_page(STORY.encode("gb18030"), URL, declared_charset="gbk")
    assert article.title == "青石镇试点稻田综合种养"
    assert article.summary.startswith("青石镇今年在三个村试点稻田综合种养")
    assert "稻田" in article.keywords


def test_enrichment_reads_only_the_lead_of_a_long_body():
    lead = "青石镇今年在三个村试点稻田综合种养,稻田里养鱼养虾。" * (MAX_ENRICHED_CHARS // 25 + 1)
    tail = "航天员在空间站完成出舱任务。" * 2000
    assert "航天员" not in keywords(lead + tail)
    assert "航天员" not in summarize(lead + "\n" + tail, max_chars=2000)


def test_a_page_over_its_time_budget_is_stopped_and_the_next_page_is_read():
    slow = "<html><body>" + "一行<br>" * 400_000  # about 4 s of extraction here
    with PageReader(ReadingBudget(seconds=1.0, workers=1)) as reader:
        with pytest.raises(OverBudget, match=r"more than its 1 s budget"):
            reader.read(slow, URL)
        assert reader.read(STORY, URL).title == "青石镇试点稻田综合种养"


def test_a_page_over_its_memory_budget_fails_without_growing_the_caller():
    # A reading process holds about 150 MiB of address space once the dictionaries are
    # loaded; this page's tree of 1.2 million elements needs some 300 MiB more. The process
    # that ran out is replaced, so the next page is read in a clean one.
    greedy = "<html><body>" + "<p>这是一段。</p>" * 1_200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with PageReader(ReadingBudget(seconds=60, memory_mb=400, workers=1)) as reader:
        with pytest.raises(OverBudget, match="400 MiB budget"):
            reader.read(greedy, URL)
        assert reader.read(STORY, URL).title == "青石镇试点稻田综合种养"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024
