"""Publication dates: parse Chinese and ISO formats into timezone-aware datetimes.

Naive times are read as China Standard Time (the portal's sources are overwhelmingly
mainland sites). A date later than "now" is never returned: it is a scheduled event in
the text, a typo, or a year inferred wrongly for a "09-29 17:23" style stamp.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from huiwen.extract._policy import DEFAULT_TIMEZONE, current_policy

try:
    from zoneinfo import ZoneInfo

    LOCAL_ZONE: tzinfo = ZoneInfo(DEFAULT_TIMEZONE)
except Exception:  # no tz database on this host: China has had no DST since 1991
    LOCAL_ZONE = timezone(timedelta(hours=8), "CST")

_TIME = r"(?:\s*(?:T|\s|日|,)?\s*(?P<hour>[01]?\d|2[0-3])\s*[:：时]\s*(?P<minute>[0-5]\d)(?:\s*[:：分]\s*(?P<second>[0-5]\d))?(?:\.\d+)?)?"
# "2023年05月12日 星期五 10:20": a weekday between the day and the time.
_WEEKDAY = r"(?:\s*[（(]?\s*(?:星期|周|礼拜|禮拜)[一二三四五六日天][)）]?)?"
_ZONE = r"(?:\s*(?P<zone>Z|[+-]\d{2}:?\d{2}))?"
_FULL_DATE = re.compile(
    # The separators must agree ("2004-01-01", not the "2004 - 01/01" straddling a
    # "12/01/2004 - 01/01/2005" calendar range), and the year must not end a slash date.
    r"(?<![\d/.])(?P<year>(?:19|20)\d{2})\s*(?P<sep>[年./-])\s*(?P<month>1[0-2]|0?[1-9])\s*(?:月|(?P=sep))\s*"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)\s*日?" + _WEEKDAY + _TIME + _ZONE
)
# "2023 04/18 15:36:20": Xinhua-style stamps print the year apart from month/day.
_YEAR_APART = re.compile(
    r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})\s+(?P<month>1[0-2]|0?[1-9])\s*[/-]\s*(?P<day>3[01]|[12]\d|0?[1-9])(?![\d/])" + _TIME
)
_COMPACT_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>1[0-2]|0[1-9])(?P<day>3[01]|[12]\d|0[1-9])(?!\d)"
)
# "09-29 17:23" or "9月29日 17:23": year left out, as on many list and article pages.
_MONTH_DAY_TIME = re.compile(
    r"(?<![\d年./-])(?P<month>1[0-2]|0?[1-9])\s*[月/-]\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*日?"
    r"\s+(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d)(?![\d])"
)
# "9/17/2004 5:54:13 AM" (ASP.NET's US default) or "17/9/2004": day and month are only
# told apart by AM/PM (US order) or by one of them being over 12; otherwise skipped.
_SLASH_DATE = re.compile(
    r"(?<![\d/])(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>(?:19|20)\d{2})(?![\d/])"
    r"(?:\s+(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second_>[0-5]\d))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?"
)
# English: "March 3, 2024", "Saturday, September 10th, 2005 10:56 am", "3 March 2024 14:05".
_MONTHS = {name: index for index, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"), start=1)
    for name in names.split()}
_MONTH_NAME = (
    r"(?P<monthname>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_EN_TIME = r"(?:,?\s+(?:at\s+)?(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second_>[0-5]\d))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?"
_ENGLISH_DATE = re.compile(
    rf"\b(?:{_MONTH_NAME}\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})"
    rf"|(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+{_MONTH_NAME.replace('monthname', 'monthname2')},?\s+"
    rf"(?P<year2>(?:19|20)\d{{2}})){_EN_TIME}\b",
    re.IGNORECASE,
)
# Relative stamps on feeds and app pages: "3小时前", "刚刚", "昨天 10:20".
_RELATIVE_AGO = re.compile(r"(?P<count>\d{1,3})\s*(?P<unit>秒|分钟|分鐘|小时|小時|天|日)前")
_RELATIVE_DAY = re.compile(r"(?P<word>今天|昨天|前天|今日|昨日)\s*(?:(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d))?")
_JUST_NOW = re.compile(r"刚刚|剛剛|just now", re.IGNORECASE)
_MAY_HOLD_DATE = re.compile(r"\d|刚刚|剛剛|just now", re.IGNORECASE)
_URL_DATE = re.compile(
    r"(?:/t?|_)(?P<year>(?:19|20)\d{2})[/_-]?(?P<month>1[0-2]|0[1-9])[/_-]?(?P<day>3[01]|[12]\d|0[1-9])?(?:/|_|\b)"
)


#: The fetch time of the page being extracted: "now" for relative stamps and the future check.
fetch_time: ContextVar[datetime | None] = ContextVar("fetch_time", default=None)


def now() -> datetime:
    return fetch_time.get() or datetime.now(LOCAL_ZONE)


def parse_date(text: str, *, reference: datetime | None = None) -> datetime | None:
    """First plausible date in ``text`` (meta content, a byline line, JSON-LD value)."""
    return next(iter_dates(text, reference=reference), None)


def iter_dates(text: str, *, reference: datetime | None = None):
    """Plausible dates in order of appearance; full dates before year-less ones."""
    if not _MAY_HOLD_DATE.search(text):
        return  # every stamp but "刚刚" / "just now" has a digit; most prose lines have none
    reference = reference or now()
    found = False
    for pattern in (_FULL_DATE, _YEAR_APART, _COMPACT_DATE):
        for match in pattern.finditer(text):
            value = _build(match, match.group("year"), reference)
            if value is not None:
                found = True
                yield value
    for match in _SLASH_DATE.finditer(text):
        value = _build_slash(match, reference)
        if value is not None:
            found = True
            yield value
    if not found and _HAS_LATIN_MONTH.search(text):
        for match in _ENGLISH_DATE.finditer(text):
            value = _build_english(match, reference)
            if value is not None:
                found = True
                yield value
    if not found:
        value = _relative(text, reference)
        if value is not None:
            found = True
            yield value
    if not found:
        for match in _MONTH_DAY_TIME.finditer(text):
            # The most recent past occurrence: "12-31 23:59" seen in January is last year.
            value = _build(match, str(reference.year), reference) or _build(
                match, str(reference.year - 1), reference
            )
            if value is not None:
                yield value


def _build_slash(match: re.Match[str], reference: datetime) -> datetime | None:
    first, second = int(match.group("first")), int(match.group("second"))
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first or ampm:
        month, day = first, second
    else:
        return None  # 06/02/2022: February or June, cannot tell
    return _clock_date(int(match.group("year")), month, day, ampm, match, reference)


def _clock_date(year: int, month: int, day: int, ampm: str, match: re.Match[str], reference: datetime) -> datetime | None:
    """The local date and 12/24-hour clock time of a match, if real and not in the future."""
    policy = current_policy()
    hour = int(match.group("hour") or 0)
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        naive = datetime(year, month, day, hour, int(match.group("minute") or 0), int(match.group("second_") or 0))
    except ValueError:
        return None
    aware = naive.replace(tzinfo=LOCAL_ZONE)
    if aware.year < policy.earliest_year or aware > reference:
        return None
    return aware


_HAS_LATIN_MONTH = re.compile(r"(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")


def _build_english(match: re.Match[str], reference: datetime) -> datetime | None:
    month = _MONTHS.get((match.group("monthname") or match.group("monthname2") or "").lower().rstrip("."))
    day = match.group("day") or match.group("day2")
    year = match.group("year") or match.group("year2")
    if month is None:
        return None
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    return _clock_date(int(year), month, int(day), ampm, match, reference)


def _relative(text: str, reference: datetime) -> datetime | None:
    """"3小时前", "昨天 10:20", "刚刚", counted back from ``reference`` (the fetch time)."""
    if match := _RELATIVE_AGO.search(text):
        count = int(match.group("count"))
        unit = match.group("unit")
        delta = {"秒": timedelta(seconds=count), "天": timedelta(days=count), "日": timedelta(days=count)}.get(
            unit, timedelta(hours=count) if unit in ("小时", "小時") else timedelta(minutes=count)
        )
        return reference - delta
    if match := _RELATIVE_DAY.search(text):
        back = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}[match.group("word")]
        if match.group("hour") is None and back == 0:
            return None  # a bare "今天" is a word in a sentence, not a stamp
        if match.group("hour") is None:
            return None
        day = (reference - timedelta(days=back)).date()
        value = datetime(day.year, day.month, day.day, int(match.group("hour")), int(match.group("minute")), tzinfo=reference.tzinfo or LOCAL_ZONE)
        return value if value <= reference else None
    if _JUST_NOW.search(text):
        return reference
    return None


def parse_timestamp(value: str, *, reference: datetime | None = None) -> datetime | None:
    """A Unix time in seconds or milliseconds ("1683858000"), as a local datetime."""
    policy = current_policy()
    if not value.isdigit() or len(value) not in (10, 13):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    aware = datetime.fromtimestamp(seconds, LOCAL_ZONE)
    if aware.year < policy.earliest_year or aware > (reference or now()):
        return None
    return aware


def date_from_url(url: str | None, *, reference: datetime | None = None) -> datetime | None:
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    return _build(match, match.group("year"), reference or now(), default_day=1)


def has_time(text: str) -> bool:
    match = _FULL_DATE.search(text)
    return bool(match and match.group("hour"))


def _build(match: re.Match[str], year: str, reference: datetime, default_day: int | None = None) -> datetime | None:
    policy = current_policy()
    groups = match.groupdict()
    try:
        day = int(groups["day"]) if groups.get("day") else default_day
        if day is None:
            return None
        naive = datetime(
            int(year),
            int(groups["month"]),
            day,
            int(groups.get("hour") or 0),
            int(groups.get("minute") or 0),
            int(groups.get("second") or 0),
        )
    except (TypeError, ValueError):
        return None
    zone = groups.get("zone")
    if zone:
        aware = naive.replace(tzinfo=_fixed_zone(zone)).astimezone(LOCAL_ZONE)
    else:
        aware = naive.replace(tzinfo=LOCAL_ZONE)
    if aware.year < policy.earliest_year or aware > reference:
        return None
    return aware


def _fixed_zone(zone: str) -> tzinfo:
    if zone == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
