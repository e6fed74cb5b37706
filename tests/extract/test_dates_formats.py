"""Slash dates, relative stamps, URL dates, and where on the page the date is taken from."""

from __future__ import annotations

from datetime import datetime

import pytest

from huiwen.extract import extract
from huiwen.extract._dates import LOCAL_ZONE, date_from_url, parse_date

FETCHED = datetime(2024, 5, 10, 12, 0, tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9/17/2004 5:54:13 AM", "2004-09-17T05:54:13+08:00"),
        ("7/5/2005 9:23:57 PM", "2005-07-05T21:23:57+08:00"),  # AM/PM: US month/day order
        ("17/9/2004", "2004-09-17T00:00:00+08:00"),
        ("06/02/2022 - 13:48", None),  # June or February: not guessed
    ],
)
def test_slash_dates_are_read_only_when_unambiguous(text, expected):
    value = parse_date(text)
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3小时前", "2024-05-10T09:00:00+08:00"),
        ("25分钟前", "2024-05-10T11:35:00+08:00"),
        ("2天前", "2024-05-08T12:00:00+08:00"),
        ("昨天 10:20", "2024-05-09T10:20:00+08:00"),
        ("前天 23:05", "2024-05-08T23:05:00+08:00"),
        ("刚刚", "2024-05-10T12:00:00+08:00"),
        ("今天 13:00", None),  # later than the fetch: never a future date
    ],
)
def test_relative_stamps_count_back_from_the_fetch_time(text, expected):
    value = parse_date(text, reference=FETCHED)
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.cn/2019/0312/c1.html",
        "https://news.example.cn/201903/12/c_1124.htm",
        "https://gov.example.cn/xxgk/t20190312_5521.html",
        "https://news.example.cn/a/20190312/77.shtml",
    ],
)
def test_dates_in_urls(url):
    assert date_from_url(url).date().isoformat() == "2019-03-12"


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


STORY = "<p>" + "海川县今年新建了三座图书馆，全年接待读者超过十万人次，馆藏图书持续增加。" * 3 + "</p>"


def test_relative_stamp_under_the_headline_uses_fetched_at():
    html = _page("<title>海川县新建三座图书馆</title>", f"<h1>海川县新建三座图书馆</h1><p>3小时前 来源：海川日报</p>{STORY}")
    assert extract(html, fetched_at=FETCHED).published_at.isoformat() == "2024-05-10T09:00:00+08:00"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="PubDate" content="2021-06-01 08:30">',
        '<meta property="og:release_date" content="2021-06-01 08:30">',
        '<meta name="dc.date" content="2021-06-01T08:30:00+08:00">',
        '<meta itemprop="datePublished" content="2021-06-01T08:30:00+08:00">',
    ],
)
def test_declared_dates(meta):
    html = _page(f"{meta}<title>海川县新建三座图书馆</title>", f"<h1>海川县新建三座图书馆</h1>{STORY}")
    assert extract(html).published_at.isoformat() == "2021-06-01T08:30:00+08:00"


def test_time_element_beats_a_date_far_from_the_headline():
    html = _page(
        "<title>海川县新建三座图书馆</title>",
        f'<div>今天是 2024-05-09</div><h1>海川县新建三座图书馆</h1><time datetime="2021-06-01T08:30:00+08:00">六月一日</time>{STORY}'
        + "".join(f"<p>第{i}段</p>" for i in range(14))
        + "<ul><li>发布时间：2020-01-01 10:00 旧闻一则</li></ul>",
    )
    assert extract(html, fetched_at=FETCHED).published_at.isoformat() == "2021-06-01T08:30:00+08:00"


def test_the_date_nearest_below_the_headline_wins_over_lists_and_copyright():
    html = _page(
        "<title>海川县新建三座图书馆</title>",
        "<div>2024年5月9日 星期四</div><h1>海川县新建三座图书馆</h1>"
        + "".join(f"<p>第{i}段</p>" for i in range(14))
        + f"{STORY}<p>本贴由某人于2021年6月1日08:30在海川论坛发表</p><p>发表时间：2021-06-01 08:30 海川论坛</p>"
        "<ul><li>旧闻 发布时间：2019-01-01 10:00</li></ul><p>Copyright © 2003-2024</p>",
    )
    assert extract(html, fetched_at=FETCHED).published_at.isoformat() == "2021-06-01T08:30:00+08:00"


def test_a_stamp_opening_a_line_with_the_outlet_under_the_headline():
    html = _page("<title>海川县新建三座图书馆</title>", f"<h1>海川县新建三座图书馆</h1><div>2005年03月31日03:18 海川晚报</div>{STORY}")
    assert extract(html).published_at.isoformat() == "2005-03-31T03:18:00+08:00"
