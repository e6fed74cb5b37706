"""Keywords an editor would keep: names, places, organisations and topic nouns.

Candidates are the nouns of a text as rjieba tags them (``n``) and its proper nouns
(people ``nr``, places ``ns``, organisations ``nt``, other names ``nz``, Latin words):
verbs, adjectives and verbal nouns (推进, 重要, 管理) make poor tags. Stop words
(stopwords-iso's Chinese and English lists plus ``stopwords.txt``: news filler and nouns
too general to file a story under) never become candidates.

A candidate is ranked by mentions × inverse document frequency, with proper nouns and
words of the headline counted higher. A common noun mentioned once is incidental to the
story (有效证件 in a notice about a bus route) and is not a keyword unless the headline
names it. The document frequency is the site's own when one is passed in
(:class:`DocumentFrequencies`, learned from the articles it has stored): a word that
most of the site's articles share (the city it covers, 项目 on a site of project
notices) sinks however rare it is in general Chinese. Until the site has enough articles
of its own, jieba's bundled IDF table (general Chinese) stands in, blended so that each
article learned moves the estimate a little further from general Chinese to the site.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

__all__ = [
    "DEFAULT_KEYWORD_COUNT",
    "DEFAULT_KEYWORD_POLICY",
    "MAX_ENRICHED_CHARS",
    "Candidate",
    "DocumentFrequencies",
    "KeywordPolicy",
    "candidates",
    "rank_keywords",
    "stopwords",
    "warm_up",
]

DEFAULT_KEYWORD_COUNT = 6
#: Keywords and summaries read at most this much of a body. News states its point first,
#: and segmentation cost grows with length.
MAX_ENRICHED_CHARS = 10_000

_MEANINGLESS = re.compile(r"^[\d\W_]+$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_LIKE_LATIN = re.compile(r"[A-Z0-9]")


@dataclass(frozen=True)
class KeywordPolicy:
    """Every knob of keyword ranking in one place."""

    #: Keywords returned (3–8 is a good range for tagging).
    count: int = DEFAULT_KEYWORD_COUNT
    #: Parts of speech that name a person, place, organisation or thing (``eng``: a
    #: Latin-script word such as a brand or an acronym).
    proper_nouns: frozenset[str] = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "eng"})
    #: Parts of speech of common nouns.
    common_nouns: frozenset[str] = frozenset({"n"})
    #: How much more a proper noun counts than a common noun with the same score.
    proper_noun_weight: float = 1.5
    #: How much more a word of the headline counts.
    title_weight: float = 2.0
    #: A word mentioned fewer times, and not in the headline, is incidental.
    min_mentions: int = 2
    #: Shortest keyword in Han characters (one character is a fragment: 村, 镇, 娃)…
    min_han_chars: int = 2
    #: …and in Latin letters or digits (C2C, 5G and AI pass; a lone "x" does not).
    min_latin_chars: int = 2
    #: One-character words that make the noun before them a place name (青石 + 镇).
    place_suffixes: frozenset[str] = frozenset("省市县区镇乡村街路")
    #: Site articles the general IDF table is worth: the site's own document frequency
    #: outweighs general Chinese once it has learned about this many articles.
    prior_documents: float = 200.0


DEFAULT_KEYWORD_POLICY = KeywordPolicy()


@dataclass(frozen=True)
class DocumentFrequencies:
    """The site's own statistics: how many articles were learned, and in how many of
    them each word appeared (only the words asked about need to be present)."""

    documents: int = 0
    frequency: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A word that may become a keyword, as counted in one text."""

    word: str
    mentions: int
    proper: bool
    in_title: bool = False


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    import stopwordsiso

    raw = files("huiwen.text").joinpath("stopwords.txt").read_text(encoding="utf-8")
    own = {line.strip().lower() for line in raw.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(own | stopwordsiso.stopwords("zh") | stopwordsiso.stopwords("en"))


@lru_cache(maxsize=1)
def _general_idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table of general Chinese (word → idf) and its median, for unknown words.

    Read from the jieba package's data file only: jieba itself is never initialised."""
    import jieba

    table: dict[str, float] = {}
    for line in files(jieba).joinpath("analyse", "idf.txt").read_text(encoding="utf-8").splitlines():
        word, _, value = line.rpartition(" ")
        if word:
            table[word] = float(value)
    return table, statistics.median(table.values())


def warm_up() -> None:
    """Load every dictionary now rather than on the first text (about half a second)."""
    from huiwen.text.segment import tag

    tag("汇文")
    stopwords()
    _general_idf()


def candidates(
    tokens: Iterable[tuple[str, str]], title_words: Collection[str] = (), policy: KeywordPolicy = DEFAULT_KEYWORD_POLICY
) -> list[Candidate]:
    """The candidate words among ``(word, part of speech)`` tokens, in order of first mention."""
    mentions: dict[str, int] = {}
    proper: dict[str, bool] = {}
    stop = stopwords()
    for word, pos in _with_place_suffixes(tokens, policy):
        is_proper = pos in policy.proper_nouns
        if not (is_proper or pos in policy.common_nouns):
            continue
        if word in mentions:
            mentions[word] += 1
            proper[word] |= is_proper
        elif _is_candidate_word(word, stop, policy):
            mentions[word] = 1
            proper[word] = is_proper
    titled = set(title_words)
    return [Candidate(word, count, proper[word], word in titled) for word, count in mentions.items()]


def _with_place_suffixes(tokens: Iterable[tuple[str, str]], policy: KeywordPolicy) -> list[tuple[str, str]]:
    """The noun tokens, with a noun and the one-character place word after it joined into
    a place: the dictionary splits names it does not know (青石镇 is 青石 + 镇), and 青石
    alone is a fragment. Other tokens are left out: no candidate is made of them."""
    nouns = policy.proper_nouns | policy.common_nouns
    found: list[tuple[str, str]] = []
    pending = None  # a noun of two or more characters, not yet known to end a place
    for word, pos in tokens:
        if pending:
            if word in policy.place_suffixes:
                found.append((pending[0] + word, "ns"))
                pending = None
                continue
            found.append(pending)
            pending = None
        if pos in nouns:
            if len(word) >= 2:
                pending = (word, pos)
            else:
                found.append((word, pos))
    if pending:
        found.append(pending)
    return found


def _is_candidate_word(word: str, stop: frozenset[str], policy: KeywordPolicy) -> bool:
    if _MEANINGLESS.match(word) or word.lower() in stop:
        return False
    han = len(_HAN.findall(word))
    if han:
        return han >= policy.min_han_chars
    # A Latin word is a name, a brand or an acronym (SK-II, iPhone, 5G) only when it has a
    # capital or a digit: "funny" in a Chinese story is a quoted word, not its subject.
    return len(word) >= policy.min_latin_chars and _NAME_LIKE_LATIN.search(word) is not None


def rank_keywords(
    found: Iterable[Candidate],
    *,
    site: DocumentFrequencies = DocumentFrequencies(),
    banned: Collection[str] = frozenset(),
    policy: KeywordPolicy = DEFAULT_KEYWORD_POLICY,
    incidental: bool = False,
) -> list[tuple[str, float]]:
    """Candidates with their weights, best first, at most ``policy.count`` of them, none
    banned and none contained in a better one (源汇 beside 源汇区 is one tag said twice).

    ``incidental=True`` ranks every candidate (the summary weighs sentences by them)."""
    general, median = _general_idf()
    scored = []
    for candidate in found:
        if candidate.word in banned:
            continue
        if not incidental and candidate.mentions < policy.min_mentions and not candidate.in_title:
            continue
        general_share = math.exp(-general.get(candidate.word, median))
        share = (site.frequency.get(candidate.word, 0) + policy.prior_documents * general_share) / (
            site.documents + policy.prior_documents
        )
        weight = candidate.mentions * -math.log(min(share, 1.0))
        if candidate.proper:
            weight *= policy.proper_noun_weight
        if candidate.in_title:
            weight *= policy.title_weight
        scored.append((candidate.word, weight))
    scored.sort(key=lambda item: item[1], reverse=True)
    if incidental:
        return scored
    chosen: list[tuple[str, float]] = []
    for word, weight in scored:
        if any(word in kept or kept in word for kept, _ in chosen):
            continue
        chosen.append((word, weight))
        if len(chosen) == policy.count:
            break
    return chosen
