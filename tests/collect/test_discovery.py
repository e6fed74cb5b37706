"""Discovery on plain bytes: feeds, sitemaps, list pages, canonical URLs, files, WARCs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastwarc.warc import WarcRecord, WarcRecordType

from huiwen.collect import (
    FieldOverrides,
    apply_overrides,
    canonical_url,
    documents_from_path,
    documents_from_warc,
    links_from_feed,
    links_from_list_page,
    links_from_sitemap,
    list_page_urls,
    url_key,
)
from huiwen.collect.overrides import InvalidRule, compile_rule
from huiwen.extract import extract

BASE = "https://news.example.com/"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://News.Example.COM:80/a/1.html?utm_source=wx&b=2&a=1#top", "http://news.example.com/a/1.html?a=1&b=2"),
        ("https://news.example.com:443/a?spm=1.2.3&id=9&from=timeline", "https://news.example.com/a?id=9"),
        ("https://news.example.com:8443/a", "https://news.example.com:8443/a"),
        ("http://[2001:DB8::1]:8080/x?fbclid=abc", "http://[2001:db8::1]:8080/x"),
        ("https://news.example.com", "https://news.example.com/"),
    ],
)
def test_canonical_url_drops_tracking_and_spelling_differences(raw, canonical):
    assert canonical_url(raw) == canonical


def test_url_key_is_the_same_for_equivalent_urls():
    assert url_key("https://a.example.com/x.html?utm_medium=rss") == url_key("HTTPS://A.example.com/x.html")
    assert url_key("https://a.example.com/x.html?id=1") != url_key("https://a.example.com/x.html?id=2")


def test_feed_entries_become_absolute_links_with_dates():
    rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试</title>
    <item><title>第一条</title><link>/news/1.html</link><pubDate>Tue, 04 Nov 2025 08:00:00 +0800</pubDate></item>
    <item><title>坏链接</title><link>javascript:alert(1)</link></item>
    <item><title>第二条</title><link>https://other.example.org/2.html</link></item>
    </channel></rss>""".encode()
    links = links_from_feed(rss, BASE)
    assert [link.url for link in links] == ["https://news.example.com/news/1.html", "https://other.example.org/2.html"]
    assert links[0].title == "第一条" and links[0].published_at.isoformat() == "2025-11-04T00:00:00+00:00"
    assert links_from_feed(b"\x00\xffnot a feed at all", BASE) == []


def _feed_file(tmp_path: Path) -> Path:
    """A valid feed on the collecting machine, as a server file would be."""
    feed = tmp_path / "server-file.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>本机文件</title>'
        "<item><title>不该读到</title><link>https://leak.example.com/secret.html</link></item>"
        '</channel></rss><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://leak.example.com/secret.html</loc></url></urlset>",
        encoding="utf-8",
    )
    return feed


@pytest.mark.parametrize("spelling", ["{path}", "{path}\n", "file://{path}"])
def test_a_fetched_body_that_names_a_local_file_is_parsed_as_itself(tmp_path: Path, spelling):
    """A feed answering with a path must not make the parser open that server file."""
    body = spelling.format(path=_feed_file(tmp_path)).encode()
    assert links_from_feed(body, BASE) == []
    found = links_from_sitemap(body, BASE)
    assert found.pages == [] and found.sitemaps == []
    assert links_from_list_page(body.decode(), BASE) == []


def test_sitemap_index_and_news_sitemap():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.example.com/sitemap-news.xml</loc></sitemap></sitemapindex>"""
    assert links_from_sitemap(index, BASE).sitemaps == ["https://news.example.com/sitemap-news.xml"]
    news = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://news.example.com/a.html</loc><news:news><news:publication_date>2025-10-01T09:30:00+08:00</news:publication_date>
      <news:title>秋收进度过半</news:title></news:news></url>
      <url><loc>https://news.example.com/b.html</loc><lastmod>2025-09-30</lastmod></url></urlset>""".encode()
    pages = links_from_sitemap(news, BASE).pages
    assert [(p.url, p.title) for p in pages] == [("https://news.example.com/a.html", "秋收进度过半"), ("https://news.example.com/b.html", "")]
    assert pages[0].published_at.isoformat() == "2025-10-01T09:30:00+08:00"


