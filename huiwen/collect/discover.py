"""Article links from feeds, sitemaps and list pages."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

# A list page is a page of links; anything bigger than this is not one.
_MAX_LIST_PAGE_BYTES = 5 * 1024 * 1024
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True)
class DiscoveredLink:
    url: str
    title: str = ""
    published_at: datetime | None = None


@dataclass
class SitemapLinks:
    pages: list[DiscoveredLink] = field(default_factory=list)
    #: Child sitemaps named by a sitemap index, to be fetched in turn.
    sitemaps: list[str] = field(default_factory=list)


def _is_web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def links_from_feed(content: bytes, base_url: str) -> list[DiscoveredLink]:
    """Entries of an RSS or Atom feed (feedparser copes with the malformed ones)."""
    # Handed a stream, never bytes: feedparser opens a bytes or str argument that looks
    # like a path or URL, so a feed answering "/etc/passwd" would read that server file.
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": base_url})
    links = []
    for entry in parsed.entries:
        href = entry.get("link") or next((link.get("href") for link in entry.get("links", []) if link.get("href")), "")
        url = urljoin(base_url, href) if href else ""
        if not _is_web_url(url):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime(*stamp[:6], tzinfo=UTC) if stamp else None
        links.append(DiscoveredLink(url=url, title=entry.get("title", "").strip(), published_at=published))
    return links


def _parse_w3c_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def links_from_sitemap(content: bytes, base_url: str) -> SitemapLinks:
    """Pages of a urlset (news sitemaps included) or the children of a sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError:
        return SitemapLinks()
    found = SitemapLinks()
    if root is None:
        return found
    for element in root.iter(f"{_SITEMAP_NS}sitemap", "sitemap"):
        loc = element.findtext(f"{_SITEMAP_NS}loc") or element.findtext("loc")
        if loc and _is_web_url(urljoin(base_url, loc.strip())):
            found.sitemaps.append(urljoin(base_url, loc.strip()))
    for element in root.iter(f"{_SITEMAP_NS}url", "url"):
        loc = element.findtext(f"{_SITEMAP_NS}loc") or element.findtext("loc")
        if not loc or not _is_web_url(urljoin(base_url, loc.strip())):
            continue
        news = element.find(f"{_NEWS_NS}news")
        published = _parse_w3c_datetime(
            (news.findtext(f"{_NEWS_NS}publication_date") if news is not None else None)
            or element.findtext(f"{_SITEMAP_NS}lastmod")
        )
        title = (news.findtext(f"{_NEWS_NS}title") or "").strip() if news is not None else ""
        found.pages.append(DiscoveredLink(url=urljoin(base_url, loc.strip()), title=title, published_at=published))
    return found


def links_from_list_page(
    html: str, base_url: str, *, link_selector: str = "", link_regex: str = ""
) -> list[DiscoveredLink]:
    """Links of a list page that match the source's rule, in page order, each once.

    ``link_selector`` is a CSS selector for the ``<a>`` elements (like a DedeCMS list
    rule's area); ``link_regex`` is matched against the absolute URL. Both may be given.
    """
    if not html.strip() or len(html) > _MAX_LIST_PAGE_BYTES:
        return []
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    anchors = root.cssselect(link_selector) if link_selector else root.iter("a")
    pattern = re.compile(link_regex) if link_regex else None
    seen: set[str] = set()
    links = []
    for anchor in anchors:
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if not _is_web_url(url) or url in seen or (pattern and not pattern.search(url)):
            continue
        seen.add(url)
        links.append(DiscoveredLink(url=url, title=" ".join(anchor.text_content().split())))
    return links


def list_page_urls(first_page: str, page_template: str, max_pages: int) -> list[str]:
    """The list pages to read: the first page, then ``page_template`` with ``{page}`` =
    2, 3, … (DedeCMS-style lists name page 1 differently from the rest)."""
    urls = [first_page]
    if page_template and "{page}" in page_template:
        urls.extend(page_template.replace("{page}", str(number)) for number in range(2, max_pages + 1))
    return urls
