"""An article's summary and keywords from one segmentation of its body.

The body (the first ``MAX_ENRICHED_CHARS`` characters of its blocks) is folded to
Simplified Chinese (OpenCC ``t2s``, which keeps every character's position), tagged once
by rjieba, and the tokens are shared: keyword candidates are counted over the whole body,
and each summary sentence gets the words that lie inside it by their offsets. Words are
spelled as the page spells them, so a Traditional page gets Traditional keywords while
jieba's Simplified dictionary segments it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
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
    title_words = {c.word for c in candidates(((word, pos) for word, pos, _ in _tokens(title)), (), keyword_policy)}
    found = candidates(((word, pos) for word, pos, _ in tokens), title_words, keyword_policy)
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


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """``(word as the text spells it, part of speech, offset)`` of every token."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        # t2s keeps lengths in practice; if a phrase ever changed length, tag the text as is.
        simplified = text
    tokens, offset = [], 0
    for word, pos in tag(simplified):
        tokens.append((text[offset : offset + len(word)], pos, offset))
        offset += len(word)
    return tokens


def _sentences(blocks: list[tuple[str, str]], tokens: list[tuple[str, str, int]], policy: SummaryPolicy) -> list[Sentence]:
    """The summary material of the body blocks, each with the words inside it."""
    sentences, start, position = [], 0, 0
    for kind, text in blocks:
        if kind in _SUMMARY_BLOCKS:
            for begin, end, sentence in summary_sentences(text, policy):
                begin, end = start + begin, start + end
                while position < len(tokens) and tokens[position][2] < begin:
                    position += 1
                words = []
                while position < len(tokens) and tokens[position][2] < end:
                    word, pos, _ = tokens[position]
                    if pos != "x":
                        words.append(word)
                    position += 1
                sentences.append(Sentence(sentence, tuple(words)))
        start += len(text) + 1
    return sentences
