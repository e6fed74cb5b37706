"""The extraction pipeline: bytes in, Article out, as a sequence of small stages."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache
from datetime import datetime, time

from lxml import etree

from huiwen.extract._boilerplate import line_key
from huiwen.extract.article import Article, Block
from huiwen.extract.bylines import (
    Credits,
    bracketed_names,
    join_label_lines,
    name_line,
    read_credits,
    take_trailing_credit,
    writer_named_as_source,
)
from huiwen.extract.clean import drop_chrome, drop_unwanted_tags
from huiwen.extract.content import RawBlock, build_blocks, find_content
from huiwen.extract.dates import date_from_url, fetch_time, parse_date
from huiwen.extract.dom import element_text, iter_bounded, parse_html, remove_keeping_tail, text_lines
from huiwen.extract.metadata import choose_title, marked_author, read_declared_metadata
from huiwen.extract.settings import (
    BYLINE_SEARCH_BLOCKS,
    MAX_BLOCKS,
    MAX_HEADING_CHARS,
    MAX_LINK_DENSITY,
    MAX_META_LINE_CHARS,
)

__all__ = ["extract"]

#: Lines after the headline searched for the byline and date.
_HEADER_LINES = 12
#: Lines from the top of the page searched when the headline is not found in the text.
_TOP_LINES = 60
#: Lines under the headline where an unlabelled line of names is read as the byline.
_NAME_LINE_REACH = 3
_SQUASH = re.compile(r"[\W_]+")
# Short blocks that are site furniture, whatever page they are on.
_BOILERPLATE = re.compile(
    r"^\s*[【\[（(]?\s*(?:版权声明|免责声明|版权所有|特别声明|郑重声明|[\u4e00-\u9fff]{0,4}声明[:：]|\*?\s*(?:本文|该文|文章)?(?:观点)?仅代表作者|风险提示|[^，。]{0,12}发布此信息的目的在于|本站所有|本网所有|本站文章|本网站|凡本网|凡注明|"
    r"转载请|未经授权|未经许可|copyright|©|\(c\)|all rights reserved|扫码|扫一扫|扫描二维码|长按(?:识别|二维码)|"
    r"关注(?:我们|微信|公众号|官方)|微信扫|下载(?:客户端|APP)|打开APP|友情链接|摘要[:：]|分享到|分享至|上一篇|下一篇|"
    r"返回顶部|返回首页|打印本页|关闭窗口|【?字号|字体[:：]|原标题[:：]|点击(?:查看|进入|阅读)|阅读原文|"
    r"本文(?:来自|转自|由)|本文为|更多(?:精彩|内容|资讯)|相关(?:阅读|新闻|文章|推荐|链接|报道)|延伸阅读|推荐阅读|热门推荐|热点推荐|猜你喜欢|"
    r"当前位置|您的位置|你的位置|[-—_=]*\s*分隔线|附件下载|原文标题|本帖最后由|本帖子中包含更多资源|您需要\s*登录|share this|follow us|sign up|advertisement|related articles|read more)",
    re.IGNORECASE,
)
# Where the article proper ends: everything after one of these is another page's teaser.
_SECTION_STOP = re.compile(
    r"^\s*[【\[]?\s*(?:相关(?:阅读|新闻|文章|推荐|链接|报道)|延伸阅读|推荐阅读|热门推荐|热点推荐|猜你喜欢|更多(?:精彩|内容)|"
    r"网友评论|发表评论|我要评论|评论区|related articles|related stories|more from|recommended)",
    re.IGNORECASE,
)
_MAX_BOILERPLATE_CHARS = 200
_LEADING_TAG = re.compile(r"^\s*[\[【][^\]】]{1,10}[\]】]\s*")
# A close button ("x", "×") or a Discuz member rank left over from a poster's card.
_WIDGET_LINE = re.compile(r"^(?:[xX×✕✖]|新手上路|注册会员|中级会员|高级会员|金牌会员|论坛元老|超级版主)$")
# A line that only names a channel to follow, the title of a QR card: "新浪新闻公众号".
_CHANNEL_PROMO = re.compile(
    r"^[^，。！？,!?]{0,16}(?:公众号|微信号|客户端|官方微博|视频号|抖音号)[\s:：]*$"
    r"|^[^，。！？,!?]{0,24}(?:立即下载|下载APP|扫码下载)$"
)
# "金色财经 > 资讯 > 本文": a breadcrumb trail of short steps.
_BREADCRUMB = re.compile(r"^[^，。！？>»›]{1,12}(?:\s*[>»›]\s*[^，。！？>»›]{1,12}){2,}$")
# "- END -", "—— 完 ——": the story ends here; only its credit lines may follow.
_END_LINE = re.compile(r"^[\s\-—–_=~·*]*(?:END|End|end|完|全文完|本文完)[\s\-—–_=~·*]*$")
# The index table of a government information-disclosure page (索引号, 发布机构, 文号…):
# data about the document, printed above it; its issuer and date go to their fields.
_DOCUMENT_INDEX_LABEL = re.compile(r"索\s*引\s*号|发布机构|发文机关|发文单位|发文日期|成文日期|主题分类|发文字号|有\s*效\s*性")
_MIN_INDEX_LABELS = 3
_MAX_INDEX_CHARS = 600
#: Characters of story an end marker must follow: a lone "完" at the top is no ending.
_MIN_STORY_BEFORE_END = 100
_DATE_HINT = re.compile(r"\d{4}\s*[-/年.]\s*\d|\d[:：]\d\d")
_TRAILING_END_MARKER = re.compile(r"\s*[（(]\s*(?:完|全文完|本文完)\s*[)）]\s*$")
_SENTENCE_END = re.compile(r"[。！？!?；;…]$|[。！？!?][”’」』]$")


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    fetched_at: datetime | None = None,
    boilerplate: Collection[str] = frozenset(),
) -> Article:
    """Extract the article from an HTML document (bytes are decoded like a browser would).

    ``fetched_at`` (default: now) anchors relative stamps ("3小时前", "昨天 10:20") and is
    the latest date accepted. ``boilerplate`` holds lines learned as the furniture of the
    page's source (see :func:`recurring_lines`): body lines equal to one are dropped.
    """
    token = fetch_time.set(fetched_at)
    try:
        return _extract(html, url, frozenset(map(line_key, boilerplate)))
    finally:
        fetch_time.reset(token)


def _extract(html: bytes | str, url: str | None, learned: frozenset[str]) -> Article:
    root = parse_html(html)
    if root is None:
        return Article(canonical_url=url)
    meta = read_declared_metadata(root, url)
    drop_unwanted_tags(root)
    page_lines = _page_lines(root)
    title, title_element = choose_title(root, meta, page_lines)
    header_credits, header_date_is_near = _credits_after_title(page_lines, title, _speaker_turns(page_lines))
    marked_subtitle = _marked_subtitle(root, title_element)
    # Author markup (rel=author, a blog's archive links) is read before its sidebar goes
    # with the chrome, and only when neither the header nor the metadata names anyone.
    marked_authors = marked_author(root) if not (header_credits.authors or meta.authors) else []
    credit_holders = drop_chrome(root)
    # Several stages read every paragraph as a credit line: read each text once per page
    # (the Credits found are merged from, never changed).
    read_block = lru_cache(maxsize=MAX_BLOCKS)(read_credits)
    raw_blocks = _story_before_comments(root, meta.base_url)

    body_credits = Credits()
    raw_blocks = _drop_tail_furniture(_drop_furniture(_drop_learned(raw_blocks, learned), title))
    if title is None:
        title, raw_blocks = _take_headline_line(raw_blocks)
    signed_at, signature = _signature(raw_blocks)
    raw_blocks, opening_post = _opening_post(raw_blocks, read_block)
    turns = _speaker_turns([raw.block.text for raw in raw_blocks])
    kept_lines = {id(raw) for raw in raw_blocks if raw is signature or raw.block.text in turns}
    raw_blocks = _take_credit_lines(raw_blocks, body_credits, keep=kept_lines, read=read_block)
    if marked_subtitle:
        subtitle = marked_subtitle
        raw_blocks = [raw for raw in raw_blocks if raw.block.text != marked_subtitle]
    else:
        subtitle, raw_blocks = _take_subtitle(raw_blocks)
    blocks = _promote_headings(raw_blocks)
    _strip_end_marker(blocks)
    _take_trailing_credit(blocks, body_credits)

    credits = Credits()
    for found in (opening_post, header_credits, body_credits, *(_credits_in(el) for el in credit_holders)):
        credits.merge(found)
    visible = header_credits.published_at if header_date_is_near else None
    published_at = _best_date(
        meta.published_at, visible or meta.time_element or credits.published_at or meta.script_date, date_from_url(url)
    )
    if signed_at and published_at and 0 < (published_at.astimezone(signed_at.tzinfo).date() - signed_at.date()).days <= _MAX_SIGNING_DAYS:
        # An official document is dated by its signature; the site posts it a day or two later.
        published_at = signed_at
    authors = (
        credits.authors or meta.authors or marked_authors or _signed_below(page_lines, blocks)
        or _issuing_body(page_lines) or writer_named_as_source(credits.source)
    )
    lead_image = meta.image or next((b.src for b in blocks if b.type == "image"), None)
    return Article(
        title=title,
        subtitle=subtitle,
        published_at=published_at,
        author=" ".join(authors) if authors else None,
        editor=credits.editor,
        source=credits.source or meta.account or meta.source,
        blocks=blocks,
        lead_image=lead_image,
        language=meta.language or _guess_language(blocks),
        canonical_url=meta.canonical_url,
    )


def _story_before_comments(root: etree._Element, base_url: str | None) -> list[RawBlock]:
    """The body's blocks, without a reader-comment list that follows the story.

    Comments are known by their shape, not their wording: several short signature lines
    (a name and a time stamp, by two or more people). When the comments come after the
    story, they are cut off; when the best-scoring content is the comment list alone (it
    outweighs a short story), the story is looked for again without it, before it in the
    page.
    """
    containers = find_content(root)
    raw_blocks = build_blocks(containers, base_url)
    first = _first_comment_signature(raw_blocks)
    if first is None:
        return raw_blocks
    story = _without_thread_heading(raw_blocks[:first])
    if sum(len(raw.block.text) for raw in story) >= _MIN_STORY_BEFORE_END:
        return story
    order = {element: index for index, element in enumerate(iter_bounded(root))}
    comments_at = min(order[element] for element in containers)
    for element in containers:
        remove_keeping_tail(element)
    others = find_content(root)
    if others and all(order.get(element, comments_at) < comments_at for element in others):
        found = build_blocks(others, base_url)
        if sum(len(raw.block.text) for raw in found) >= _MIN_STORY_BEFORE_END:
            return found
    return raw_blocks


# A comment's signature: a name and a time stamp, nothing else ("江边老张 2012-07-03 10:12").
_COMMENT_STAMP = re.compile(
    r"(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?<!\d)\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
)
_MAX_SIGNATURE_CHARS = 48
_MAX_COMMENTER_CHARS = 16
#: Signatures, by at least two people, that make a list of comments.
_MIN_COMMENT_SIGNATURES = 3


_LABEL_MARK = re.compile(r"[:：|｜/]")


def _first_comment_signature(raw_blocks: list[RawBlock]) -> int | None:
    signers: dict[int, str] = {}
    for index, raw in enumerate(raw_blocks):
        text = raw.block.text
        if raw.block.type != "paragraph" or len(text) > _MAX_SIGNATURE_CHARS or not (stamp := _COMMENT_STAMP.search(text)):
            continue
        name = (text[: stamp.start()] + text[stamp.end() :]).strip()
        if 0 < len(name) <= _MAX_COMMENTER_CHARS and not _SENTENCE_PUNCTUATION.search(name) and not _LABEL_MARK.search(name):
            signers[index] = name
    if len(signers) < _MIN_COMMENT_SIGNATURES or len(set(signers.values())) < 2:
        return None
    return min(signers)


def _without_thread_heading(raw_blocks: list[RawBlock]) -> list[RawBlock]:
    """Drop the comment list's own heading ("网友留言（8）"): a short line closing the story."""
    if raw_blocks and len(raw_blocks[-1].block.text) <= _MAX_THREAD_HEADING and not _SENTENCE_END.search(raw_blocks[-1].block.text):
        return raw_blocks[:-1]
    return raw_blocks


