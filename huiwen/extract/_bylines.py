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
from itertools import pairwise

from huiwen.extract._dates import iter_dates
from huiwen.extract._policy import current_policy
from huiwen.extract._sites import joined, poster_buttons

_AUTHOR_LABELS = (
    "本文作者|本报记者|本报实习生|本报通讯员|实习记者|特约记者|首席记者|见习记者|新华社记者|记者|通讯员|实习生|特约撰稿|撰稿|撰文|"
    "特约评论员|本报评论员|评论员|"
    "执笔人|执笔|作者|文字|口述|文图|图文|文/图"
)
_EDITOR_LABELS = "责任编辑|值班编辑|编审|责编|编辑|审核|校对|主编"
_SOURCE_LABELS = "文章来源|本文来源|信息来源|新闻来源|稿件来源|来源|稿源|出处|转载自|原载于|出品"
_DATE_LABELS = (
    "发布时间|发表时间|发布日期|发表日期|更新时间|发稿时间|发表于|发布于|更新于|时间|日期|"
    "[Pp]osted (?:at|on)|[Pp]osted|[Pp]ublished (?:at|on)|[Pp]ublished"
)
_NOISE_LABELS = (
    "图片编辑|美术编辑|视频编辑|摄影编辑|查看|回复|浏览次数|浏览量|浏览|点击数|点击量|点击|阅读量|阅读数|阅读|人气|"
    "字号|字体|评论|分享到|分享|打印|关闭窗口|关闭|收藏"
)
# Single-character labels need a slash or colon ("文/李四", "图：新华社"), else they
# would fire inside ordinary words.
_SHORT_LABELS = "文|图|摄影|摄"

# Traditional-Chinese forms of the characters used in labels, mapped one to one so that
# positions in the mapped line are positions in the original ("記者林子謙／嵐港報導").
_TRADITIONAL = str.maketrans(
    "記編輯責來發佈時間報導訊電攝圖實習約見審對點閱讀論擊覽關閉執筆撰臺網聞視圖訊稿釋",
    "记编辑责来发布时间报导讯电摄图实习约见审对点阅读论击览关闭执笔撰台网闻视图讯稿释",
)


def simplify_labels(text: str) -> str:
    """The line with Traditional label characters made Simplified; same length."""
    return text.translate(_TRADITIONAL)


