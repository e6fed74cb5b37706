"""The loopback test news site serves what its ARTICLES promise, so collection tests that
use it can trust their fixture."""

from __future__ import annotations

import json
import re
import struct
import threading
import time
import xml.etree.ElementTree as ElementTree
import zlib
from html.parser import HTMLParser

import httpx
import pytest
from testsite import ARTICLES, TestSite, start_test_site
from testsite.discovery import LIST_ARTICLE_PATTERN, LIST_PAGES
from testsite.hostile import BOMB_DECOMPRESSED_SIZE, MALFORMED_DEPTH
from testsite.server import SLOW_DELAY_SECONDS

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site():
    with start_test_site() as running:
        yield running


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=5) as http:
        yield http


# (declared Content-Type, codec that decodes the bytes)
ENCODINGS = {
    "/gbk/a1.html": ("text/html; charset=gbk", "gbk"),
    "/gb18030/a2.html": ("text/html", "gb18030"),
    "/big5/a3.html": ("text/html; charset=big5", "big5"),
    "/mislabelled/a4.html": ("text/html; charset=gb2312", "utf-8"),
    "/jsonld/a5.html": ("text/html; charset=utf-8", "utf-8"),
    "/nometa/a6.html": ("text/html; charset=utf-8", "utf-8"),
    "/seedlike/a7.html": ("text/html; charset=utf-8", "utf-8"),
    "/news/2025/a8.html": ("text/html; charset=utf-8", "utf-8"),
    "/repost/a9.html": ("text/html; charset=utf-8", "utf-8"),
}


def test_every_article_has_an_encoding_expectation():
    assert ENCODINGS.keys() == ARTICLES.keys()


@pytest.mark.parametrize("path", ARTICLES)
def test_article_page_carries_its_expected_text_and_junk(site, client, path):
    content_type, codec = ENCODINGS[path]
    spec = ARTICLES[path]
    response = client.get(site.url(path))
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    page = response.content.decode(codec)
    assert len(spec.paragraphs) >= 4 and sum(map(len, spec.paragraphs)) >= 300
    assert spec.title in page
    for text in spec.paragraphs:
        assert text in page
    for junk in spec.junk:
        assert junk in page, junk
        assert not any(junk in text for text in spec.paragraphs), junk


def test_gb18030_page_declares_no_charset_and_needs_gb18030(site, client):
    body = client.get(site.url("/gb18030/a2.html")).content
    assert b"charset" not in body.lower()
    assert "𠮷" in body.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gbk")


def test_declared_charsets_also_appear_in_meta(site, client):
    assert b'<meta charset="gbk">' in client.get(site.url("/gbk/a1.html")).content
    assert b"charset=big5" in client.get(site.url("/big5/a3.html")).content
    mislabelled = client.get(site.url("/mislabelled/a4.html")).content
    assert b"charset=gb2312" in mislabelled
    with pytest.raises(UnicodeDecodeError):
        mislabelled.decode("gb2312")


def test_jsonld_page_keeps_its_metadata_in_the_json_ld_block_only(site, client):
    spec = ARTICLES["/jsonld/a5.html"]
    page = client.get(site.url("/jsonld/a5.html")).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle" and data["headline"] == spec.title
    assert data["datePublished"] == spec.published_at
    assert " ".join(author["name"] for author in data["author"]) == spec.author
    visible = page.replace(block, "")
    assert re.search(r"20\d\d[-/年.]\d", visible) is None
    assert not any(name in visible for name in spec.author.split(" "))


def test_nometa_page_has_no_meta_tags(site, client):
    page = client.get(site.url("/nometa/a6.html")).text
    assert "<meta" not in page and "ld+json" not in page


def test_repost_shares_almost_every_paragraph_with_the_original(site, client):
    original, repost = ARTICLES["/gbk/a1.html"], ARTICLES["/repost/a9.html"]
    shared = set(original.paragraphs) & set(repost.paragraphs)
    assert len(shared) == len(original.paragraphs) - 1
    assert client.get(site.url("/repost/a9.html?utm_source=x")).status_code == 200


def test_robots_disallows_private_and_hits_are_counted(client):
    with start_test_site() as fresh:
        robots = client.get(fresh.url("/robots.txt")).text
        assert "User-agent: *\nDisallow: /private/\n" in robots
        assert fresh.hits["/private/secret.html"] == 0
        for _ in range(2):
            assert client.get(fresh.url("/private/secret.html?x=1")).status_code == 200
        assert fresh.hits["/private/secret.html"] == 2


def test_rss_feed_lists_its_articles_with_tracking_on_the_repost(site, client):
    root = ElementTree.fromstring(client.get(site.url("/feed.xml")).content)
    items = root.findall("./channel/item")
    links = [item.findtext("link") for item in items]
    assert links == [
        site.url("/gbk/a1.html"),
        site.url("/gb18030/a2.html"),
        site.url("/jsonld/a5.html"),
        site.url("/repost/a9.html?utm_source=feed&utm_medium=rss"),
    ]
    assert all(item.findtext("pubDate").endswith("+0800") for item in items)