_MAX_THREAD_HEADING = 16


def _best_date(declared: datetime | None, visible: datetime | None, from_url: datetime | None) -> datetime | None:
    """Declared dates win, except a bare day when the page shows that day with a time."""
    if declared and visible and declared.date() == visible.date() and declared.time() == time(0):
        return visible
    return declared or visible or from_url


#: A paragraph this long before the first signature is a post's text, not a thread title.
_MIN_POST_CHARS = 40

# The signature block closing an official notice, letter or proposal: the issuing body
# on one line ("吉林省人民政府"), the signing day written out on the last
# ("2022年1月27日"), or both on one line.
_SIGNED_DAY = re.compile(r"^(?:(?P<body>[\u4e00-\u9fff（）()、]{3,40})[\s\u3000]*)?(?P<day>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()、\s\u3000]{3,40}$")
# An official document's number: issuer code, year in brackets, serial (青政办发〔2023〕7号).
_DOCUMENT_NUMBER = re.compile(r"[〔［\[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]\s*\d+\s*号")
#: Paragraphs from the end searched for the signing day.
_SIGNATURE_REACH = 3
# How much later than its signature a document is typically posted (weekend included).
_MAX_SIGNING_DAYS = 2


def _signature(raw_blocks: list[RawBlock]) -> tuple[datetime | None, RawBlock | None]:
    """The signing day of a document closed by an issuer + date signature block (perhaps
    followed by a note such as "（此件公开发布）"), and the block that prints it."""
    paragraphs = [raw for raw in raw_blocks if raw.block.type == "paragraph" and raw.block.text.strip()]
    if len(paragraphs) < 3:
        return None, None
    for back in range(1, min(_SIGNATURE_REACH, len(paragraphs) - 1) + 1):
        match = _SIGNED_DAY.match(paragraphs[-back].block.text.strip())
        if match and (match.group("body") or _SIGNER.match(paragraphs[-back - 1].block.text.strip())):
            return parse_date(match.group("day")), paragraphs[-back]
    return None, None