_LABEL = re.compile(
    # A label starts a line, follows punctuation, or is a reporter credit right after an
    # outlet's name: "新京报记者 彭冲", "中央社记者王小明台北5日电".
    r"(?:(?<=^)|(?<=[\s【\[（(|｜/／,，;；:：·\d])|(?=记者\s)|(?<=[报社台网刊站闻视部])(?=记者|实习生|通讯员|特约记者|见习记者|编辑|责任编辑))"
    rf"(?:(?P<author>{_AUTHOR_LABELS})|(?P<editor>{_EDITOR_LABELS})|(?P<source>{_SOURCE_LABELS})"
    rf"|(?P<date>{_DATE_LABELS})|(?P<noise>{_NOISE_LABELS}))\s*[:：/／]?\s*"
    rf"|(?:(?<=^)|(?<=[\s【\[（(|｜]))(?P<short>{_SHORT_LABELS})\s*[:：/／|｜]\s*"
    r"|(?P<marker>[□■◎●○◇◆])\s*"
)
_MARKER_BYLINE = re.compile(r"^\s*[□■◎●○◇◆]\s*(?P<names>[^\d□■◎●○◇◆]{2,40})$")
_EMBEDDED_REPORTER = re.compile(
    r"^.{0,20}?[（(〔［\[]\s*(?:本报|实习|特约|见习|新华社)?记者\s*(?P<names>[^()（）〔〕［］\[\]]{2,40}?)\s*[)）〕］\]]"
)
# A reporter credit closing the last paragraph: "……发展。（记者 胡晓蓉）", "（姚峰 上海报道）".
_TRAILING_CREDIT = re.compile(
    r"[（(]\s*(?:(?:\S{0,6}记者|\S{0,4}评论员|作者|文)\s*[:：/]?\s*(?P<names>[^()（）]{2,30}?)|(?P<reported>[^()（）]{2,20}?)\s+\S{0,6}报道)\s*[)）]\s*$"
)
# Reporters named without a label after the story's last sentence: "。（常书香 马丹阳）".
_TRAILING_NAME_LIST = re.compile(r"(?<=[。！？!?”」』])\s*[（(]\s*(?P<names>[\u4e00-\u9fff][\u4e00-\u9fff\s\u3000、，,]{1,28}?)\s*[)）]\s*$")
# Dates that belong to the site, the blog or the member, never to the story.
_NOT_PUBLICATION = re.compile(
    r"(?:建立|创建|创立|成立|开通|注册|加入|入驻|开博|建站|上线)(?:于|於|时间|日期)\s*[:：]?|"
    r"(?:上次|最后|最近)(?:登录|登陆|访问|回复)|\b(?:joined|member since|last (?:login|seen|visit))\b",
    re.IGNORECASE,
)
_FIELD_LINE = re.compile(r"^\s*[□■◎●○◇◆]\s*[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff](?:[ \u3000]+|\s*[:：])\S")
# Who posted a blog or forum entry: "由X张贴", "本帖由X于…发表", "… by X", "Posted by X".
_POSTED_BY_NAME = re.compile(
    r"(?:^|[\s(（])(?:本[贴帖文]|此[贴帖文])?由\s*(?P<name>[^\s由于@]{2,20}?)\s*(?:张贴|發表|发表|发布|于|於|@)"
    r"|(?:^|\d\s|\s)(?:[Pp]osted )?[Bb]y\s+(?P<name2>[A-Za-z][\w.'-]{1,30}|[\u4e00-\u9fff]{2,4})\s*(?:$|[\s〓|｜@,，])"
    # a platform's own signature (_sites: cnblogs' "posted @ <time> <name>")
    rf"|{joined('post_signatures')}"
)
# Forum buttons printed between a poster's name and the posting time (_sites: Discuz).
_POSTER_BUTTONS = poster_buttons()
# "By Jane Doe", "By Jane Doe and John Roe | March 3, 2024"
_ENGLISH_NAME = r"[A-Z][a-zA-Z.'-]+(?:\s+(?:[A-Z][a-zA-Z.'-]+|van|von|de|da|di|del|la|le|bin)){0,3}"
_ENGLISH_BYLINE = re.compile(
    rf"^\s*(?:Posted\s+|Written\s+|Story\s+)?[Bb]y:?\s+(?P<names>{_ENGLISH_NAME}(?:\s*(?:,|\band\b|&)\s*{_ENGLISH_NAME})*)"
    r"\s*(?:$|[|｜,，·•—–-]\s*(?:\w+\s+)?(?:Updated|Published|Posted|\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun))"
)
_FIELD_BARS = re.compile(r"\s*[|｜]\s*")
_BRACKETED_LEAD = re.compile(r"^\s*[\[【]\s*([^\[\]【】]{2,20}?)\s*[\]】]\s*$")
_POSTED_BY = re.compile(r"发表于|发布于|[Pp]osted")
_BRACKETS = re.compile(r"[（(\[【][^()（）\[\]【】]*[)）\]】]")
_NAME_SEPARATORS = re.compile(r"[\s、,，;；/／|｜()（）]+")
# The string-pattern forms of re.* recompile once their cache (512 patterns, shared with
# every other library in the process) has been churned: hot paths use compiled patterns.
_KEEPING_SEPARATORS = re.compile(f"({_NAME_SEPARATORS.pattern})")
_CLOSING_BRACKET = re.compile(r"[)）\]】]")
_ENGLISH_NAME_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*")
_BRACKETED_ONLY = re.compile(r"^\s*[（(]\s*([^()（）]{2,30}?)\s*[)）]\s*$")
_ROLE_WORDS = re.compile(r"(?:记者|通讯员|实习生|报道|摄影?|文)")
_NAME_LIST_SEPARATORS = re.compile(r"[、，,/／\s]+")
_ADMINISTRATIVE_END = re.compile(r"[市县省区]$")
_LEADING_LABEL = re.compile(rf"^(?:{_AUTHOR_LABELS})")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff·•]{1,12}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.'-]{1,30}$")
# A forum or blog nickname joining two words with a symbol: "放飞&心情", "小鱼_儿", "风~雨".
_NICKNAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,10}[&＆_~～^＿][\u4e00-\u9fffA-Za-z0-9]{1,10}$")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_NAME_SUFFIX = re.compile(r"(?:摄影?|报道|报导|整理|编译|供图|文图|/图|发自\S*)$")
_PROSE_RESIDUE = re.compile(r"[\u4e00-\u9fff]{5,}")


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    #: The line holds nothing but credits and should not stay in the body.
    is_credit_line: bool = False
    #: The line signs a blog or forum post ("… 发表于 2005-9-15", "… by duscha"): on a
    #: thread, every reply carries one.
    is_post_signature: bool = False

    def merge(self, other: Credits) -> None:
        for name in other.authors:
            if name not in self.authors:
                self.authors.append(name)
        self.editor = self.editor or other.editor
        self.source = self.source or other.source
        self.published_at = self.published_at or other.published_at


