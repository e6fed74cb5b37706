"""Extractive summaries: whole sentences of the clean article body, lead first.

News is written lead-first, so the summary is the opening sentences of the body whenever
the opening speaks of what the story is about: it starts at the first sentence that holds
at least ``lead_share`` of the topical weight of the story's best sentence — the lead,
unless the story opens with a scene, a remark or a sentence too long for the budget — and
runs on through the sentences that follow while they fit. The topical weight of a sentence
is the keyword weight (:mod:`huiwen.text.keywords`) of the distinct words it holds over
the square root of its length in words. Only when no summarising sentence fits whole is
one cut at a clause break.

The input is the extracted body, but credits and notices still turn up inside it: a
dateline with the reporters (``本报讯（记者 王五 通讯员 赵六）``) is cut from the sentence
it opens, and sentences that are a byline, an editor line, a source line or a notice
(reprint, copyright, follow-us, scan-the-code) are never summary material.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_SUMMARY_CHARS", "SummaryPolicy", "Sentence", "choose_summary", "split_sentences", "summary_sentences"]

DEFAULT_SUMMARY_CHARS = 150


@dataclass(frozen=True)
class SummaryPolicy:
    """Every knob of summary selection in one place."""

    max_chars: int = DEFAULT_SUMMARY_CHARS
    #: The lead is the summary when its topical weight is at least this share of the best
    #: sentence's.
    lead_share: float = 0.3
    min_sentence_chars: int = 8
    #: A line with no terminal punctuation is a heading or caption unless it is this long.
    min_unterminated_chars: int = 30


DEFAULT_SUMMARY_POLICY = SummaryPolicy()

# A sentence ends at Chinese/Western terminal punctuation, optionally followed by closing
# quotes or brackets, or at a line break. Western full stops must be followed by a space
# so that "2.3" and "U.S." stay intact.
_SENTENCE = re.compile(r"[^。！？!?…\n]*?(?:[。！？!?]+|…+|\.(?=\s)|$)[”’」』）)\"']*", re.MULTILINE)
_TERMINAL = re.compile(r"(?:[。！？!?…]|\.)[”’」』）)\"']*$")
_CREDIT_WORDS = r"(?:记者|記者|通讯员|通訊員|实习生|實習生|编辑|編輯|责编|責編|作者|摄影|攝影|撰文|供稿)"
# A sentence that opens as a credit, source or notice line.
# The label must be followed by a space or a separator: "记者 王五", "来源：新华社"; "记者昨日从
#公交集团获悉" is a lead sentence.
_CREDIT_LINE = re.compile(
    r"^\s*[（(【\[]?\s*(?:[□■]|[文图圖]\s*[/／|｜]|(?:" + _CREDIT_WORDS
    + r"|责任编辑|責任編輯|来源|來源|本文来源|原标题|原標題|版权|版權)[\s：:|｜/／])"
)
# Notices anywhere in a sentence: reprint and copyright terms, follow-us and scan-the-code
# prompts, credits written as "label：name".
_NOTICE = re.compile(
    r"转载|轉載|版权所有|版權所有|免责|免責|未经.{0,8}授权|未經.{0,8}授權|扫码|掃碼|二维码|二維碼|公众号|公眾號"
    r"|关注.{0,10}(?:微信|微博|账号|帳號|官方)|關注.{0,10}(?:微信|微博|帳號|官方)|点击(?:进入|查看|阅读|下载)"
    r"|" + _CREDIT_WORDS + r"\s*[：:|｜/／]"
)
# A credit in brackets inside a sentence: "（记者 王五 通讯员 赵六）", "(实习生 李四 摄)".
_CREDIT_BRACKETS = re.compile(r"[（(【\[][^（）()【】\[\]]{0,40}?" + _CREDIT_WORDS + r"[^（）()【】\[\]]{0,40}?[）)】\]]")
# The dateline that opens a wire story or a paper's own report: "本报讯", "南川日报讯",
# "新华社北京3月5日电".
_DATELINE = re.compile(
    r"^\s*(?:(?:本|[^，。！？,\s]{1,8}?(?:日|晚|早|晨|时|時|商|青年|法制|都市))[报報][讯訊]|[^，。！？,\s]{0,20}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日[电電讯訊])"
    r"[\s:：—-]*"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body as it may appear in the summary, with the words it holds."""

    text: str
    words: tuple[str, ...]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def summary_sentences(paragraph: str, policy: SummaryPolicy = DEFAULT_SUMMARY_POLICY) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of each sentence of ``paragraph`` that may be in a summary;
    the text has credits in brackets and an opening dateline cut out."""
    found = []
    for match in _SENTENCE.finditer(paragraph):
        raw = match.group()
        if not raw.strip():
            continue
        text = _DATELINE.sub("", _CREDIT_BRACKETS.sub("", raw)).strip()
        if _is_summary_material(text, policy):
            found.append((match.start(), match.end(), text))
    return found


def _is_summary_material(sentence: str, policy: SummaryPolicy) -> bool:
    if len(sentence) < policy.min_sentence_chars or _CREDIT_LINE.match(sentence) or _NOTICE.search(sentence):
        return False
    return _TERMINAL.search(sentence) is not None or len(sentence) >= policy.min_unterminated_chars


def choose_summary(
    sentences: Sequence[Sentence], weights: Mapping[str, float], policy: SummaryPolicy = DEFAULT_SUMMARY_POLICY
) -> str:
    """The summary made of ``sentences`` (in body order) given the story's word weights."""
    if not sentences:
        return ""

    def topical(index: int) -> float:
        words = sentences[index].words
        return (sum(weights.get(word, 0.0) for word in set(words)) + 0.01) / math.sqrt(max(len(words), 1))

    scores = [topical(index) for index in range(len(sentences))]
    summarising = [index for index, score in enumerate(scores) if score >= policy.lead_share * max(scores)]
    # A sentence longer than the whole budget cannot be shown whole: the summary starts at
    # the next one that summarises.
    first = next((index for index in summarising if len(sentences[index].text) <= policy.max_chars), None)
    if first is None:
        return _clip_to_clause(sentences[summarising[0]].text, policy.max_chars)
    chosen, used = [], 0
    for sentence in sentences[first:]:
        if used + len(sentence.text) > policy.max_chars:
            break
        chosen.append(sentence.text)
        used += len(sentence.text)
    return "".join(_joinable(text) for text in chosen).strip()


def _joinable(sentence: str) -> str:
    # Latin sentences need a space between them; CJK ones must not get one.
    return sentence + " " if sentence[-1:].isascii() else sentence


def _clip_to_clause(sentence: str, max_chars: int) -> str:
    """The sentence to show is longer than the budget: cut at the last clause break that fits."""
    head = sentence[: max_chars - 1]
    cut = max(head.rfind(mark) for mark in "，,；;：:、")
    return (head[:cut] if cut > max_chars // 3 else head) + "…"