def _squash(text: str) -> str:
    return _SQUASH.sub("", text).lower()


def _page_lines(root: etree._Element) -> list[str]:
    """The page's short lines as displayed, before chrome is removed, with labels printed
    apart from their values rejoined: where credits are looked for."""
    body = root.find("body")
    lines = [line for line in text_lines(body if body is not None else root) if len(line) <= MAX_META_LINE_CHARS]
    return _join_split_stamp(join_label_lines(lines))


def _credits_after_title(lines: list[str], title: str | None, turns: frozenset[str] = frozenset()) -> tuple[Credits, bool]:
    """Bylines and dates printed just under the headline, before chrome is removed.

    Without a recognisable headline line, the top of the page stands in for it. The flag
    says whether the date was printed near the headline; if not, the date is the labelled
    or credit-only date line nearest below the headline (then nearest above it), which
    keeps related-article lists and copyright years from winning.
    """
    credits = Credits()
    target = _squash(title or "")
    start = next((i for i, line in enumerate(lines) if target and _squash(line) == target), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if target and target in _squash(line)), None)
    window = lines[start + 1 : start + 1 + _HEADER_LINES] if start is not None else lines[:_TOP_LINES]
    credits.editor = _responsible_editor(lines[start or 0 :])
    if start is not None and _squash(lines[start]) != target:
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
        elif start is not None and offset < _NAME_LINE_REACH and not credits.authors and (names := name_line(line)):
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
#: Lines after the story's last paragraph where a blog signs the post.
_SIGNATURE_LINES_AFTER_BODY = 16