def read_credits(line: str) -> Credits:
    """Parse one line of text for credits (Simplified or Traditional)."""
    policy = current_policy()
    credits = Credits()
    # Private-use characters are what legacy GBK pages' custom glyphs decode to.
    line = _PRIVATE_USE.sub(" ", line).strip()
    if len(line) > policy.max_meta_line_chars:
        # A paragraph of prose: only its opening can credit a reporter ("本报讯（记者 X）…").
        opening = line[:policy.embedded_reach]
        if embedded := _EMBEDDED_REPORTER.match(simplify_labels(opening)):
            credits.authors = read_names(opening[embedded.start("names") : embedded.end("names")])
        return credits
    simple = simplify_labels(line)
    if not line:
        return credits
    glued = _GLUED_ROW_LABEL if _LABEL.match(simple) else _GLUED_LABEL
    if cuts := _glued_label_starts(simple, glued):
        # "责任编辑：吴某墨图片编辑：金某": spans printed side by side with no space.
        line = "".join(f" {line[start:end]}" if start else line[start:end] for start, end in _segments(len(line), cuts))
        simple = simplify_labels(line)
    if policy.end_marker_line.match(line):
        credits.is_credit_line = True
        return credits

    if _FIELD_LINE.match(line):
        return credits  # "◎译 名 太行山上": a field of a spec sheet, not "□ 张三"
    english = _ENGLISH_BYLINE.match(line)
    if english:
        credits.authors = [name.strip() for name in _ENGLISH_NAME_SEPARATOR.split(english.group("names")) if name.strip()]
        _read_dates(line, credits)
        credits.is_credit_line = True
        return credits
    posted = _POSTED_BY_NAME.search(simple)
    group = (posted.lastgroup or "name") if posted else "name"
    if posted and _DATE_TEXT.search(line) and (names := read_names(line[posted.start(group) : posted.end(group)])):
        # "由海姑娘张贴 @ 2005-06-14", "本贴由大卫于2005年8月12日…发表", "2005/03/15 by duscha"
        credits.authors = names
        _read_dates(line, credits)
        credits.is_credit_line = not _has_prose(_strip_dates(_POSTED_BY_NAME.sub(" ", line)))
        credits.is_post_signature = credits.is_credit_line
        return credits
    marker = _MARKER_BYLINE.match(line)
    if marker:
        names = read_names(marker.group("names"))
        if names:
            credits.authors = names
            credits.is_credit_line = True
            return credits

    reverse = _reverse_credits(line)
    if reverse is not None:
        credits.authors = reverse
        credits.is_credit_line = True
        return credits

    if _NOT_PUBLICATION.search(simple):
        return credits  # "建立于:2004年10月6日": when a blog or account began, not this story
    matches = list(_LABEL.finditer(simple))
    if not matches:
        embedded = _EMBEDDED_REPORTER.match(simple)
        if embedded:
            credits.authors = read_names(line[embedded.start("names") : embedded.end("names")])
        _read_dates(line, credits)
        credits.is_credit_line = credits.published_at is not None and (
            not _has_prose(_strip_dates(line)) or _is_stamp_row(line)
        )
        return credits

    residue = [line[: matches[0].start()]]
    if OUTLET_NAME_END.search(residue[0].strip()) and len(residue[0].strip()) <= policy.max_outlet_chars:
        residue = [""]  # "潇湘都市报记者 贺某": the outlet the reporter writes for
    if bracketed := _BRACKETED_LEAD.match(residue[0]):
        # "[ 黄宇 ] 来源：[ 国际金融报 ]": a bracketed name opening a credit line is the author.
        if names := read_names(bracketed.group(1)):
            credits.authors.extend(names)
            residue = [""]
    if matches[0].lastgroup == "date" and _POSTED_BY.match(simple[matches[0].start() :]):
        # "ggjjzhzz 发表于 2005-9-15 11:46": a blog's poster, then the date; Discuz puts
        # its buttons between them: "溪畔老陈 | 只看该作者 | 发表于 …".
        fields = [field for field in _FIELD_BARS.split(residue[0]) if field.strip()]
        poster = bracketed_names(f"（{fields[0].strip()}）") if fields else []
        if poster and any(field.strip() not in _POSTER_BUTTONS for field in fields[1:]):
            poster = []
        if poster:
            credits.authors.extend(poster)
            credits.is_post_signature = True
            residue = [""]
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        value = line[match.end() : following.start() if following else len(line)]
        kind = match.lastgroup
        if kind in ("author", "short", "marker"):
            names = read_names(value)
            credits.authors.extend(name for name in names if name not in credits.authors)
            residue.append(_without(value, names))
        elif kind == "editor":
            names = read_names(value)
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


