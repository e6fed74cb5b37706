"""Arbitrary or hostile input never raises, and the work it causes is bounded."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiwen.extract import Extracted, ExtractPolicy, extract
from huiwen.extract._dom import parse_html
from huiwen.extract._policy import MAX_DEPTH

MAX_BLOCKS = ExtractPolicy().max_blocks
MAX_INPUT_BYTES = ExtractPolicy().max_input_bytes

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
    assert isinstance(article, Extracted)
    assert json.loads(json.dumps(article.as_dict())) == article.as_dict()


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=80).map("".join))
def test_tag_soup_gives_serialisable_output(html):
    data = extract(html, url="https://example.cn/a/").as_dict()
    assert json.loads(json.dumps(data)) == data


def test_deep_nesting_and_huge_input_are_cut_to_bounded_work():
    # What bounds the work is checked, not a wall clock that a loaded machine can miss:
    # the tree is never deeper than the walks allow, and no more input than the cap is read.
    deep = "<div>" * 100_000 + "深" * 10 + "</div>" * 100_000
    for html in (deep, deep.encode("utf-8")):
        tree = parse_html(html)
        assert max(sum(1 for _ in element.iterancestors()) for element in tree.iter()) <= MAX_DEPTH + 1
        assert isinstance(extract(html), Extracted)
    huge = "<div>" + ("<p>" + "很长的段落，" * 1_000 + "</p>") * 3_000 + "</div>"
    assert len(huge) > 4 * MAX_INPUT_BYTES  # 18 M characters
    read = "".join(parse_html(huge).itertext())
    assert MAX_INPUT_BYTES / 2 < len(read) < MAX_INPUT_BYTES
    article = extract(huge)
    assert 0 < len(article.blocks) <= MAX_BLOCKS


def test_empty_input():
    assert extract(b"").text == ""
    assert extract("   ").title is None