def _signed_below(lines: list[str], blocks: list[Block]) -> list[str]:
    """The writer credited just under the story's last paragraph, in a box that went with
    the chrome: "作者：陆某舟" in a blog's signature box, "posted @ 2023-04-03 21:15 陆某舟"."""
    last = next((block.text for block in reversed(blocks) if block.type == "paragraph" and block.text), None)
    if not last:
        return []
    end = next((index for index, line in enumerate(lines) if line == last), None)
    if end is None:
        return []
    for line in lines[end + 1 : end + 1 + _SIGNATURE_LINES_AFTER_BODY]:
        found = read_credits(line)
        if found.authors and (found.is_post_signature or found.is_credit_line and _AUTHOR_LINE.match(line)):
            return found.authors
    return []


# The issuing body in the index table of a government information-disclosure page.
_ISSUER_LABEL = re.compile(r"^(?:发文机关|发文单位|发布机构|发文机构|發文機關)\s*[:：]?\s*")
_ISSUER_NAME = re.compile(r"^[\u4e00-\u9fff（）()、]{3,40}$")


def _issuing_body(lines: list[str]) -> list[str]:
    """An official document's author is the body that issued it: "发文机关：吉林省人民政府",
    in one line or in the next table cell."""
    for index, line in enumerate(lines):
        if label := _ISSUER_LABEL.match(line):
            value = line[label.end() :] or (lines[index + 1] if index + 1 < len(lines) else "")
            value = value.replace(" ", "").replace("\u3000", "")
            return [value] if _ISSUER_NAME.match(value) else []
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
_LEADING_DATE = re.compile(r"^\D{0,30}?(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?，；]")
_MAX_DATE_LINE_CHARS = 60


