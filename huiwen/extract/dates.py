"""Publication dates: parse Chinese and ISO formats into timezone-aware datetimes.

Naive times are read as China Standard Time (the portal's sources are overwhelmingly
mainland sites). A date later than "now" is never returned: it is a scheduled event in
the text, a typo, or a year inferred wrongly for a "09-29 17:23" style stamp.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from huiwen.extract.settings import DEFAULT_TIMEZONE, EARLIEST_YEAR

try:
    from zoneinfo import ZoneInfo

    LOCAL_ZONE: tzinfo = ZoneInfo(DEFAULT_TIMEZONE)
except Exception:  # no tz database on this host: China has had no DST since 1991
    LOCAL_ZONE = timezone(timedelta(hours=8), "CST")

_TIME = r"(?:\s*(?:T|\s|日|,)?\s*(?P<hour>[01]?\d|2[0-3])\s*[:：时]\s*(?P<minute>[0-5]\d)(?:\s*[:：分]\s*(?P<second>[0-5]\d))?(?:\.\d+)?)?"
_ZONE = r"(?:\s*(?P<zone>Z|[+-]\d{2}:?\d{2}))?"
_FULL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*(?P<sep>[年./-])\s*(?P<month>1[0-2]|0?[1-9])\s*[月./-]\s*"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)\s*日?" + _TIME + _ZONE
)
_COMPACT_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>1[0-2]|0[1-9])(?P<day>3[01]|[12]\d|0[1-9])(?!\d)"
)
# "09-29 17:23" or "9月29日 17:23": year left out, as on many list and article pages.
_MONTH_DAY_TIME = re.compile(
    r"(?<![\d年./-])(?P<month>1[0-2]|0?[1-9])\s*[月/-]\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*日?"
    r"\s+(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d)(?![\d])"
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/_-]?(?P<month>1[0-2]|0[1-9])[/_-]?(?P<day>3[01]|[12]\d|0[1-9])?(?:/|_|\b)"
)


def now() -> datetime:
    return datetime.now(LOCAL_ZONE)


def parse_date(text: str, *, reference: datetime | None = None) -> datetime | None:
    """First plausible date in ``text`` (meta content, a byline line, JSON-LD value)."""
    return next(iter_dates(text, reference=reference), None)


def iter_dates(text: str, *, reference: datetime | None = None):
    """Plausible dates in order of appearance; full dates before year-less ones."""
    reference = reference or now()
    found = False
    for match in _FULL_DATE.finditer(text):
        value = _build(match, match.group("year"), reference)
        if value is not None:
            found = True
            yield value
    for match in _COMPACT_DATE.finditer(text):
        value = _build(match, match.group("year"), reference)
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
    if aware.year < EARLIEST_YEAR or aware > reference:
        return None
    return aware


def _fixed_zone(zone: str) -> tzinfo:
    if zone == "Z":
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
