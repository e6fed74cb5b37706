"""An article's summary and keywords from one segmentation of its body.

The body (the first ``MAX_ENRICHED_CHARS`` characters of its blocks) is folded to
Simplified Chinese (OpenCC ``t2s``, which keeps every character's position), tagged once
by rjieba, and the tokens are shared: keyword candidates are counted over the whole body,
and each summary sentence gets the words that lie inside it by their offsets. Words are
spelled as the page spells them, so a Traditional page gets Traditional keywords while
jieba's Simplified dictionary segments it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from huiwen.text.keywords import (
    DEFAULT_KEYWORD_COUNT,
    DEFAULT_KEYWORD_POLICY,
    MAX_ENRICHED_CHARS,
    Candidate,
    DocumentFrequencies,
    KeywordPolicy,
    candidates,
    rank_keywords,
)
from huiwen.text.segment import tag
from huiwen.text.simplified import to_simplified
from huiwen.text.summary import DEFAULT_SUMMARY_CHARS, DEFAULT_SUMMARY_POLICY, Sentence, SummaryPolicy, choose_summary, summary_sentences

__all__ = ["Enrichment", "enrich", "keywords", "summarize"]

#: Block types whose sentences may be in a summary: headings and captions never are.
_SUMMARY_BLOCKS = ("paragraph", "quote")


@dataclass(frozen=True)
class Enrichment:
    summary: str
    keywords: list[str]
    #: Every keyword candidate of the body, for ranking again against the site's own
    #: document frequencies and banned tags (``rank_keywords``) and for learning them.
    candidates: tuple[Candidate, ...]


def enrich(
    blocks_or_text: str | Iterable[Any],
    *,
    title: str = "",
    site: DocumentFrequencies = DocumentFrequencies(),
    banned: Collection[str] = frozenset(),
    keyword_policy: KeywordPolicy = DEFAULT_KEYWORD_POLICY,
    summary_policy: SummaryPolicy = DEFAULT_SUMMARY_POLICY,
) -> Enrichment:
    """Summary, keywords and keyword candidates of a body given as plain text (one
    paragraph a line) or as extracted blocks (dicts or objects with ``type`` and ``text``)."""
    blocks = _leading(_blocks(blocks_or_text), MAX_ENRICHED_CHARS)
    text = "\n".join(block_text for _, block_text in blocks)
    tokens = _tokens(text)
    title_words = {c.word for c in candidates(_tokens(title).tagged(), (), keyword_policy)}
    found = candidates(tokens.tagged(), title_words, keyword_policy)
    chosen = rank_keywords(found, site=site, banned=banned, policy=keyword_policy)
    weights = dict(rank_keywords(found, site=site, policy=keyword_policy, incidental=True))
    summary = choose_summary(_sentences(blocks, tokens, summary_policy), weights, summary_policy)
    return Enrichment(summary, [word for word, _ in chosen], tuple(found))


def summarize(blocks_or_text: str | Iterable[Any], max_chars: int = DEFAULT_SUMMARY_CHARS) -> str:
    """Whole sentences of the body, at most ``max_chars`` characters, lead first."""
    return enrich(blocks_or_text, summary_policy=SummaryPolicy(max_chars=max_chars)).summary


def keywords(text: str, k: int = DEFAULT_KEYWORD_COUNT, *, title: str = "") -> list[str]:
    """Top ``k`` keywords of the first ``MAX_ENRICHED_CHARS`` of ``text``, best first."""
    return enrich(text, title=title, keyword_policy=KeywordPolicy(count=k)).keywords


def _blocks(blocks_or_text: str | Iterable[Any]) -> list[tuple[str, str]]:
    """``(type, text)`` of each non-empty block; plain text is a paragraph a line."""
    if isinstance(blocks_or_text, str):
        return [("paragraph", line) for line in blocks_or_text.splitlines() if line.strip()]
    found = []
    for block in blocks_or_text:
        kind = block.get("type") if isinstance(block, Mapping) else getattr(block, "type", None)
        text = block.get("text") if isinstance(block, Mapping) else getattr(block, "text", None)
        if text and text.strip():
            found.append((kind or "", text))
    return found


def _leading(blocks: list[tuple[str, str]], max_chars: int) -> list[tuple[str, str]]:
    """The blocks that start within the first ``max_chars`` characters, the last one cut there."""
    kept, used = [], 0
    for kind, text in blocks:
        if used >= max_chars:
            break
        kept.append((kind, text[: max_chars - used]))
        used += len(kept[-1][1])
    return kept


@dataclass(frozen=True)
class _Tokens:
    """Every token of a text: the words as the text spells them, their parts of speech
    and the offsets they start at, as three lists (read together by ``zip`` and slices,
    which cost less than a tuple per token)."""

    words: list[str]
    tags: list[str]
    offsets: list[int]

    def tagged(self) -> Iterable[tuple[str, str]]:
        return zip(self.words, self.tags, strict=True)


def _tokens(text: str) -> _Tokens:
    """The tokens of ``text``, tagged on its Simplified form (see above)."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        # t2s keeps lengths in practice; if a phrase ever changed length, tag the text as is.
        simplified = text
    tagged = tag(simplified)
    words, tags = [word for word, _ in tagged], [pos for _, pos in tagged]
    offsets = list(accumulate(map(len, words), initial=0))
    if simplified != text:
        words = [text[offset:end] for offset, end in zip(offsets, offsets[1:], strict=False)]
    return _Tokens(words, tags, offsets[:-1])


def _sentences(blocks: list[tuple[str, str]], tokens: _Tokens, policy: SummaryPolicy) -> list[Sentence]:
    """The summary material of the body blocks, each with the words inside it (the
    tokens starting within it, found by their offsets)."""
    offsets = tokens.offsets
    sentences, start = [], 0
    for kind, text in blocks:
        if kind in _SUMMARY_BLOCKS:
            for begin, end, sentence in summary_sentences(text, policy):
                first = bisect_left(offsets, start + begin)
                last = bisect_left(offsets, start + end, first)
                words = tuple(word for word, pos in zip(tokens.words[first:last], tokens.tags[first:last], strict=True) if pos != "x")
                sentences.append(Sentence(sentence, words))
        start += len(text) + 1
    return sentences