def _is_date_line(line: str) -> bool:
    return len(line) <= _MAX_DATE_LINE_CHARS and bool(_LEADING_DATE.match(line)) and not _SENTENCE_PUNCTUATION.search(line)


_SUBTITLE_CLASS = re.compile(r"sub-?title|subhead|fubiaoti|futitle|vice-?title|deck", re.IGNORECASE)
# The same words in lowercased text, once the three letters IGNORECASE also equates with
# s and i (ſ, İ, ı) are spelled s and i: one search over all of a page's class names tells
# whether any element needs testing (most pages have none, and testing each is slow).
_SUBTITLE_WORDS = re.compile(_SUBTITLE_CLASS.pattern)
_CASE_FOLD = str.maketrans({"ſ": "s", "İ": "i", "ı": "i"})
_CLASS_NAMES = etree.XPath("descendant::*/@class", smart_strings=False)
_MAX_SUBTITLE_CHARS = 80


def _marked_subtitle(root: etree._Element, title_element: etree._Element | None) -> str | None:
    """A subtitle marked up as such, or an <h2> placed right after the headline."""
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
        if 0 < len(text) <= _MAX_SUBTITLE_CHARS:
            return text
    return None


def _credits_in(element: etree._Element) -> Credits:
    credits = Credits()
    for line in join_label_lines(text_lines(element)[:8])[:6]:
        found = read_credits(line)
        if found.is_credit_line:
            credits.merge(found)
    return credits


def _drop_learned(raw_blocks: list[RawBlock], learned: frozenset[str]) -> list[RawBlock]:
    """Drop the lines learned as this source's furniture (list items one by one)."""
    if not learned:
        return raw_blocks
    kept = []
    for raw in raw_blocks:
        block = raw.block
        if block.type == "list" and block.items:
            items = [item for item in block.items if line_key(item) not in learned]
            if not items:
                continue
            if len(items) < len(block.items):
                block.items, block.text = items, "\n".join(items)
        elif block.text and line_key(block.text) in learned:
            continue
        kept.append(raw)
    return kept


def _drop_furniture(raw_blocks: list[RawBlock], title: str | None) -> list[RawBlock]:
    title_key = _squash(title or "")
    kept: list[RawBlock] = []
    ended = False
    for index, raw in enumerate(raw_blocks):
        block = raw.block
        text = block.text
        if ended:
            if block.type == "paragraph" and read_credits(text).is_credit_line:
                kept.append(raw)  # "文字 | 林某": the credits printed under an end marker
            continue
        if block.type != "image" and raw.link_density > MAX_LINK_DENSITY:
            continue
        if len(text) <= _MAX_BOILERPLATE_CHARS and _SECTION_STOP.match(text) and index >= len(raw_blocks) // 2:
            break
        if _END_LINE.match(text) and sum(len(kept_raw.block.text) for kept_raw in kept) >= _MIN_STORY_BEFORE_END:
            ended = True
            continue
        if len(text) <= _MAX_BOILERPLATE_CHARS and (
            _BOILERPLATE.match(text) or _CHANNEL_PROMO.match(text) or _WIDGET_LINE.match(text) or _BREADCRUMB.match(text)
        ):
            continue
        if _is_style_sheet(text):
            continue  # a <style> element's text printed into the page
        if title_key and index < 8 and _squash(_LEADING_TAG.sub("", text)) == title_key:
            continue  # the headline again, perhaps behind its board tag: "[出游分享] 标题"
        if len(text) <= _MAX_INDEX_CHARS and len(_DOCUMENT_INDEX_LABEL.findall(text)) >= _MIN_INDEX_LABELS:
            continue
        if kept and index < _LEAD_REACH and _repeats_as_lead(kept[-1].block, block):
            kept.pop()  # a summary box (摘要, intro) that is the lead's first sentence again
        kept.append(raw)
    return kept


