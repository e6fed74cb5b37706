"""Metadata declared in markup: <head> meta tags, JSON-LD, <title>/<h1>, canonical URL."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from huiwen.extract._bylines import OUTLET_NAME_END, read_names
from huiwen.extract._dates import parse_date, parse_timestamp
from huiwen.extract._dom import collapse_whitespace, element_text, squash
from huiwen.extract._policy import current_policy
from huiwen.extract._sites import account_xpath, joined

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish_date", "publishtime", "publish-date",
    "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "article.published", "date", "created", "weibo:article:create_at", "bytedance:published_time",
    "release_date", "og:release_date", "citation_publication_date", "citation_date", "dcterms.issued",
    "dcterms.date", "article:published", "publication_date", "pubtime", "publishedtime", "ptime",
)
_AUTHOR_META = (
    "citation_author", "citation_authors", "author", "article:author", "dc.creator", "byl", "sailthru.author",
    "parsely-author", "contentsource_author",
)
_SOURCE_META = ("source", "contentsource", "og:site_name", "mediaid")
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|BlogPosting|NewsArticle|WebPage", re.IGNORECASE)
# Separators between a headline and the site name in <title>: "标题_网站", "标题 - 新华网".
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜»]|--|\s[-–—·:]\s|[-–—]{1,2}(?=[^\d\s]{2,20}$))\s*")
_SITE_WORDS = re.compile(r"网|站|报|频道|新闻|在线|中心|官网|首页|社区|论坛|社群|\.com|\.cn|News|Times|Post|Online", re.IGNORECASE)
_URL_LIKE = re.compile(r"^https?://|^www\.", re.IGNORECASE)
# A declared "author" that is the publisher or the CMS, not a person.
_ORGANISATION = re.compile(
    r"出版社|公司|集团|网络|网站|编辑部|有限|发布系统|\bTeam\b|\bInc\b|\bLtd\b|\bCorp|Publishers?\b|\.com|\.cn", re.IGNORECASE
)
_PADDED_NAME = re.compile(r"^([\u4e00-\u9fff])[\s\u3000]+([\u4e00-\u9fff]{1,2})$")


@dataclass
class DeclaredMetadata:
    head_title: str | None = None
    og_title: str | None = None
    headline: str | None = None
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    image: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    base_url: str | None = None
    #: The first <time datetime> / itemprop=datePublished element: weaker than meta tags
    #: and a date printed by the headline, stronger than a date line found elsewhere.
    time_element: datetime | None = None
    #: The publishing account on a platform (a WeChat official account, a Toutiao
    #: creator): the real source, where og:site_name only names the platform.
    account: str | None = None
    #: A publication time only a script knows, for pages that fill in the date shown to
    #: readers with JavaScript (WeChat articles: ``var ct = "1683858000"``).
    script_date: datetime | None = None


def read_declared_metadata(root: etree._Element, url: str | None) -> DeclaredMetadata:
    meta = DeclaredMetadata()
    base = root.find(".//base[@href]")
    meta.base_url = urljoin(url or "", base.get("href")) if base is not None else url
    language = root.get("lang") or root.get("xml:lang")
    meta.language = language.strip() or None if language else None

    named: dict[str, str] = {}
    for element in root.iterfind(".//meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or element.get("http-equiv") or "").strip().lower()
        content = element.get("content")
        if key and content and content.strip() and key not in named:
            named[key] = collapse_whitespace(content)
    title = root.find(".//title")
    if title is not None:
        meta.head_title = element_text(title) or None
    meta.og_title = named.get("og:title") or named.get("twitter:title")
    meta.language = meta.language or named.get("content-language") or named.get("language")
    for key in _PUBLISHED_META:
        if key in named and (value := parse_date(named[key])):
            meta.published_at = value
            break
    for key in _AUTHOR_META:
        value = named.get(key)
        if value and not _URL_LIKE.match(value) and not _ORGANISATION.search(value) and not _is_site_name(value, named, meta.head_title):
            meta.authors = [_PADDED_NAME.sub(r"\1\2", value)]
            break
    meta.time_element = _time_element(root)
    # Only pages that declare no date need their scripts searched (AEB: 1 in 6).
    meta.script_date = _script_date(root) if meta.published_at is None else None
    meta.account = _platform_account(root)
    meta.source = next((named[key] for key in _SOURCE_META if named.get(key)), None)
    meta.image = named.get("og:image") or named.get("twitter:image")
    canonical = root.find(".//link[@rel='canonical']")
    meta.canonical_url = canonical.get("href") if canonical is not None else named.get("og:url")
    _read_json_ld(root, meta)
    meta.image = _absolute(meta.image, meta.base_url)
    meta.canonical_url = _absolute(meta.canonical_url, meta.base_url) or url
    return meta


_SHORT_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _is_site_name(value: str, named: dict[str, str], head_title: str | None) -> bool:
    """A declared "author" that is the site itself (<meta name=author content=示例新闻网>)."""
    squashed = squash(value)
    if not squashed:
        return True
    if OUTLET_NAME_END.search(value.strip()) and not _SHORT_HAN_NAME.fullmatch(value.strip()):
        return True
    site = named.get("og:site_name") or named.get("application-name") or ""
    if site and squash(site) == squashed:
        return True
    # The site-name segment of <title>: "标题_示例新闻网".
    if head_title and len(squashed) < len(squash(head_title)):
        segments = [squash(part) for part in _TITLE_SEPARATOR.split(head_title) if part.strip()]
        if len(segments) > 1 and squashed in (segments[0], segments[-1]):
            return True
    return False


def _time_element(root: etree._Element) -> datetime | None:
    for element in root.xpath("(//*[@itemprop='datePublished'] | //time[@datetime] | //time[@pubdate])[position() <= 3]"):
        value = element.get("datetime") or element.get("content") or element_text(element)
        if value and (parsed := parse_date(value)):
            return parsed
    return None


_AUTHOR_MARKUP = etree.XPath("//a[@rel='author'] | //*[@itemprop='author']")
# An author's archive: WordPress "?author=102", "/author/jane-doe/", Typecho "/author/3".
_AUTHOR_ARCHIVE = re.compile(r"[?&]author=(?P<id>[^&#]+)|/author/(?P<slug>[^/?#]+)")
_AUTHOR_ARCHIVE_LINKS = etree.XPath("//a[contains(@href, 'author')]")


def marked_author(root: etree._Element) -> list[str]:
    """The author the markup names: rel=author / itemprop=author, else the blog's owner.

    Markup naming several different people (a list of bloggers, a thread) names nobody.
    A blog links every archive and category of its owner ("?pc=85&author=102"), so the
    author most links point to is the owner; the link whose whole text reads as names
    ("太小心", not "April 2006") gives the name.
    """
    policy = current_policy()
    named = {tuple(names) for element in _AUTHOR_MARKUP(root)[:20] if (names := _whole_names(element))}
    if named:
        return list(next(iter(named)))[:policy.max_marked_authors] if len(named) == 1 else []
    by_author: dict[str, list[etree._Element]] = {}
    for link in _AUTHOR_ARCHIVE_LINKS(root)[:200]:
        if match := _AUTHOR_ARCHIVE.search(link.get("href") or ""):
            by_author.setdefault(match.group("id") or match.group("slug"), []).append(link)
    if not by_author:
        return []
    owner_links = max(by_author.values(), key=len)
    if len(owner_links) * 2 <= sum(len(links) for links in by_author.values()):
        return []
    for link in owner_links:
        if names := _whole_names(link):
            return names[:policy.max_marked_authors]
    return []


def _whole_names(element: etree._Element) -> list[str]:
    name_holder = element.find(".//*[@itemprop='name']")
    text = element_text(name_holder if name_holder is not None else element)
    names = read_names(text)
    return names if names and " ".join(names) == text else []


# The publishing account where a platform names it (_sites: WeChat, Toutiao, Baijiahao).
_ACCOUNT_NAME = etree.XPath(account_xpath())


def _platform_account(root: etree._Element) -> str | None:
    policy = current_policy()
    for element in _ACCOUNT_NAME(root)[:3]:
        name = element_text(element)
        if 0 < len(name) <= policy.max_account_chars:
            return name
    return None


# Variables that hold the publication time in page scripts: a platform's own (_sites:
# WeChat's ``ct``), ``createTime``, and the publishTime / pubDate spellings of Chinese CMS
# templates.
_SCRIPT_DATE = re.compile(
    rf"""\b(?:{joined("script_date_variables")}|[cC]reate_?[tT]ime|[pP]ublish_?[tT]ime|[pP]ub_?[tT]ime|[pP]ub_?[dD]ate|[pP]ublish_?[dD]ate|[dD]ate_?[pP]ublished)"""
    r"""\s*[=:]\s*["'](?P<value>[^"'\n]{6,40})["']"""
)
_INLINE_SCRIPTS = etree.XPath("//script[not(@src)]/text()")


def _script_date(root: etree._Element) -> datetime | None:
    for text in _INLINE_SCRIPTS(root):
        for match in _SCRIPT_DATE.finditer(text):
            value = match.group("value").strip()
            if found := parse_timestamp(value) or parse_date(value):
                return found
    return None


def _read_json_ld(root: etree._Element, meta: DeclaredMetadata) -> None:
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for node in _walk_json(data):
            types = node.get("@type")
            types = " ".join(types) if isinstance(types, list) else str(types or "")
            if not _ARTICLE_TYPES.search(types):
                continue
            if not meta.headline and isinstance(node.get("headline"), str):
                meta.headline = collapse_whitespace(node["headline"])
            if isinstance(node.get("datePublished"), str):
                meta.published_at = meta.published_at or parse_date(node["datePublished"])
            if not meta.authors:
                meta.authors = _json_names(node.get("author"), people_only=True)
            if not meta.image:
                meta.image = _json_url(node.get("image"))
            if not meta.source:
                publisher = _json_names(node.get("publisher"))
                meta.source = publisher[0] if publisher else None


def _walk_json(data: object, depth: int = 0):
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            yield from _walk_json(data.get(key), depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from _walk_json(item, depth + 1)


def _json_names(value: object, *, people_only: bool = False) -> list[str]:
    """Names of JSON-LD Person/Organization values; ``people_only`` skips organisations
    (an "author" typed Organization is the outlet or "Contributors to Wikimedia projects")."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:20]:
        if people_only and isinstance(item, dict) and "Organization" in str(item.get("@type", "")):
            continue
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not _URL_LIKE.match(name.strip()):
            names.append(collapse_whitespace(name))
    return names


