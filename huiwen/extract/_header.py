"""Stage: credits printed around the headline, read from the page's lines before chrome
removal (bylines, the date line, the 责任编辑 wherever printed), and the subtitle the
markup names."""

from __future__ import annotations

import re

from lxml import etree

from huiwen.extract._bylines import Credits, join_label_lines, name_line, read_credits
from huiwen.extract._dom import element_text, squash, text_lines
from huiwen.extract._policy import current_policy
from huiwen.extract._result import Block

_DATE_HINT = re.compile(r"\d{4}\s*[-/年.]\s*\d|\d[:：]\d\d")

def read_page_lines(root: etree._Element) -> list[str]:
    """The page's short lines as displayed, before chrome is removed, with labels printed
    apart from their values rejoined: where credits are looked for."""
    policy = current_policy()
    body = root.find("body")
    lines = [line for line in text_lines(body if body is not None else root) if len(line) <= policy.max_meta_line_chars]
    return _join_split_stamp(join_label_lines(lines))


def credits_after_title(lines: list[str], title: str | None, turns: frozenset[str] = frozenset()) -> tuple[Credits, bool]:
    """Bylines and dates printed just under the headline, before chrome is removed.

    Without a recognisable headline line, the top of the page stands in for it. The flag
    says whether the date was printed near the headline; if not, the date is the labelled
    or credit-only date line nearest below the headline (then nearest above it), which
    keeps related-article lists and copyright years from winning.
    """
    policy = current_policy()
    credits = Credits()
    target = squash(title or "")
    start = next((i for i, line in enumerate(lines) if target and squash(line) == target), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if target and target in squash(line)), None)
    window = lines[start + 1 : start + 1 + policy.header_lines] if start is not None else lines[:policy.top_lines]
    credits.editor = _responsible_editor(lines[start or 0 :])
    if start is not None and squash(lines[start]) != target:
        # "湘菜粤菜 兵分两路 (图) 2005-06-14 03:25:55": the stamp printed on the headline's line.
        rest = lines[start].replace(title or "", " ")
        if _is_date_line(rest.strip()):
            credits.published_at = read_credits(rest.strip()).published_at
    for offset, line in enumerate(window):
        if line in turns:
            continue
        found = read_credits(line)
        if found.is_credit_line or found.authors:
            credits.merge(found)
            if found.is_post_signature:
                break  # a post's signature ends it; the lines after it are replies
        elif start is not None and offset < policy.name_line_reach and not credits.authors and (names := name_line(line)):
            credits.merge(Credits(authors=names))  # "赵延东、风笑天" printed under the headline
        elif found.published_at is not None and _is_date_line(line):
            # "2005年03月31日03:18 北京娱乐信报": a stamp opening a short non-sentence line.
            credits.published_at = credits.published_at or found.published_at
    if credits.published_at is not None:
        return credits, True
    anchor = start if start is not None else 0
    after = [i for i in range(anchor + 1, len(lines))]
    before = list(range(min(anchor, len(lines) - 1), -1, -1))
    for index in after + before:
        line = lines[index]
        if not _DATE_HINT.search(line):
            continue
        found = read_credits(line)
        if found.published_at and (found.is_credit_line or _LABELLED_DATE.search(line)):
            credits.published_at = found.published_at
            break
    return credits, False


_AUTHOR_LINE = re.compile(r"^\s*(?:作者|撰文|执笔|文\s*[/／:：])")


def signed_below(lines: list[str], blocks: list[Block]) -> list[str]:
    """The writer credited just under the story's last paragraph, in a box that went with
    the chrome: "作者：陆某舟" in a blog's signature box, "posted @ 2023-04-03 21:15 陆某舟"."""
    policy = current_policy()
    last = next((block.text for block in reversed(blocks) if block.type == "paragraph" and block.text), None)
    if not last:
        return []
    end = next((index for index, line in enumerate(lines) if line == last), None)
    if end is None:
        return []
    for line in lines[end + 1 : end + 1 + policy.signature_lines_after_body]:
        found = read_credits(line)
        if found.authors and (found.is_post_signature or found.is_credit_line and _AUTHOR_LINE.match(line)):
            return found.authors
    return []



_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}年?$")
_MONTH_DAY_OR_TIME = re.compile(r"^(?:\d{1,2}\s*[/-]\s*\d{1,2}|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}(?::\d{2})?)$")


def _join_split_stamp(lines: list[str]) -> list[str]:
    """One line for a stamp whose year, day and time are separate elements ("2023" /
    "04/18" / "15:36:20" on Xinhua pages)."""
    joined: list[str] = []
    for line in lines:
        if joined and _MONTH_DAY_OR_TIME.match(line) and _BARE_YEAR.match(joined[-1].split(" ", 1)[0]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


_RESPONSIBLE_EDITOR = re.compile(r"责任编辑|责编|責任編輯|責編")


def _responsible_editor(lines: list[str]) -> str | None:
    """The 责任编辑 wherever the page prints it: in a share bar, a tag row or the footer
    of the story, places that are chrome and never reach the body. The label is too
    specific to mean anything else, unlike a bare 编辑 ("编辑推荐")."""
    for line in lines:
        if _RESPONSIBLE_EDITOR.search(line) and (editor := read_credits(line).editor):
            return editor
    return None


# A date printed after a publication label, whatever else the line holds.
_LABELLED_DATE = re.compile(
    r"(?:发布|发表|發布|發表|更新|时间|時間|日期|posted|published)\s*(?:于|於|时间|時間|日期|at|on)?\s*[:：]?\s*"
    r"(?:\d{4}\s*[-/年.]|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)


def _is_date_line(line: str) -> bool:
    policy = current_policy()
    return len(line) <= policy.max_date_line_chars and bool(policy.leading_date.match(line)) and not policy.short_sentence_mark.search(line)


_SUBTITLE_CLASS = re.compile(r"sub-?title|subhead|fubiaoti|futitle|vice-?title|deck", re.IGNORECASE)
# The same words in lowercased text, once the three letters IGNORECASE also equates with
# s and i (ſ, İ, ı) are spelled s and i: one search over all of a page's class names tells
# whether any element needs testing (most pages have none, and testing each is slow).
_SUBTITLE_WORDS = re.compile(_SUBTITLE_CLASS.pattern)
_CASE_FOLD = str.maketrans({"ſ": "s", "İ": "i", "ı": "i"})
_CLASS_NAMES = etree.XPath("descendant::*/@class", smart_strings=False)


def find_marked_subtitle(root: etree._Element, title_element: etree._Element | None) -> str | None:
    """A subtitle marked up as such, or an <h2> placed right after the headline."""
    policy = current_policy()
    candidates = []
    if title_element is not None:
        following = title_element.getnext()
        if following is not None and following.tag in ("h2", "h3"):
            candidates.append(following)
    if _SUBTITLE_WORDS.search("\n".join(_CLASS_NAMES(root)).translate(_CASE_FOLD).lower()):
        candidates += [
            element
            for element in root.iterfind(".//*[@class]")
            if _SUBTITLE_CLASS.search(element.get("class") or "")
        ][:3]
    for element in candidates:
        text = element_text(element)
        if 0 < len(text) <= policy.max_subtitle_chars:
            return text
    return None


def credits_in(element: etree._Element) -> Credits:
    """Credit lines in the top of a box removed as chrome (div.info, span.author)."""
    policy = current_policy()
    credits = Credits()
    for line in join_label_lines(text_lines(element)[: policy.credit_box_lines])[: policy.credit_box_labels]:
        found = read_credits(line)
        if found.is_credit_line:
            credits.merge(found)
    return credits
