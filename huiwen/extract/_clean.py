"""Remove what is never content: scripts and widgets by tag, chrome by class/id."""

from __future__ import annotations

import re

from lxml import etree

from huiwen.extract._dom import (
    CLASS_WORD,
    class_words,
    iter_bounded,
    remove_keeping_tail,
)
from huiwen.extract._policy import current_policy

_NEVER_REMOVED = frozenset({"html", "body"})



def _is_post_footer(words: frozenset[str]) -> bool:
    """A post's own footer ("post-footer", "entry-footer") signs it: "由X张贴 @ …",
    "Posted by X". The site's footer is no credit line."""
    policy = current_policy()
    return "footer" in words and bool(words & policy.content_class_words)


# What a listing lists, besides the content words: stories under any of their names.
_LISTED_THINGS = frozenset({"articles", "posts", "stories", "entries", "items", "reads", "headlines"})
_INVISIBLE_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _text_length(element: etree._Element) -> int:
    # map() keeps the per-text-node loop in C: this runs for most elements of a page.
    return sum(map(len, map(str.strip, element.itertext())))


_LINK_TEXT = etree.XPath(".//a//text()")


def _link_text_length(element: etree._Element) -> int:
    return sum(map(len, map(str.strip, _LINK_TEXT(element))))


_LINE_BREAKS = etree.XPath("count(.//br)")


def _prose_length(element: etree._Element, chars: int) -> int:
    """Unlinked characters of an element (``chars`` long) when its text reads as sentences, else 0."""
    policy = current_policy()
    if not chars:
        return 0
    linked = _link_text_length(element)
    unlinked = chars - linked
    if linked > chars * policy.prose_max_link_share:
        return 0
    marks = len(policy.sentence_punctuation.findall("".join(element.itertext())))
    if marks * policy.prose_chars_per_mark < unlinked:
        # Verse (lyrics, poems) ends its lines with <br> instead of punctuation.
        marks += int(_LINE_BREAKS(element))
    return unlinked if marks * policy.prose_chars_per_mark >= unlinked else 0


def _names_a_listing(element: etree._Element) -> bool:
    """A class/id token like "more-news" or "recentPosts": a list of other stories."""
    policy = current_policy()
    if element.tag in ("html", "body"):
        return False
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    for token in raw.split():
        words = [word.lower() for word in CLASS_WORD.findall(token)]
        # The listing word comes first: "more-news" lists stories, while in
        # "article-main__more" the word names a part of the article ("More information").
        first = next((i for i, word in enumerate(words) if word in policy.listing_words), None)
        if first is not None and any(word in _LISTED_THINGS or word in policy.content_class_words for word in words[first + 1 :]):
            return True
    return False


def _holds_content_class(element: etree._Element) -> bool:
    """A descendant named like the article (and not like chrome): the element is a wrapper."""
    policy = current_policy()
    for descendant in element.iterdescendants():
        if not isinstance(descendant.tag, str):
            continue
        words = class_words(descendant)
        if words & policy.content_class_words and not words & policy.strong_chrome_words:
            return True
    return False


_NAMED_DESCENDANTS = etree.XPath(".//*[@class or @id]")
class _Measure:
    """Text and prose lengths for one cleaning pass, each element measured once.

    A pass visits elements in document order and removes only the element it visits, so
    an element's subtree is untouched until the pass reaches it and a length measured
    earlier still holds. Nested wrappers each ask about the same story block; measuring it
    anew for each of them made large pages quadratic.
    """

    def __init__(self) -> None:
        self._chars: dict[etree._Element, int] = {}
        self._prose: dict[etree._Element, int] = {}

    def chars(self, element: etree._Element) -> int:
        chars = self._chars.get(element)
        if chars is None:
            chars = self._chars[element] = _text_length(element)
        return chars

    def prose(self, element: etree._Element) -> int:
        prose = self._prose.get(element)
        if prose is None:
            prose = self._prose[element] = _prose_length(element, self.chars(element))
        return prose


