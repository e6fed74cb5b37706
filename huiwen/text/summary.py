"""Extractive summaries built from whole sentences of the clean article body.

Sentences are scored by the TF-IDF weight of the keywords they contain (favouring
sentences dense in the story's topic words) with a bonus for appearing early, since news
is written lead-first. The best sentences that fit in the budget are returned in their
original order. Input is the extracted body, never raw page text, so bylines and
boilerplate are already gone; a small guard still skips sentences that look like
credit lines in case a caller passes unclean text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from huiwen.text.keywords import MAX_ENRICHED_CHARS, weighted_keywords
from huiwen.text.segment import segment

__all__ = ["DEFAULT_SUMMARY_CHARS", "split_sentences", "summarize"]

DEFAULT_SUMMARY_CHARS = 150
_SUMMARY_KEYWORDS = 20
_MIN_SENTENCE_CHARS = 8
# A line with no terminal punctuation is a heading or caption unless it is this long.
_MIN_UNTERMINATED_CHARS = 30
_LEAD_BONUS = (1.6, 1.3, 1.15)

# A sentence ends at Chinese/Western terminal punctuation, optionally followed by closing
# quotes or brackets, or at a line break. Western full stops must be followed by a space
# so that "2.3" and "U.S." stay intact.
_SENTENCE = re.compile(
    r"[^。！？!?…\n]*?(?:[。！？!?]+|…+|\.(?=\s)|$)[”’」』）)\"']*", re.MULTILINE
)
_TERMINAL = re.compile(r"(?:[。！？!?…]|\.)[”’」』）)\"']*$")
_CREDIT_LINE = re.compile(
    r"^\s*[（(【\[]?\s*(?:[□■]|文\s*[/／|｜]|图\s*[/／|｜]|作者|记者|通讯员|编辑|责任编辑|责编|来源|摄影|本文来源|原标题|版权)"
)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def summarize(blocks_or_text: str | Iterable[Any], max_chars: int = DEFAULT_SUMMARY_CHARS) -> str:
    """Pick whole sentences, at most ``max_chars`` characters in total.

    Accepts plain text or extracted blocks (dicts or objects with ``type`` and ``text``);
    only paragraph and quote blocks are used, so headings and captions never appear.
    Only the paragraphs within the first ``MAX_ENRICHED_CHARS`` characters are read.
    """
    paragraphs = _leading(_paragraphs(blocks_or_text), MAX_ENRICHED_CHARS)
    sentences = [
        sentence
        for paragraph in paragraphs
        for sentence in split_sentences(paragraph)
        if _is_summary_material(sentence)
    ]
    if not sentences:
        return ""
    weights = dict(weighted_keywords("\n".join(sentences), _SUMMARY_KEYWORDS))

    def score(index: int) -> float:
        words = segment(sentences[index])
        topical = sum(weights.get(word, 0.0) for word in set(words))
        lead = _LEAD_BONUS[index] if index < len(_LEAD_BONUS) else 1.0
        return lead * (topical + 0.01) / math.sqrt(max(len(words), 1))

    ranked = sorted(range(len(sentences)), key=score, reverse=True)
    chosen: list[int] = []
    used = 0
    for index in ranked:
        length = len(sentences[index])
        if used + length <= max_chars:
            chosen.append(index)
            used += length
    if not chosen:
        return _clip_to_clause(sentences[ranked[0]], max_chars)
    return "".join(_joinable(sentences[i]) for i in sorted(chosen)).strip()


def _is_summary_material(sentence: str) -> bool:
    if len(sentence) < _MIN_SENTENCE_CHARS or _CREDIT_LINE.match(sentence):
        return False
    terminated = _TERMINAL.search(sentence) is not None
    return terminated or len(sentence) >= _MIN_UNTERMINATED_CHARS


def _paragraphs(blocks_or_text: str | Iterable[Any]) -> list[str]:
    if isinstance(blocks_or_text, str):
        return [line for line in blocks_or_text.splitlines() if line.strip()]
    paragraphs = []
    for block in blocks_or_text:
        kind = block.get("type") if isinstance(block, Mapping) else getattr(block, "type", None)
        text = block.get("text") if isinstance(block, Mapping) else getattr(block, "text", None)
        if kind in ("paragraph", "quote") and text:
            paragraphs.append(text)
    return paragraphs


def _leading(paragraphs: list[str], max_chars: int) -> list[str]:
    """The paragraphs that start within the first ``max_chars`` characters, the last one cut there."""
    kept, used = [], 0
    for paragraph in paragraphs:
        if used >= max_chars:
            break
        kept.append(paragraph[: max_chars - used])
        used += len(kept[-1])
    return kept


def _joinable(sentence: str) -> str:
    # Latin sentences need a space between them; CJK ones must not get one.
    return sentence + " " if sentence[-1:].isascii() else sentence


def _clip_to_clause(sentence: str, max_chars: int) -> str:
    """Every sentence is longer than the budget: cut at the last clause break that fits."""
    head = sentence[: max_chars - 1]
    cut = max(head.rfind(mark) for mark in "，,；;：:、")
    return (head[:cut] if cut > max_chars // 3 else head) + "…"