def _json_url(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url")
    return value if isinstance(value, str) else None


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    absolute = urljoin(base, link.strip()) if base else link.strip()
    # Only web addresses: a javascript:, data: or file: "image" or canonical link is
    # either an attack or useless to a reader.
    scheme = urlsplit(absolute).scheme.lower()
    return absolute if scheme in ("http", "https") or (not scheme and not base) else None


def absolute_url(link: str | None, base: str | None) -> str | None:
    return _absolute(link, base)


# --- title --------------------------------------------------------------------------



def strip_site_name(title: str) -> str:
    """Remove site-name segments around a headline: "标题_币圈社群", "标题 - 新华网"."""
    parts = [part for part in _TITLE_SEPARATOR.split(title) if part.strip()]
    while len(parts) > 1 and _looks_like_site_name(parts[-1], parts[:-1]):
        parts.pop()
    while len(parts) > 1 and _looks_like_site_name(parts[0], parts[1:]):
        parts.pop(0)
    if len(parts) == 1:
        return _PAGE_NUMBER.sub("", parts[0]).strip() or parts[0].strip()
    # Several segments left: either a headline that itself contains a separator or
    # "headline | section | site". Keep the headline's own separators by cutting the
    # original string after the longest segment's end when it comes first.
    longest = max(parts, key=len)
    if longest == parts[0] and len(longest) >= 2 * sum(len(part) for part in parts[1:]):
        return longest.strip()
    end = title.find(parts[-1]) + len(parts[-1])
    return title[:end].strip()


# "powered by Discuz!": the software, always furniture; "(页 1)", "(第2页)": the page number.
_POWERED_BY = re.compile(r"^powered\s+by\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"\s*[(（]\s*(?:页\s*\d+|第\s*\d+\s*页)\s*[)）]\s*$")


def _looks_like_site_name(segment: str, rest: list[str]) -> bool:
    policy = current_policy()
    segment = segment.strip()
    if _POWERED_BY.match(segment):
        return True
    if len(segment) > policy.max_site_name_chars:
        return False
    rest_length = sum(len(part) for part in rest)
    return bool(_SITE_WORDS.search(segment)) or len(segment) * 2 <= rest_length


def choose_title(
    root: etree._Element, meta: DeclaredMetadata, lines: list[str] | tuple[str, ...] = ()
) -> tuple[str | None, etree._Element | None]:
    """The headline and the element that shows it in the page (used as an anchor).

    An <h1> (or a heading-ish element) that matches the <title>/og:title wins, because it
    is the headline exactly as shown, without the site name. Otherwise the part of the
    declared title the page prints as a line of its own (``lines``: the page's text
    lines), whatever separates it from the site name, channel or keywords; a declared
    title that only names the site (the home link's text) yields to the first heading;
    else the declared title with its site-name segments removed.
    """
    policy = current_policy()
    declared = [_without_keyword_list(text) for text in (meta.og_title, meta.headline, meta.head_title) if text]
    declared_squashed = [squash(text) for text in declared]
    best: tuple[float, str, etree._Element] | None = None
    candidates = list(root.iterfind(".//h1"))
    candidates += [el for el in root.iterfind(".//h2")] + [
        el for el in root.iterfind(".//*[@class]") if "title" in (el.get("class") or "").lower()
    ][:40]
    for position, element in enumerate(candidates):
        text = element_text(element)
        squashed = squash(text)
        if len(squashed) < 4 or len(text) > 200:
            continue
        match = max((_overlap(squashed, target) for target in declared_squashed), default=0.0)
        is_h1 = element.tag == "h1"
        if match >= policy.min_title_match or (is_h1 and not declared and position == 0):
            score = match + (policy.h1_title_bonus if is_h1 else 0.0)
            if best is None or score > best[0] + 1e-9:
                best = (score, text, element)
    if best is not None:
        text = best[1]
        # Some templates print the whole <title>, site name included, as the headline.
        if meta.head_title and squash(text) == squash(meta.head_title):
            text = strip_site_name(text)
        return text, best[2]
    printed_lines = {squash(line) for line in lines}
    for text in declared:
        if printed := _printed_part(text, printed_lines):
            return printed, None
    if declared and _names_the_site(declared[-1], root):
        for element in candidates:
            text = element_text(element)
            if len(squash(text)) >= 4 and len(text) <= 200 and squash(text) != squash(declared[-1]) and element.find(".//a") is None:
                return text, element
    for text in declared:
        cleaned = strip_site_name(text)
        if cleaned:
            return cleaned, None
    return None, None


# Where a declared title may be cut: separators, and spaces next to Chinese ("X新聞：标题",
# "标题 财经"); not the hyphen or space inside an English name ("China-Pub blog").
_TITLE_CUT = re.compile(
    r"\s*[_|｜»:：·]+\s*|\s+[-–—]+\s+|[-–—]{2,}|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])"
)


def _printed_part(title: str, printed_lines: set[str]) -> str | None:
    """The longest run of the declared title, cut at separators or spaces, that the page
    prints as a line of its own and that is longer than what it leaves on either side."""
    policy = current_policy()
    cuts = list(_TITLE_CUT.finditer(title))
    starts = [0, *(cut.end() for cut in cuts)]
    ends = [*(cut.start() for cut in cuts), len(title)]
    whole = squash(title)
    best: str | None = None
    for start in starts:
        for end in ends:
            if end <= start:
                continue
            part = title[start:end].strip()
            squashed = squash(part)
            if (
                len(squashed) >= policy.min_printed_headline
                and squashed != whole
                and squashed in printed_lines
                and len(squashed) >= max(len(squash(title[:start])), len(squash(title[end:])))
                and (best is None or len(part) > len(best))
            ):
                best = part
    return best


# " - 关键词一 , 关键词二 , 关键词三" after a headline: the page's keywords, not its title.
_KEYWORD_LIST = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*[^,，、_|｜]{1,10}(?:\s*[,，、]\s*[^,，、_|｜]{1,10}){2,}\s*[,，、]?\s*$")


def _without_keyword_list(title: str) -> str:
    return _KEYWORD_LIST.sub("", title) or title


def _names_the_site(title: str, root: etree._Element) -> bool:
    """Whether a declared title only names the site: it is the text (or logo alt) of a
    link to the site's home page."""
    target = squash(title)
    for link in root.iterfind(".//a[@href]"):
        href = link.get("href").strip()
        path = href.split("//", 1)[1].partition("/")[2] if "//" in href else href.lstrip("./")
        if path.split("?", 1)[0] not in ("", "index.html", "index.htm", "index.shtml", "index.php"):
            continue
        texts = [element_text(link), *(image.get("alt") or "" for image in link.iterfind(".//img"))]
        if any(squash(text) == target for text in texts if text):
            return True
    return False


def _overlap(candidate: str, target: str) -> float:
    """How well a visible heading matches a declared title (1.0 = contained in it)."""
    if not candidate or not target:
        return 0.0
    if candidate in target:
        return len(candidate) / max(len(target), 1) * 0.4 + 0.6
    common = sum(1 for char in set(candidate) if char in target)
    return common / len(set(candidate)) * 0.7
