"""A loopback news web site for collection (采集) tests: article pages in distinct layouts
and encodings, feeds, sitemaps, a paginated list, robots.txt and hostile routes.

    with start_test_site() as site:
        fetch(site.url("/feed.xml"))
        assert site.hits["/private/secret.html"] == 0

ARTICLES maps each article path to what a correct extraction returns.
"""

from .articles import ARTICLES, ArticleSpec
from .server import TestSite, start_test_site

__all__ = ["ARTICLES", "ArticleSpec", "TestSite", "start_test_site"]