#: A paragraph this long is story, unless shaped like furniture: the tail after the last
#: one is where an article's furniture sits.
_MIN_STORY_LINE = 40
#: A question this short followed by this many bare labels is a rating prompt and its buttons.
_MAX_PROMPT_CHARS = 40
_MIN_PROMPT_OPTIONS = 2
_MAX_TAIL_LABEL = 12
#: A short tail line linking to another site with this share of link text is a nudge
#: ("欢迎到<a>粉丝专页</a>按赞", "关注我们的<a>微博</a>").
_MIN_TAIL_LINK_SHARE = 0.2
_MAX_TAIL_LINK_LINE = 80
_MAX_CONTACT_LINE = 160
#: Characters of other text a furniture tail may hold (a disclaimer, posting rules).
_MAX_TAIL_PROSE = 200
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?<!\d)(?:\(?0\d{1,3}\)?[-\s－]?)?\d{3,4}[-－]?\d{4}(?!\d)"  # phone or fax
)
_WHOLE_BRACKETED = re.compile(r"^[（(【\[〔［](?=[^）)】\]〕］]*[\u4e00-\u9fff]{2})[^（）()【】\[\]〔〕［］]{4,120}[）)】\]〕］]$")
_LOADING = re.compile(r"^(?=.*[\u4e00-\u9fff])[^，。！？,.!?]{1,20}(?:\.{3,}|…+)$")


def _drop_tail_furniture(raw_blocks: list[RawBlock]) -> list[RawBlock]:
    """Furniture printed after the story: from the first furniture-shaped block after which
    no story paragraph follows, the rest is furniture (credit lines excepted). Shapes, not
    wordings: a notice wholly in brackets, a contact block (phone, fax, e-mail), a short
    line linking to another site (follow us, a fan page), a loading
    placeholder ("评论加载中..."), a question with answer buttons. A note in brackets
    under a signed document ("（此件公开发布）") is part of the document."""
    # Read from the end back to the story's last paragraph: only the tail is judged.
    furniture: dict[int, bool] = {}
    last_story = None
    for index in range(len(raw_blocks) - 1, -1, -1):
        raw = raw_blocks[index]
        furniture[index] = (
            _is_tail_furniture(raw) and not (index and _SIGNED_DAY.match(raw_blocks[index - 1].block.text.strip()))
        ) or _is_prompt(raw_blocks, index)
        if raw.block.type == "paragraph" and len(raw.block.text) >= _MIN_STORY_LINE and not furniture[index]:
            last_story = index
            break
    if last_story is None:
        return raw_blocks
    story_chars = sum(len(raw.block.text) for raw in raw_blocks[: last_story + 1])
    cut = next((index for index in range(last_story + 1, len(raw_blocks)) if furniture[index]), None)
    if cut is None or story_chars < _MIN_STORY_BEFORE_END:
        return raw_blocks
    # Short lines between the story's last long paragraph and the furniture stay: the
    # story may close on a short sentence. A tail holding much text of no furniture shape
    # (a discography, a list of items) is not the furniture zone: only its furniture goes.
    rest = sum(len(raw.block.text) for index, raw in enumerate(raw_blocks[cut:], start=cut) if not furniture[index])
    kept = raw_blocks[:cut]
    for index, raw in enumerate(raw_blocks[cut:], start=cut):
        text = raw.block.text
        if raw.block.type == "image" or _END_LINE.match(text) or read_credits(text).is_credit_line or _bracketed_name_line(text):
            kept.append(raw)  # the credits under a story, its closing marker
        elif rest > _MAX_TAIL_PROSE and not furniture[index]:
            kept.append(raw)
    return kept


def _is_prompt(raw_blocks: list[RawBlock], index: int) -> bool:
    """A short question answered by buttons: "这篇文章对你有帮助吗？" / "有帮助" / "没帮助"."""
    text = raw_blocks[index].block.text
    options = raw_blocks[index + 1 : index + 1 + _MIN_PROMPT_OPTIONS]
    return (
        len(text) <= _MAX_PROMPT_CHARS
        and text.endswith(("？", "?"))
        and len(options) == _MIN_PROMPT_OPTIONS
        and all(len(raw.block.text) <= _MAX_TAIL_LABEL and not _SENTENCE_PUNCTUATION.search(raw.block.text) for raw in options)
    )


def _bracketed_name_line(text: str) -> bool:
    """"（袁源）": the reporter closing a story."""
    return bool(_WHOLE_BRACKETED.match(text)) and bool(name_line(text[1:-1]))