# "王小明台北5日电": a news-agency dateline glued to the name (place, day, 电/讯).
_DATELINE = re.compile(r"(?P<run>[\u4e00-\u9fff]{4,7})\d{1,2}日[电讯]")
# "林子謙／嵐港報導", "彭冲 山东冠县报道": the place a reporter filed from, not a name.
_FILED_FROM = re.compile(r"(?P<stem>\S*?)(?:报道|报导|电|讯)$")
_PLACE_END = re.compile(r"[市县省区镇村州乡港岛]$")
# A name padded for alignment: "赵  培".
_PADDED_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])(?![\u4e00-\u9fff])")


_DIGITS_ONLY = str.maketrans({"電": "电", "訊": "讯"})


def _split_dateline(match: re.Match[str]) -> str:
    run = match.group("run")
    # A Chinese name is two or three characters, a city usually two: 4 → 2+2, else 3+rest.
    cut = 2 if len(run) == 4 else 3
    return f"{run[:cut]} 。"  # the place and day are dropped; "。" ends the names


def read_names(value: str) -> list[str]:
    """The personal names a credit value starts with; the first word that is not a name ends them."""
    policy = current_policy()
    # A stray closing bracket ends a credit that opened before the label: "（记者 张三）今天".
    value = _CLOSING_BRACKET.split(_BRACKETS.sub(" ", _strip_dates(value)), maxsplit=1)[0]
    value = _PADDED_NAME.sub(r"\1\2", value)
    value = _DATELINE.sub(_split_dateline, value.translate(_DIGITS_ONLY)) if _DATELINE.search(simplify_labels(value)) else value
    names: list[str] = []
    parts = _KEEPING_SEPARATORS.split(value)
    for index in range(0, len(parts), 2):
        separator_before = parts[index - 1] if index else ""
        token = parts[index].strip("[]【】<>《》\"'“”:：.。")
        simple = simplify_labels(token)
        filed = _FILED_FROM.match(simple)
        if filed and (names or "/" in separator_before or "／" in separator_before or _PLACE_END.search(filed.group("stem"))):
            break  # "／台北報導", "张三 上海报道": where the story was filed from
        if ("/" in separator_before or "／" in separator_before) and simple[:1] in ("文", "图", "摄"):
            break  # "马俊峰/文": the role, and whatever follows it, is not a name
        token, simple = _STAFF_CODE.sub("", token), _STAFF_CODE.sub("", simple)
        stripped = _LEADING_LABEL.sub("", simple)
        token = token[len(simple) - len(stripped) :]
        simple = stripped
        suffix = _NAME_SUFFIX.search(simple)
        if suffix:
            token, simple = token[: suffix.start()], simple[: suffix.start()]
        if not token or simple in policy.not_names or token.lower() in policy.not_names:
            continue
        if _HAN_NAME.match(token) or _LATIN_NAME.match(token) and not token.isdigit() or _NICKNAME.match(token):
            names.append(token)
        else:
            break  # names come first; anything else ends the credit
    return names


# A CMS staff code glued to an editor's name: "唐某雯_NBJ11279".
_STAFF_CODE = re.compile(r"_[A-Za-z]{1,5}\d{2,}$")


# "马俊峰/文 李四/图": the credit written after the name. Only writers are authors.
_REVERSE_CREDIT = re.compile(
    r"(?P<name>[\u4e00-\u9fff·]{2,8}|[A-Za-z][A-Za-z .'-]{1,30}?)\s*[/／]\s*(?P<role>文图|图文|文|图|摄影|摄)(?=[\s\u3000,，;；]|$)"
)


