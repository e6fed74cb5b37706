"""Discovery of article URLs from sources, pure Python (no Django, no network).

Each function takes bytes a fetcher already got (a feed, a sitemap, a list page, a WARC
file) and returns the article links in it; :func:`read_page` turns one page's bytes into
an enriched article, and :class:`PageReader` does that within a hard time and memory
budget. :mod:`huiwen.sources` schedules, fetches and stores. Keeping discovery pure makes
every source kind testable on plain bytes.
"""

from huiwen.collect._reading import (
    MAX_ARTICLE_CHARS,
    NotAnArticle,
    OverBudget,
    PageReader,
    PendingRead,
    ReadingBudget,
    read_page,
)
from huiwen.collect.discover import (
    DiscoveredLink,
    SitemapLinks,
    links_from_feed,
    links_from_list_page,
    links_from_sitemap,
    list_page_urls,
)
from huiwen.collect.files import LocalDocument, documents_from_path, documents_from_warc
from huiwen.collect.overrides import FieldOverrides, apply_overrides
from huiwen.collect.urls import canonical_url, url_key

__all__ = [
    "MAX_ARTICLE_CHARS",
    "DiscoveredLink",
    "FieldOverrides",
    "LocalDocument",
    "NotAnArticle",
    "OverBudget",
    "PageReader",
    "PendingRead",
    "ReadingBudget",
    "SitemapLinks",
    "apply_overrides",
    "canonical_url",
    "documents_from_path",
    "documents_from_warc",
    "links_from_feed",
    "links_from_list_page",
    "links_from_sitemap",
    "list_page_urls",
    "read_page",
    "url_key",
]
