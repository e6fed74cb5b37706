"""nginx gives every published feed, sitemap part and robots.txt its own type (issue 9
item 2), and passes /go/ (promo clicks) to the application, never to a file."""

from __future__ import annotations

import pytest
from test_nginx import publish, stack  # noqa: F401  (the fixture: nginx over a folder, a stand-in upstream)

XML = b'<?xml version="1.0" encoding="utf-8"?><x/>'


@pytest.mark.parametrize(("relative", "content_type"), [
    ("category/tech/rss.xml", "application/rss+xml; charset=utf-8"),
    ("category/tech/atom.xml", "application/atom+xml; charset=utf-8"),
    ("en/category/tech/rss.xml", "application/rss+xml; charset=utf-8"),
    ("tags/7/rss.xml", "application/rss+xml; charset=utf-8"),
    ("en/tags/7/atom.xml", "application/atom+xml; charset=utf-8"),
    ("sitemap-news.xml", "application/xml; charset=utf-8"),
    ("sitemap-articles-3.xml", "application/xml; charset=utf-8"),
    ("robots.txt", "text/plain; charset=utf-8"),
])
def test_published_feeds_sitemaps_and_robots_carry_their_types(stack, relative, content_type):  # noqa: F811
    data_dir, client, upstream = stack
    publish(data_dir / "public", relative, b"User-agent: *\n" if relative.endswith(".txt") else XML)
    response = client.get(f"/{relative}")
    assert response.status_code == 200 and response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "no-cache"
    assert upstream.seen == []


def test_missing_feeds_and_go_reach_the_application(stack):  # noqa: F811
    data_dir, client, upstream = stack
    publish(data_dir / "public", "go/okx/index.html", b"stale")  # a stray file must never answer
    for url in ("/category/tech/rss.xml", "/tags/9/atom.xml", "/sitemap-articles-9.xml", "/go/okx/", "/hit/promos/"):
        response = client.get(url)
        assert response.text == f"app GET {url}", url
    assert client.post("/hit/promos/", content=b"cards=okx").text == "app POST /hit/promos/"
