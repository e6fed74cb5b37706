from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from huiwen.extract._dates import LOCAL_ZONE, date_from_url, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年9月29日 17:23", "2022-09-29T17:23:00+08:00"),
        ("2022-09-29 17:23:35", "2022-09-29T17:23:35+08:00"),
        ("2022/09/29", "2022-09-29T00:00:00+08:00"),
        ("发布时间：2005-5-7 21:23:57", "2005-05-07T21:23:57+08:00"),
        ("2020-02-19T10:00:00Z", "2020-02-19T18:00:00+08:00"),
        ("2022-09-29T17:23:35+08:00", "2022-09-29T17:23:35+08:00"),
    ],
)
def test_chinese_and_iso_formats_are_read_as_china_time(text, expected):
    assert parse_date(text).isoformat() == expected


def test_year_is_inferred_as_the_latest_past_occurrence():
    reference = datetime(2026, 1, 10, 12, 0, tzinfo=LOCAL_ZONE)
    assert parse_date("09-29 17:23", reference=reference).isoformat() == "2025-09-29T17:23:00+08:00"
    assert parse_date("01-09 08:00", reference=reference).isoformat() == "2026-01-09T08:00:00+08:00"


def test_future_dates_are_never_returned():
    tomorrow = datetime.now(LOCAL_ZONE) + timedelta(days=1)
    assert parse_date(tomorrow.strftime("%Y-%m-%d %H:%M")) is None
    assert parse_date("2099-01-01") is None


def test_dates_in_urls():
    assert date_from_url("http://www.xinhuanet.com/local/2020-02/19/c_1125597921.htm").date().isoformat() == "2020-02-19"
    assert date_from_url("https://example.cn/detail/20200102/1000.html").date().isoformat() == "2020-01-02"
    assert date_from_url("https://example.cn/about") is None