def _is_tail_furniture(raw: RawBlock) -> bool:
    text = raw.block.text
    if raw.block.type not in ("paragraph", "heading", "list"):
        return False
    if len(text) <= _MAX_CONTACT_LINE and _CONTACT.search(text) and "。" not in text:
        return True
    if len(text) <= _MAX_TAIL_LINK_LINE and raw.links_away and raw.link_density >= _MIN_TAIL_LINK_SHARE:
        return True
    if _LOADING.match(text):
        return True
    return bool(_WHOLE_BRACKETED.match(text)) and not read_credits(text).is_credit_line and not _bracketed_name_line(text)


# "selector { property: value; … }": a style sheet's rule.
_STYLE_RULE = re.compile(r"[^{}]*\{[^{}]*:[^{}]*\}")
_STYLE_TAG = re.compile(r"</?style[^>]*>|<!--|-->", re.IGNORECASE)
#: Share of a block's text outside style rules at which it is still a style sheet.
_MAX_NON_STYLE_SHARE = 0.1


def _is_style_sheet(text: str) -> bool:
    """Text made of CSS rules: a <style> element whose text a CMS printed into the page."""
    if "{" not in text:
        return False
    rest = _STYLE_TAG.sub("", _STYLE_RULE.sub("", text)).strip()
    return rest != text.strip() and len(rest) <= len(text) * _MAX_NON_STYLE_SHARE


#: Blocks from the top within which a summary box may repeat the lead.
_LEAD_REACH = 4
_MIN_REPEATED_CHARS = 12


def _repeats_as_lead(previous: Block, block: Block) -> bool:
    return (
        previous.type == block.type == "paragraph"
        and len(previous.text) >= _MIN_REPEATED_CHARS
        and len(block.text) > len(previous.text)
        and block.text.startswith(previous.text)
    )


def _take_headline_line(raw_blocks: list[RawBlock]) -> tuple[str | None, list[RawBlock]]:
    """No <title>, og:title or <h1>: a short opening line that is not a sentence is it."""
    if len(raw_blocks) < 2:
        return None, raw_blocks
    first = raw_blocks[0].block
    if first.type in ("heading", "paragraph") and len(first.text) <= MAX_HEADING_CHARS * 2 and not _SENTENCE_END.search(first.text):
        return first.text, raw_blocks[1:]
    return None, raw_blocks


def _opening_post(
    raw_blocks: list[RawBlock], read: Callable[[str], Credits] = read_credits
) -> tuple[list[RawBlock], Credits]:
    """A thread, posts signed by several people, is read as its opening post; returns
    the post without its signature, and the signature's credits (poster and time).

    The opening post is signed either below its text ("… 发布时间 2005/03/15 by duscha")
    or above it ("楼主 … 发表于 …"); the replies after it are not the article.
    """
    signatures: list[tuple[int, Credits]] = []
    for index, raw in enumerate(raw_blocks):
        if raw.block.type == "paragraph" and (found := read(raw.block.text)).is_post_signature:
            signatures.append((index, found))
    if len({tuple(found.authors) for _, found in signatures}) < 2:
        return raw_blocks, Credits()
    first, opening = signatures[0]
    signed_below = any(
        raw.block.type == "paragraph" and len(raw.block.text) >= _MIN_POST_CHARS for raw in raw_blocks[:first]
    )
    end = first if signed_below else signatures[1][0]
    return [raw for index, raw in enumerate(raw_blocks[:end]) if index != first], opening


def _take_credit_lines(
    raw_blocks: list[RawBlock],
    credits: Credits,
    *,
    keep: frozenset[int] | set[int] = frozenset(),
    read: Callable[[str], Credits] = read_credits,
) -> list[RawBlock]:
    """Move byline, editor and source lines at either end of the body into ``credits``
    (except the blocks whose ids are in ``keep``: a document's signing day, an interview's
    turns)."""
    edge = BYLINE_SEARCH_BLOCKS
    kept = []
    for index, raw in enumerate(raw_blocks):
        if raw.block.type in ("image", "table") or id(raw) in keep:
            kept.append(raw)
            continue
        near_edge = index < edge or index >= len(raw_blocks) - edge
        found = read(raw.block.text)
        if found.is_credit_line and (near_edge or found.editor or found.source):
            credits.merge(found)
            continue
        if near_edge and index < edge and found.authors:
            credits.merge(Credits(authors=found.authors))
        if index >= len(raw_blocks) - 2 and (names := bracketed_names(raw.block.text)):
            credits.merge(Credits(authors=names))  # "（袁源）" closing the story
            continue
        kept.append(raw)
    return kept