def _holds_named_story(
    element: etree._Element, protected_prose: float, measure: _Measure, *, content_words: int = 1
) -> bool:
    """A descendant named like the article (with at least ``content_words`` content words)
    that reads like it: the element is a layout wrapper ("left-side", "pg-side-of-rail")
    around the story and its own sidebar."""
    policy = current_policy()
    for descendant in _NAMED_DESCENDANTS(element):
        words = class_words(descendant)
        if (
            len(words & policy.content_class_words) >= content_words
            and not words & policy.strong_chrome_words
            and not words & policy.listing_words
            and measure.chars(descendant) >= protected_prose
            and measure.prose(descendant) >= protected_prose
        ):
            return True
    return False


def drop_unwanted_tags(root: etree._Element) -> None:
    policy = current_policy()
    measure = _Measure()
    for element in list(iter_bounded(root)):
        if element.tag in policy.discard_tags and element.tag not in ("footer", "nav", "aside", "header", "head"):
            remove_keeping_tail(element)
        elif element.get("hidden") is not None or element.get("aria-hidden") == "true" and element.tag != "img":
            remove_keeping_tail(element)
        elif _INVISIBLE_STYLE.search(element.get("style") or "") and (
            element.get("itemscope") is not None
            or element.get("itemprop") is not None
            or measure.chars(element) < policy.protect_prose_chars
            or measure.prose(element) < policy.protect_prose_chars
        ):
            # Invisible boxes: schema.org copies of the metadata, menus, pop-ups. A hidden
            # element holding real prose stays: sites fold the rest of a story behind a
            # "read more" button with exactly this style. A hidden schema.org item
            # (itemscope/itemprop) is a machine copy of the story, however long.
            remove_keeping_tail(element)


def _in_discarded_box(element: etree._Element, root: etree._Element, credit_holders: list[etree._Element]) -> bool:
    """Inside a removed box that is not a credit holder (removal detaches the box)."""
    top = element
    while (parent := top.getparent()) is not None:
        top = parent
    return top is not root and top not in credit_holders


def drop_chrome(root: etree._Element) -> list[etree._Element]:
    """Remove layout chrome; returns removed elements that may carry credit lines."""
    policy = current_policy()
    credit_holders = []
    # A class name is weak evidence; it never outweighs holding most of the page's text
    # (wrappers named "main-side", forms and ids generated from URLs), except for a reader
    # comment thread, which can outgrow the story it follows.
    measure = _Measure()
    page_chars = measure.chars(root)
    too_big = page_chars * policy.max_chrome_share
    # Nor does it outweigh reading like the article: a long run of unlinked sentences
    # holding a good share of the page's prose is the story under an unlucky class name.
    page_unlinked = page_chars - _link_text_length(root)
    protected_prose = max(policy.protect_prose_chars, page_unlinked * policy.protect_prose_share)
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
        if (
            words & policy.strong_chrome_words
            or (words & policy.weak_chrome_words and not words & policy.content_class_words)
            or (words & policy.listing_words and _names_a_listing(element))
        ):
            holds_credits = bool(words & policy.credit_words) or _is_post_footer(words)
            if not holds_credits and _in_discarded_box(element, root, credit_holders):
                # What happens inside a box already removed, and not kept for its credits,
                # is never read: the box and everything in it are gone from the page.
                continue
            length = measure.chars(element)
            if length > too_big and not (words & policy.comment_class_words and not _holds_content_class(element)):
                continue
            if length >= protected_prose and not words & policy.prose_chrome_words and (
                measure.prose(element) >= protected_prose or _holds_named_story(element, protected_prose, measure)
            ):
                continue
            if (
                words & policy.layout_words
                and not words & (policy.strong_chrome_words | policy.listing_words)
                and length >= policy.protect_prose_chars
                and _holds_named_story(element, policy.protect_prose_chars, measure)
            ):
                # A weak word ("left-side", "header-wrap") on a box holding a block named and
                # written like the article: a layout column, however short the story.
                continue
            if (
                words & policy.weak_chrome_words
                and not words & (policy.strong_chrome_words | policy.listing_words)
                and length >= policy.protect_prose_chars
                and _holds_named_story(element, policy.protect_prose_chars, measure, content_words=policy.story_name_words)
            ):
                # Any weak word on a wrapper of a block named the way blog engines name the
                # post ("post-body entry-content" inside Blogger's "date-outer").
                continue
            if holds_credits:
                credit_holders.append(element)
            remove_keeping_tail(element)
    return credit_holders