def test_sitemap_does_not_expand_entities():
    billion_laughs = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">
      <!ENTITY ext SYSTEM "file:///etc/passwd">]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://news.example.com/&lol2;&ext;</loc></url></urlset>"""
    for page in links_from_sitemap(billion_laughs, BASE).pages:
        assert "root:" not in page.url and "lollol" not in page.url


def test_list_page_links_by_selector_or_regex():
    html = """<html><body><div class="nav"><a href="/about.html">关于</a></div>
      <ul class="list-box"><li><a class="title" href="/news/2025/a1.html">文章一</a></li>
      <li><a class="title" href="news/2025/a2.html#c">文章二</a></li><li><a class="title" href="/news/2025/a1.html">重复</a></li></ul>
      <a href="/list/index_2.html">下一页</a></body></html>"""
    by_css = links_from_list_page(html, "https://s.example.com/list/", link_selector=".list-box a.title")
    assert [link.url for link in by_css] == ["https://s.example.com/news/2025/a1.html", "https://s.example.com/list/news/2025/a2.html"]
    by_regex = links_from_list_page(html, "https://s.example.com/list/", link_regex=r"/news/2025/a\d+\.html$")
    assert [link.title for link in by_regex] == ["文章一", "文章二"]


def test_list_page_urls_follow_dedecms_pagination():
    assert list_page_urls("https://s.example.com/list/index.html", "https://s.example.com/list/index_{page}.html", 3) == [
        "https://s.example.com/list/index.html", "https://s.example.com/list/index_2.html", "https://s.example.com/list/index_3.html"]
    assert list_page_urls("https://s.example.com/list/", "", 5) == ["https://s.example.com/list/"]


def test_documents_from_a_folder(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_bytes("<p>乙</p>".encode("gbk"))
    (tmp_path / "a.htm").write_text("<p>甲</p>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("不是网页")
    documents = list(documents_from_path(tmp_path))
    assert [Path(d.url.removeprefix("file://")).name for d in documents] == ["a.htm", "b.html"]


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    for url, http in records:
        record = WarcRecord()
        record.init_headers(record_type=WarcRecordType.response)
        record.headers["WARC-Target-URI"] = url
        record.headers["Content-Type"] = "application/http; msgtype=response"
        record.set_bytes_content(http)
        record.write(buffer)
    return buffer.getvalue()


def test_documents_from_a_warc(tmp_path: Path):
    page = "<html><head><title>档案</title></head><body><p>归档的正文。</p></body></html>".encode("gbk")
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(_warc([
        ("https://a.example.com/1.html", b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\n\r\n" + page),
        ("https://a.example.com/2.html", b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nmissing"),
        ("https://a.example.com/logo.png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
    ]))
    first, missing, image = documents_from_warc(archive)
    assert first.url == "https://a.example.com/1.html" and first.declared_charset == "gbk"
    assert first.content.decode("gbk").count("归档的正文") == 1 and not first.problem
    assert "404" in missing.problem and "image/png" in image.problem


def test_field_overrides_replace_only_what_they_select():
    html = """<html><head><title>错的标题_某站</title></head><body>
      <div class="t">真正的标题</div><span class="who">作者:韩梅</span><em class="when">2025年3月2日 10:20</em>
      <div class="story"><p>第一段,讲述了真正的正文内容,而且足够长,足以成为一段正文。</p><p>第二段,继续讲述事情的经过和结果。</p></div>
      <div class="junk"><p>广告:本站所有文章仅供参考,广告内容与本站无关。</p></div></body></html>"""
    automatic = extract(html, url="https://x.example.com/a.html")
    rules = FieldOverrides(title=".t", author="//span[@class='who']", published_at=".when", body="div.story")
    corrected = apply_overrides(automatic, html, "https://x.example.com/a.html", rules)
    assert corrected.title == "真正的标题" and corrected.author == "韩梅"
    assert corrected.published_at.isoformat() == "2025-03-02T10:20:00+08:00"
    assert [b.text[:3] for b in corrected.blocks] == ["第一段", "第二段"]
    assert apply_overrides(automatic, html, None, FieldOverrides()) is automatic


@pytest.mark.parametrize("rule", ["div[", "//div[", "(//a"])
def test_invalid_rules_say_what_is_wrong(rule):
    with pytest.raises(InvalidRule, match="not a valid"):
        compile_rule(rule)