# A speaker opening a line of a transcript: "记者：", "张某：", "问：", "Q:".
_SPEAKER = re.compile(r"^(?P<label>[\u4e00-\u9fffA-Za-z·]{1,8})\s*[：:]\s*(?P<said>\S.*)$")
_SPOKEN = re.compile(r"[，。！？,!?…]")
#: Speakers who must each take this many turns for lines to read as a conversation.
_MIN_TURNS = 2


def _speaker_turns(lines: list[str]) -> frozenset[str]:
    """The lines of an interview transcript: lines opened by a label that opens several
    lines, at least one of them a sentence, when two or more such speakers alternate
    ("记者：…" / "吴某：…", "问：" / "答："). Such a line is a turn, not a credit line, unless
    what follows the label is only a name ("记者：张三")."""
    opened: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        if ("：" in line[:10] or ":" in line[:10]) and len(line) <= MAX_META_LINE_CHARS * 4 and (match := _SPEAKER.match(line)):
            opened.setdefault(match.group("label"), []).append((line, match.group("said")))
    speakers = [
        turns for turns in opened.values()
        if len(turns) >= _MIN_TURNS and any(_SPOKEN.search(said) for _, said in turns)
    ]
    if len(speakers) < 2:
        return frozenset()
    return frozenset(line for turns in speakers for line, said in turns if not name_line(said))


def _is_heading_like(raw: RawBlock) -> bool:
    block = raw.block
    return (
        block.type == "paragraph"
        and (raw.bold or (raw.centered and len(block.text) <= MAX_HEADING_CHARS // 2))
        and len(block.text) <= MAX_HEADING_CHARS
        and not _SENTENCE_END.search(block.text)
    )


def _take_subtitle(raw_blocks: list[RawBlock]) -> tuple[str | None, list[RawBlock]]:
    """A short bold/centred line opening the body, before any prose, is the subtitle.

    It is the first line after the byline; a section heading never opens an article
    before its lead paragraph, while a deck line does.
    """
    if len(raw_blocks) < 3:
        return None, raw_blocks
    first, second = raw_blocks[0], raw_blocks[1]
    if _DOCUMENT_NUMBER.search(first.block.text):
        return None, raw_blocks  # "青政办发〔2023〕7号" heads an official document
    if first.block.type == "heading" and first.block.level and first.block.level >= 2:
        if second.block.type == "paragraph" and not _is_heading_like(second):
            return first.block.text, raw_blocks[1:]
    if _is_heading_like(first) and not _is_heading_like(second) and second.block.type == "paragraph":
        return first.block.text, raw_blocks[1:]
    return None, raw_blocks


def _promote_headings(raw_blocks: list[RawBlock]) -> list[Block]:
    """Short bold lines become headings; consecutive ones form one heading."""
    blocks: list[Block] = []
    previous_was_bold_heading = False
    for raw in raw_blocks:
        if _is_heading_like(raw):
            if previous_was_bold_heading:
                blocks[-1].text = f"{blocks[-1].text} {raw.block.text}"
            else:
                blocks.append(Block("heading", raw.block.text, level=2))
            previous_was_bold_heading = True
            continue
        previous_was_bold_heading = False
        blocks.append(raw.block)
    return blocks


def _strip_end_marker(blocks: list[Block]) -> None:
    for block in reversed(blocks):
        if block.type == "paragraph":
            block.text = _TRAILING_END_MARKER.sub("", block.text)
            break


def _take_trailing_credit(blocks: list[Block], credits: Credits) -> None:
    for block in reversed(blocks[-BYLINE_SEARCH_BLOCKS:]):
        if block.type == "paragraph":
            names, block.text = take_trailing_credit(block.text)
            if names:
                credits.merge(Credits(authors=names))
            return


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _guess_language(blocks: list[Block]) -> str | None:
    sample = "".join(block.text for block in blocks[:20])[:2000]
    if not sample:
        return None
    if len(_HAN.findall(sample)) >= len(sample) * 0.2:
        return "zh"
    return None