def test_atom_feed_and_sitemaps(site, client):
    atom = ElementTree.fromstring(client.get(site.url("/atom.xml")).content)
    assert [link.get("href") for link in atom.iter(f"{ATOM}link") if link.get("rel") is None] == [
        site.url("/big5/a3.html"),
        site.url("/nometa/a6.html"),
    ]
    index = ElementTree.fromstring(client.get(site.url("/sitemap.xml")).content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    children = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert children == [site.url("/sitemap-news.xml"), site.url("/sitemap-pages.xml")]
    news = ElementTree.fromstring(client.get(children[0]).content)
    assert [entry.findtext(f"{NEWS}title") for entry in news.iter(f"{NEWS}news")] == [
        ARTICLES[path].title for path in ("/mislabelled/a4.html", "/seedlike/a7.html", "/news/2025/a8.html")
    ]
    assert news.find(f".//{NEWS}publication_date").text == ARTICLES["/mislabelled/a4.html"].published_at
    pages = ElementTree.fromstring(client.get(children[1]).content)
    assert [loc.text for loc in pages.iter(f"{SITEMAP}loc")] == [
        site.url("/news/2025/a8.html"),
        site.url("/private/secret.html"),
    ]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def test_list_pages_paginate_and_the_pattern_picks_only_articles(site, client):
    for path, articles in LIST_PAGES.items():
        response = client.get(site.url(path))
        assert response.status_code == 200
        parser = _Links()
        parser.feed(response.text)
        matched = list(dict.fromkeys(href for href in parser.hrefs if re.search(LIST_ARTICLE_PATTERN, href)))
        assert matched == list(articles)
        assert "/about.html" in parser.hrefs
    assert client.get(site.url("/list/index_4.html")).status_code == 404


def test_redirects(site, client):
    expected = {
        "/redirect/private-ip": "http://10.0.0.1/x.html",
        "/redirect/metadata": "http://169.254.169.254/latest/meta-data/",
        "/redirect/loopback-other-port": "http://127.0.0.1:1/",
        "/redirect/loop": "/redirect/loop",
        "/redirect/chain/3": "/redirect/chain/2",
        "/redirect/chain/0": "/news/2025/a8.html",
    }
    for path, location in expected.items():
        response = client.get(site.url(path))
        assert (response.status_code, response.headers["location"]) == (302, location)
    followed = client.get(site.url("/redirect/chain/3"), follow_redirects=True)
    assert str(followed.url) == site.url("/news/2025/a8.html") and len(followed.history) == 4


def test_bomb_is_small_on_the_wire_and_claims_a_gibibyte(site, client):
    with client.stream("GET", site.url("/bomb.html")) as response:
        assert response.headers["content-encoding"] == "gzip"
        compressed = b"".join(response.iter_raw())
    assert len(compressed) == int(response.headers["content-length"]) < 5 * 1024 * 1024
    assert struct.unpack("<I", compressed[-4:])[0] == BOMB_DECOMPRESSED_SIZE % 2**32
    # Inflate only a bounded prefix: the whole stream would take seconds and 1 GiB of output.
    prefix = zlib.decompressobj(31).decompress(compressed[:200_000], 64 * 1024 * 1024)
    assert len(prefix) == 64 * 1024 * 1024 and prefix.strip() == b""


def test_huge_page_streams_fifty_megabytes(site, client):
    with client.stream("GET", site.url("/huge.html")) as response:
        assert int(response.headers["content-length"]) >= 50_000_000
        received = sum(len(chunk) for chunk in response.iter_raw())
    assert received == int(response.headers["content-length"])


def test_slow_page_times_out_without_blocking_other_requests(site):
    outcome: list[type[Exception]] = []
    slow_hits = site.hits["/slow.html"]

    def fetch_slow() -> None:
        try:
            # Half the server's delay: the slow answer is still pending for a good while
            # after this gives up, whatever the machine's load.
            httpx.get(site.url("/slow.html"), timeout=SLOW_DELAY_SECONDS / 2)
        except httpx.ReadTimeout as error:
            outcome.append(type(error))

    slow = threading.Thread(target=fetch_slow)
    slow.start()
    while site.hits["/slow.html"] == slow_hits and slow.is_alive():
        time.sleep(0.01)  # until the server is holding the slow request
    assert httpx.get(site.url("/empty.html"), timeout=30).status_code == 200
    assert slow.is_alive() and outcome == []  # answered while the slow request was pending
    slow.join()
    assert outcome == [httpx.ReadTimeout]


def test_malformed_page_is_broken_in_every_promised_way(site, client):
    body = client.get(site.url("/malformed.html")).content
    assert b"\x00" in body and body.count(b"<div>") == MALFORMED_DEPTH
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_status_routes(site, client):
    empty = client.get(site.url("/empty.html"))
    assert (empty.status_code, empty.content) == (200, b"")
    assert client.get(site.url("/notfound.html")).status_code == 404
    assert [client.get(site.url("/error503.html")).status_code for _ in range(2)] == [503, 503]


def test_etag_page_answers_conditional_requests(site, client):
    first = client.get(site.url("/etag/a8.html"))
    assert first.status_code == 200 and first.content == client.get(site.url("/news/2025/a8.html")).content
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(site.url("/etag/a8.html"), headers={"If-None-Match": etag}).status_code == 304
    assert client.get(site.url("/etag/a8.html"), headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(site.url("/etag/a8.html"), headers={"If-Modified-Since": last_modified}).status_code == 304


def test_binary_is_a_few_kilobytes_of_jpeg(site, client):
    response = client.get(site.url("/binary.jpg"))
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8" and response.content[-2:] == b"\xff\xd9"
    assert 1024 < len(response.content) < 10 * 1024


def test_close_stops_the_server():
    site = start_test_site()
    assert isinstance(site, TestSite) and site.host == "127.0.0.1"
    assert site.base_url == f"http://127.0.0.1:{site.port}"
    site.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(site.url("/robots.txt"), timeout=1.0)
