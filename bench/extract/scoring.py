"""Scores that match the published figures for each corpus (see the corpora README)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime
from itertools import pairwise

_WORD = re.compile(r"\w+", re.UNICODE)
# One token per Han character, one per run of Latin letters/digits; punctuation dropped.
_ZH_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_GOLD_DATE = re.compile(r"(\d{4})(?:\D+(\d{1,2}))?(?:\D+(\d{1,2}))?(?:\D+(\d{1,2})\D+(\d{1,2})(?:\D+\d{1,2})?)?")


def precision_recall(predicted: Counter, gold: Counter) -> tuple[float, float]:
    """Bag overlap; an empty prediction has precision 1 against anything (AEB convention)."""
    overlap = sum((predicted & gold).values())
    precision = overlap / sum(predicted.values()) if predicted else 1.0
    recall = overlap / sum(gold.values()) if gold else 1.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def en_shingles(text: str, size: int = 4) -> Counter:
    tokens = _WORD.findall(text or "")
    return Counter(tuple(tokens[i : i + size]) for i in range(max(len(tokens) - size + 1, 1)) if tokens)


def zh_chars(text: str) -> list[str]:
    return _ZH_TOKEN.findall(unicodedata.normalize("NFKC", text or "").lower())


def zh_bags(text: str) -> tuple[Counter, Counter]:
    tokens = zh_chars(text)
    return Counter(tokens), Counter(pairwise(tokens))


def normalise_title(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or "")).lower()


def author_f1(predicted: str | None, gold: str | None) -> float | None:
    """Set F1 over names; gold None means "no author" and predicting none scores 1."""
    if gold is None:
        return None
    gold_names = set(_names(gold))
    predicted_names = set(_names(predicted or ""))
    if not gold_names:
        return 1.0 if not predicted_names else 0.0
    if not predicted_names:
        return 0.0
    hit = len(gold_names & predicted_names)
    return f1(hit / len(predicted_names), hit / len(gold_names))


def _names(text: str) -> list[str]:
    # "周思博 (Joel Spolsky)": a bracketed alias is the same person, not a second name.
    text = _ALIAS.sub(" ", unicodedata.normalize("NFKC", text))
    return [name for name in re.split(r"[\s,，、;；/|]+", text) if name and name != "UNKNOWN"]


_ALIAS = re.compile(r"\([^()]*\)")


def usable_date(gold: str | None) -> bool:
    """Honest counting: only gold that names a calendar day can be scored "same day".

    Year-only or year-month gold ("2018", "1998-3"), misspelt UNKNOWN, empty files and a
    name in a date file are not usable and are left out.
    """
    if not gold:
        return False
    match = _GOLD_DATE.fullmatch(gold.strip())
    return bool(match and match.group(3))


def usable_author(gold: str | None) -> bool:
    """Honest counting: gold that names at least one person (UNKNOWN pages are scored apart)."""
    return bool(gold and _names(gold))


def date_matches(predicted: datetime | date | str | None, gold: str | None) -> bool | None:
    """Same day (or month/year when that is all the gold gives); same minute if gold has a time."""
    if gold is None:
        return None
    match = _GOLD_DATE.search(gold)
    if not match:
        return None
    if predicted is None:
        return False
    if isinstance(predicted, str):
        try:
            predicted = datetime.fromisoformat(predicted.replace("Z", "+00:00"))
        except ValueError:
            return False
    year, month, day, hour, minute = (int(g) if g else None for g in match.groups())
    fields = [(year, predicted.year), (month, predicted.month), (day, predicted.day)]
    if isinstance(predicted, datetime) and hour is not None:
        fields += [(hour, predicted.hour), (minute, predicted.minute)]
    return all(want is None or want == got for want, got in fields)
