"""Remove what is never content: scripts and widgets by tag, chrome by class/id."""

from __future__ import annotations

from lxml import etree

from huiwen.extract.dom import class_words, iter_bounded, remove_keeping_tail
from huiwen.extract.settings import (
    CONTENT_CLASS_WORDS,
    DISCARD_TAGS,
    STRONG_CHROME_WORDS,
    WEAK_CHROME_WORDS,
)

_NEVER_REMOVED = frozenset({"html", "body"})
# Chrome that is also where sites print bylines, dates and editor names.
_CREDIT_WORDS = frozenset({
    "meta", "byline", "author", "info", "source", "editor", "bianji", "time", "date", "pubtime",
})


_MAX_CHROME_SHARE = 0.5


def _text_length(element: etree._Element) -> int:
    return sum(len(text.strip()) for text in element.itertext())


def drop_unwanted_tags(root: etree._Element) -> None:
    for element in list(iter_bounded(root)):
        if element.tag in DISCARD_TAGS and element.tag not in ("footer", "nav", "aside", "header", "head"):
            remove_keeping_tail(element)
        elif element.get("hidden") is not None or element.get("aria-hidden") == "true" and element.tag != "img":
            remove_keeping_tail(element)


def drop_chrome(root: etree._Element) -> list[etree._Element]:
    """Remove layout chrome; returns removed elements that may carry credit lines."""
    credit_holders = []
    # A class name is weak evidence; it never outweighs holding most of the page's text
    # (wrappers named "main-side", forms and ids generated from URLs).
    too_big = _text_length(root) * _MAX_CHROME_SHARE
    for element in list(iter_bounded(root)):
        tag = element.tag
        if tag in _NEVER_REMOVED:
            continue
        if tag in ("footer", "nav", "aside", "head"):
            remove_keeping_tail(element)
            continue
        words = class_words(element)
        if not words:
            continue
        if words & STRONG_CHROME_WORDS or (words & WEAK_CHROME_WORDS and not words & CONTENT_CLASS_WORDS):
            if _text_length(element) > too_big:
                continue
            if words & _CREDIT_WORDS:
                credit_holders.append(element)
            remove_keeping_tail(element)
    return credit_holders
