"""Credit lines: authors, editor, source and date written in the page text.

Chinese news puts these in free text rather than markup: ``□姜科峰``, ``文/李四``,
``本报记者 赵六 钱七 通讯员 孙八``, ``来源：人民日报 作者：王五 2022-02-13 09:57``,
``（责任编辑：王超越）``. A line is split at its labels; each label's value is read as
names, a source or a date. Lines made of nothing but credits are removed from the body
(their content moves to fields); credits embedded in prose ("本报讯（记者 张三）...") are
read but leave the paragraph intact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from huiwen.extract.dates import iter_dates
from huiwen.extract.settings import MAX_META_LINE_CHARS

_AUTHOR_LABELS = (
    "本报记者|实习记者|特约记者|首席记者|见习记者|新华社记者|记者|通讯员|实习生|特约撰稿|撰稿|撰文|作者|文字|口述|文图|图文|文/图"
)
_EDITOR_LABELS = "责任编辑|值班编辑|编审|责编|编辑|审核|校对|主编"
_SOURCE_LABELS = "文章来源|本文来源|信息来源|新闻来源|稿件来源|来源|稿源|出处|转载自"
_DATE_LABELS = "发布时间|发表时间|发布日期|发表日期|更新时间|时间|日期|发稿时间"
_NOISE_LABELS = "浏览次数|浏览量|浏览|点击数|点击量|点击|阅读量|阅读数|阅读|人气|字号|字体|评论|分享到|分享|打印|关闭窗口|关闭|收藏"
# Single-character labels need a slash or colon ("文/李四", "图：新华社"), else they
# would fire inside ordinary words.
_SHORT_LABELS = "文|图|摄影|摄"

_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s【\[（(|｜/／,，;；:：·])|(?=记者\s))"
    rf"(?:(?P<author>{_AUTHOR_LABELS})|(?P<editor>{_EDITOR_LABELS})|(?P<source>{_SOURCE_LABELS})"
    rf"|(?P<date>{_DATE_LABELS})|(?P<noise>{_NOISE_LABELS}))\s*[:：/／]?\s*"
    rf"|(?:(?<=^)|(?<=[\s【\[（(|｜]))(?P<short>{_SHORT_LABELS})\s*[:：/／|｜]\s*"
    r"|(?P<marker>[□■◎●○◇◆])\s*"
)
_MARKER_BYLINE = re.compile(r"^\s*[□■◎●○◇◆]\s*(?P<names>[^\d□■◎●○◇◆]{2,40})$")
_EMBEDDED_REPORTER = re.compile(
    r"^.{0,20}?[（(]\s*(?:本报|实习|特约|见习|新华社)?记者\s*(?P<names>[^()（）]{2,40}?)\s*[)）]"
)
# A reporter credit closing the last paragraph: "……发展。（记者 胡晓蓉）", "（姚峰 上海报道）".
_TRAILING_CREDIT = re.compile(
    r"[（(]\s*(?:(?:\S{0,6}记者|作者|文)\s*[:：/]?\s*(?P<names>[^()（）]{2,30}?)|(?P<reported>[^()（）]{2,20}?)\s+\S{0,6}报道)\s*[)）]\s*$"
)
_BRACKETS = re.compile(r"[（(\[【][^()（）\[\]【】]*[)）\]】]")
_NAME_SEPARATORS = re.compile(r"[\s、,，;；/／|｜()（）]+")
_LEADING_LABEL = re.compile(rf"^(?:{_AUTHOR_LABELS})")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff·•]{1,12}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.'-]{1,30}$")
# Words that appear next to names in credit lines without being names.
_NOT_NAMES = frozenset({
    "本报", "报道", "综合", "整理", "编译", "实习生", "通讯员", "记者", "摄影", "摄", "文",
    "图", "供图", "供稿", "来源", "编辑", "责任编辑", "本网", "本站", "发自", "联合", "新华社",
    "特约", "网友", "未知", "佚名", "admin", "administrator", "匿名", "原创", "转载", "大", "中",
    "小", "字号", "投稿",
})
_NAME_SUFFIX = re.compile(r"(?:摄影?|报道|整理|编译|供图|文图|/图|发自\S*)$")
_PROSE_RESIDUE = re.compile(r"[\u4e00-\u9fff]{5,}")
_END_MARKER = re.compile(r"^[（(\[【]?\s*(?:完|全文完|本文完|end|END|End)\s*[)）\]】]?$")


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    #: The line holds nothing but credits and should not stay in the body.
    is_credit_line: bool = False

    def merge(self, other: "Credits") -> None:
        for name in other.authors:
            if name not in self.authors:
                self.authors.append(name)
        self.editor = self.editor or other.editor
        self.source = self.source or other.source
        self.published_at = self.published_at or other.published_at


def read_credits(line: str) -> Credits:
    """Parse one line of text for credits."""
    credits = Credits()
    line = line.strip()
    if not line or len(line) > MAX_META_LINE_CHARS:
        if line:
            embedded = _EMBEDDED_REPORTER.match(line)
            if embedded:
                credits.authors = _names(embedded.group("names"))
        return credits
    if _END_MARKER.match(line):
        credits.is_credit_line = True
        return credits

    marker = _MARKER_BYLINE.match(line)
    if marker:
        names = _names(marker.group("names"))
        if names:
            credits.authors = names
            credits.is_credit_line = True
            return credits

    matches = list(_LABEL.finditer(line))
    if not matches:
        embedded = _EMBEDDED_REPORTER.match(line)
        if embedded:
            credits.authors = _names(embedded.group("names"))
        _read_dates(line, credits)
        credits.is_credit_line = credits.published_at is not None and not _has_prose(
            _strip_dates(line)
        )
        return credits

    residue = [line[: matches[0].start()]]
    for match, following in zip(matches, [*matches[1:], None]):
        value = line[match.end() : following.start() if following else len(line)]
        kind = match.lastgroup
        if kind in ("author", "short", "marker"):
            names = _names(value)
            credits.authors.extend(name for name in names if name not in credits.authors)
            residue.append(_without(value, names))
        elif kind == "editor":
            names = _names(value)
            credits.editor = credits.editor or (" ".join(names) if names else None)
            residue.append(_without(value, names))
        elif kind == "source":
            credits.source = credits.source or _source(value)
        elif kind == "date":
            _read_dates(value, credits)
    _read_dates(line, credits)
    leftover = _strip_dates("".join(residue))
    credits.is_credit_line = not _has_prose(_BRACKETS.sub("", leftover))
    return credits


def _names(value: str) -> list[str]:
    # A stray closing bracket ends a credit that opened before the label: "（记者 张三）今天".
    value = re.split(r"[)）\]】]", _BRACKETS.sub(" ", _strip_dates(value)), maxsplit=1)[0]
    names: list[str] = []
    for token in _NAME_SEPARATORS.split(value):
        token = _LEADING_LABEL.sub("", token.strip("[]【】<>《》\"'“”:：.。"))
        token = _NAME_SUFFIX.sub("", token)
        if not token or token in _NOT_NAMES or token.lower() in _NOT_NAMES:
            continue
        if _HAN_NAME.match(token) or _LATIN_NAME.match(token) and not token.isdigit():
            names.append(token)
        else:
            break  # names come first; anything else ends the credit
    return names


def take_trailing_credit(paragraph: str) -> tuple[list[str], str]:
    """Names credited at the very end of a paragraph, and the paragraph without them."""
    match = _TRAILING_CREDIT.search(paragraph)
    if not match:
        return [], paragraph
    names = _names(match.group("names") or match.group("reported") or "")
    if not names:
        return [], paragraph
    return names, paragraph[: match.start()].rstrip()


def _without(value: str, names: list[str]) -> str:
    """What is left of a label's value once its names are read: prose means not a byline."""
    for name in names:
        value = value.replace(name, " ", 1)
    return value


def _source(value: str) -> str | None:
    cleaned = _strip_dates(value).strip(" :：|｜()（）[]【】")
    cleaned = _NAME_SEPARATORS.split(cleaned)[0] if cleaned else ""
    return cleaned[:30] or None


def _read_dates(text: str, credits: Credits) -> None:
    if credits.published_at is None:
        credits.published_at = next(iter_dates(text), None)


_DATE_TEXT = re.compile(
    r"(?:19|20)\d{2}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?)?"
    r"|\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}"
)


def _strip_dates(text: str) -> str:
    return _DATE_TEXT.sub(" ", text)


def _has_prose(text: str) -> bool:
    return _PROSE_RESIDUE.search(text) is not None