def _reverse_credits(line: str) -> list[str] | None:
    """Authors of a line made only of "name/文"-style credits, else None."""
    policy = current_policy()
    if "/" not in line and "／" not in line:
        return None
    matches = list(_REVERSE_CREDIT.finditer(line))
    if not matches or _REVERSE_CREDIT.sub("", line).strip(" \u3000,，;；"):
        return None
    authors = []
    for match in matches:
        name = match.group("name").strip()
        if match.group("role") in ("文", "文图", "图文") and name not in authors and name not in policy.not_names:
            authors.append(name)
    return authors


def bracketed_names(text: str) -> list[str]:
    """Names of a credit line that is only a bracketed name list: "（袁源）", "（记者 张三）"."""
    match = _BRACKETED_ONLY.match(text)
    if not match:
        return []
    inner = match.group(1)
    names = read_names(inner)
    leftover = _NAME_SEPARATORS.sub("", _LEADING_LABEL.sub("", simplify_labels(inner)))
    for name in names:
        leftover = leftover.replace(simplify_labels(name), "", 1)
    leftover = _ROLE_WORDS.sub("", leftover)
    if len(names) == 1 and len(names[0]) >= 3 and _ADMINISTRATIVE_END.search(names[0]):
        return []  # "（上海市）" is a place
    return names if names and not leftover else []


def take_trailing_credit(paragraph: str) -> tuple[list[str], str]:
    """Names credited at the very end of a paragraph, and the paragraph without them."""
    match = _TRAILING_CREDIT.search(paragraph)
    if match:
        names = read_names(match.group("names") or match.group("reported") or "")
    elif match := _TRAILING_NAME_LIST.search(paragraph):
        # "……新春佳节。（常书香 马丹阳）": unlabelled, so every word must read as a name.
        names = name_line(match.group("names"))
    else:
        names = []
    if not names:
        return [], paragraph
    return names, paragraph[: match.start()].rstrip()


#: How Chinese outlets' names end (示例新闻网, 某某日报, 某某客户端): a name ending so is a
#: publisher, whatever it starts with.
OUTLET_NAME_END = re.compile(r"(?:网|报|社|台|刊|界|站|号|频道|新闻|资讯|在线|客户端|官网|官微|中心|杂志|周刊)$")


def writer_named_as_source(source: str | None) -> list[str]:
    """"来源：尹某": an individual contributor credited as the source wrote the piece."""
    if not source or OUTLET_NAME_END.search(source):
        return []
    names = name_line(source)
    return names if len(names) == 1 else []


# A colon-ended label glued to the previous field's value: the editorial roles that close
# a story, and its source. Not 作者/记者, which prose uses with a colon ("这本书的作者：").
_GLUED_LABEL = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:责任编辑|图片编辑|美术编辑|视频编辑|摄影编辑|值班编辑|责编|编审|审核|校对|来源)(?=[:：])"
)


# On a line that opens with a label it is a row of fields, so any label with a colon
# starts the next one: "时间:2022-12-05 14:08来源:临河县融媒体中心作者:admin点击:次".
_GLUED_ROW_LABEL = re.compile(
    rf"(?<=[^\s:：])(?:{_AUTHOR_LABELS}|{_EDITOR_LABELS}|{_SOURCE_LABELS}|{_DATE_LABELS}|{_NOISE_LABELS})(?=\s*[:：])"
)


def _glued_label_starts(simple: str, glued: re.Pattern[str]) -> list[int]:
    """Where glued labels start, except inside a label already read ("图片编辑" holds 编辑)."""
    starts = [match.start() for match in glued.finditer(simple)]
    if not starts:
        return starts
    labels = [match.span() for match in _LABEL.finditer(simple)]
    return [cut for cut in starts if not any(start < cut < end for start, end in labels)]


def _segments(length: int, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *cuts, length]
    return list(pairwise(bounds))


def _without(value: str, names: list[str]) -> str:
    """What is left of a label's value once its names are read: prose means not a byline."""
    for name in names:
        value = value.replace(name, " ", 1)
    return value


def _source(value: str) -> str | None:
    # "凤凰网财经《公司研究院》", "“深链笔记”": the outlet, without its column or quotes.
    cleaned = _strip_dates(value).split("《", 1)[0].strip(_SOURCE_WRAPPING)
    cleaned = _NAME_SEPARATORS.split(cleaned)[0].strip(_SOURCE_WRAPPING) if cleaned else ""
    return cleaned[:30] or None


_SOURCE_WRAPPING = " :：|｜()（）[]【】“”\"'"


def _read_dates(text: str, credits: Credits) -> None:
    if credits.published_at is None:
        credits.published_at = next(iter_dates(text), None)


