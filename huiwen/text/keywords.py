"""Keyword extraction: jieba TF-IDF restricted to content-word parts of speech."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from huiwen.text.segment import tokenizer

if TYPE_CHECKING:
    from jieba.analyse import TFIDF

__all__ = ["DEFAULT_KEYWORD_COUNT", "MAX_ENRICHED_CHARS", "keywords", "stopwords", "warm_up", "weighted_keywords"]

DEFAULT_KEYWORD_COUNT = 6
#: Keywords and summaries read at most this much of a body. News states its point first,
#: and segmentation cost grows with length: a run of characters jieba does not know costs
#: its HMM about 0.3 ms each, so a long body of junk would take minutes.
MAX_ENRICHED_CHARS = 10_000
# Nouns, names, places, organisations, other proper nouns, verbal nouns, English words:
# verbs and adjectives make poor tags ("推进", "重要").
_CONTENT_POS = ("n", "nr", "ns", "nt", "nz", "nrt", "vn", "eng")
_MEANINGLESS = re.compile(r"^[\d\W_]+$|^.$")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    raw = files("huiwen.text").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _extractor() -> "TFIDF":
    from jieba.analyse import TFIDF

    extractor = TFIDF()
    extractor.tokenizer = tokenizer()
    extractor.stop_words = set(extractor.stop_words) | stopwords()
    return extractor


def warm_up() -> None:
    """Load every dictionary now rather than on the first text (about a second)."""
    weighted_keywords("汇文")


def weighted_keywords(text: str, k: int = DEFAULT_KEYWORD_COUNT) -> list[tuple[str, float]]:
    """Top ``k`` keywords of the first ``MAX_ENRICHED_CHARS`` of ``text`` with their
    TF-IDF weights, best first."""
    if not text.strip() or k <= 0:
        return []
    ranked = _extractor().extract_tags(text[:MAX_ENRICHED_CHARS], topK=k * 3, withWeight=True, allowPOS=_CONTENT_POS)
    chosen: list[tuple[str, float]] = []
    for word, weight in ranked:
        if _MEANINGLESS.match(word) or word.lower() in stopwords():
            continue
        # "源汇" beside "源汇区" is one tag said twice; keep the better-ranked spelling.
        if any(word in kept or kept in word for kept, _ in chosen):
            continue
        chosen.append((word, weight))
    return chosen[:k]


def keywords(text: str, k: int = DEFAULT_KEYWORD_COUNT) -> list[str]:
    """Top ``k`` keywords (3–8 is a good range for tagging), best first."""
    return [word for word, _ in weighted_keywords(text, k)]
