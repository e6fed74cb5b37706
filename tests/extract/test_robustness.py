"""Arbitrary or hostile input never raises and finishes in bounded time."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiwen.extract import Article, extract

_TAGS = st.sampled_from(["p", "div", "td", "table", "a", "strong", "br", "h1", "ul", "li", "script", "span"])
_FRAGMENTS = st.one_of(
    st.text(max_size=40),
    _TAGS.map(lambda tag: f"<{tag}>"),
    _TAGS.map(lambda tag: f"</{tag}>"),
    st.sampled_from(["□张三", "编辑：李四", "2022-09-29 17:23", "<meta charset=gbk>", "<title>标题_网</title>", "&#0;", "\x00"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_give_an_article(data):
    article = extract(data)
    assert isinstance(article, Article)
    json.dumps(article.as_dict())


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=80).map("".join))
def test_tag_soup_gives_serialisable_output(html):
    json.dumps(extract(html, url="https://example.cn/a/").as_dict())


def test_deep_nesting_and_huge_input_finish_quickly():
    deep = "<div>" * 100_000 + "深" * 10 + "</div>" * 100_000
    huge = "<p>" + "很长的段落，" * 2_000_000 + "</p>"
    for html in (deep, huge, deep.encode("utf-8")):
        started = time.perf_counter()
        extract(html)
        assert time.perf_counter() - started < 20


def test_empty_input():
    assert extract(b"").text == ""
    assert extract("   ").title is None