_DATE_TEXT = re.compile(
    r"(?:19|20)\d{2}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?)?"
    r"|\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}"
)


def _strip_dates(text: str) -> str:
    return _DATE_TEXT.sub(" ", text)


# Where the story was filed from, or that it is reprinted ("巴比特经授权转载"): not prose.
_FILED_FROM_TEXT = re.compile(r"\S{0,10}(?:报道|报导|報導|\d{1,2}日[电讯電訊]|(?:经授权|已获授权)转载)")


# "原创 2023-09-14 08:46 · 滇南农事观察 ·": a stamp row of short fields between dots or bars.
_SENTENCE_MARKS = re.compile(r"[，。！？；,!?;]")
_STAMP_ROW_SEPARATORS = re.compile(r"\s*[·•|｜/]\s*|\s{2,}|\u3000")


def _is_stamp_row(line: str) -> bool:
    policy = current_policy()
    if _SENTENCE_MARKS.search(line):
        return False
    fields = [field for field in _STAMP_ROW_SEPARATORS.split(_strip_dates(line)) if field.strip()]
    return len(fields) >= 2 and all(len(field.strip()) <= policy.max_stamp_field_chars for field in fields)


def _has_prose(text: str) -> bool:
    return _PROSE_RESIDUE.search(_FILED_FROM_TEXT.sub(" ", text)) is not None


_LABEL_ONLY = re.compile(
    rf"^[【\[（(]?\s*(?:{_AUTHOR_LABELS}|{_EDITOR_LABELS}|{_SOURCE_LABELS}|{_DATE_LABELS})\s*[:：]?\s*$"
)


def join_label_lines(lines: list[str]) -> list[str]:
    """Rejoin a label printed in its own cell with the value in the next one.

    Table layouts print "作者：" | "记者王敬照" or "责任编辑：" | "焦鹏" as separate lines.
    """
    policy = current_policy()
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and _LABEL_ONLY.match(simplify_labels(line.strip()))
            and len(following) <= policy.max_label_value_chars
            and not _LABEL_ONLY.match(simplify_labels(following.strip()))
            and "=" not in following
        ):
            joined.append(f"{line.strip()}{following.strip()}")
            index += 2
            continue
        joined.append(line)
        index += 1
    return joined



# The most common Chinese surnames (together well over 80 % of the population), and the
# common two-character ones. Used only to accept an unlabelled line of names.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁"
    "岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾"
    "尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉"
    "禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银"
    "亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯", "端木")
_NAME_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:\s*[、，,/／\s]\s*[\u4e00-\u9fff]{2,4}){0,5}$")


def name_line(line: str) -> list[str]:
    """An unlabelled line that is nothing but personal names: "赵延东、风笑天", "胡平".

    Every name must be 2–3 characters after a common surname (4 with a two-character
    surname); a line with any other word is not a name line.
    """
    policy = current_policy()
    line = _PADDED_NAME.sub(r"\1\2", line.strip())
    if not _NAME_LINE.match(line):
        return []
    names = [token for token in _NAME_LIST_SEPARATORS.split(line) if token]
    led = [name[:2] in _DOUBLE_SURNAMES and len(name) in (3, 4) or name[0] in _SURNAMES and len(name) in (2, 3) for name in names]
    if not led[0] or any(name in policy.not_names or name in _PLACES for name in names):
        return []
    # In a list of several, a rarer surname passes if the name has the usual three characters.
    if all(ok or (len(names) > 1 and len(name) == 3) for ok, name in zip(led, names, strict=True)):
        return names
    return []


_PLACES = frozenset(
    "江西 江苏 海南 安徽 云南 吉林 宁夏 甘肃 贵州 湖南 湖北 河南 河北 山东 山西 广东 广西 福建 浙江 四川 陕西 辽宁 黑龙江 "
    "内蒙古 新疆 西藏 青海 北京 天津 上海 重庆 香港 澳门 台湾 全国 国际 国内 海外 华北 华东 华南 西北 西南 东北 中部 "
    "武汉 南京 杭州 成都 西安 沈阳 长沙 南宁 昆明 贵阳 兰州 银川 太原 郑州 济南 福州 南昌 合肥 石家庄 长春 哈尔滨 "
    "深圳 广州 苏州 厦门 青岛 大连 宁波 温州 常州 无锡 洛阳 开封 安阳 许昌 商丘 周口 信阳 南阳 平顶山".split()
)
