from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huiwen.text import decode_html
from huiwen.text.charset import normalise_charset_label

STORY = "<p>漯河市源汇区高举旗帜，深入贯彻讲话精神，奏响高质量发展新乐章。</p>" * 5


def test_meta_charset_gb2312_decodes_as_gb18030():
    data = ('<html><head><meta charset="gb2312"></head><body>' + STORY + "㵘</body></html>").encode("gb18030")
    assert "高质量发展" in decode_html(data) and "㵘" in decode_html(data)


def test_http_header_beats_meta():
    data = ('<meta charset="utf-8">' + STORY).encode("gbk")
    assert "高质量发展" in decode_html(data, declared="GBK")


def test_utf8_mislabelled_as_gbk_is_read_as_utf8():
    data = ('<meta charset="gbk">' + STORY).encode("utf-8")
    assert "高质量发展" in decode_html(data)


def test_gbk_declared_as_utf8_falls_back_to_detection():
    data = ('<meta charset="utf-8">' + STORY).encode("gbk")
    assert "高质量发展" in decode_html(data)


def test_undeclared_gbk_is_detected():
    assert "高质量发展" in decode_html(STORY.encode("gbk"))


def test_bom_wins_over_everything():
    data = codecs.BOM_UTF8 + ('<meta charset="big5">' + STORY).encode("utf-8")
    assert decode_html(data, declared="gbk").startswith('<meta charset="big5">')


def test_whatwg_label_mapping():
    assert normalise_charset_label("x-gbk") == "gb18030"
    assert normalise_charset_label("GB_2312-80") == "gb18030"
    assert normalise_charset_label("big5") == "big5hkscs"
    assert normalise_charset_label("ISO-8859-1") == "cp1252"
    assert normalise_charset_label("no-such-charset") is None


@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "gbk", "big5", "latin1", "bogus"]))
def test_never_raises(data, declared):
    assert isinstance(decode_html(data, declared), str)


SIMPLIFIED = "城东新区今年共完成老旧小区改造四十二个，惠及居民一万余户。改造中新增电梯六十部，老人上下楼不再发愁。" * 40
TRADITIONAL = "位於嵐港市北岸的海濱圖書館於本月二十一日正式開館，首週累計接待讀者逾三萬人次，借出圖書一萬零四百多冊。" * 40


@pytest.mark.parametrize(("text", "encoding"), [(SIMPLIFIED, "gbk"), (SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5")])
def test_undeclared_chinese_is_recognised_even_with_a_stray_bad_byte(text, encoding):
    page = f"<html><head><title>no charset</title></head><body><p>{text}</p></body></html>".encode(encoding)
    # Half a character before the markup resumes, as truncated text leaves behind.
    end = page.index(b"</p>")
    damaged = page[:end] + b"\xc7" + page[end:]
    for data in (page, damaged):
        decoded = decode_html(data)
        assert text[20:60] in decoded, encoding
