"""Feeds, sitemaps, robots.txt, canonical URLs, Open Graph and JSON-LD (issue 9 item 2):
what readers' programs and search engines read, published as files like every page."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from huiwen.news import sitemaps
from huiwen.news.models import Article, Category, Tag
from huiwen.portal.models import SiteSettings
from huiwen.publish._files import content_type, public_file

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def site(db):
    settings_row = SiteSettings.current()
    settings_row.site_name = "测试资讯"
    settings_row.tagline = "每日要闻"
    settings_row.save()
    return settings_row


@pytest.fixture
def tagged(site, make_article):
    """A published article with a tag and a lead image, plus one of each unpublished state."""
    tag = Tag.objects.create(name="城市更新")
    article = make_article(title="城东新区完成老旧小区改造", summary="改造提前完成。",
                           lead_image_url="https://img.example.com/lead.jpg")
    article.tags.add(tag)
    hidden = {
        "draft": make_article(title="草稿文章", status=Article.Status.DRAFT),
        "hidden": make_article(title="隐藏文章", status=Article.Status.HIDDEN),
        "removed": make_article(title="删除文章", status=Article.Status.REMOVED),
        "scheduled": make_article(title="定时文章", published_at=timezone.now() + timedelta(hours=1)),
    }
    for row in hidden.values():
        row.tags.add(tag)
    return article, tag, hidden


def parse_feed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return response, parsed


FEEDS = [
    ("/rss.xml", "application/rss+xml"), ("/atom.xml", "application/atom+xml"),
    ("/category/local/rss.xml", "application/rss+xml"), ("/category/local/atom.xml", "application/atom+xml"),
    ("/tags/{tag}/rss.xml", "application/rss+xml"), ("/tags/{tag}/atom.xml", "application/atom+xml"),
    ("/en/rss.xml", "application/rss+xml"), ("/en/category/local/atom.xml", "application/atom+xml"),
]


@pytest.mark.parametrize(("path", "mime"), FEEDS)
def test_feeds_parse_without_bozo_and_list_only_published_articles(client, tagged, path, mime):
    article, tag, _hidden = tagged
    response, parsed = parse_feed(client, path.format(tag=tag.pk))
    assert response["Content-Type"].startswith(mime)
    assert [entry.title for entry in parsed.entries] == [article.title]
    entry = parsed.entries[0]
    prefix = "/en" if path.startswith("/en/") else ""
    assert entry.link == f"http://testserver{prefix}/article/{article.pk}.html"
    assert entry.summary == "改造提前完成。"
    assert parsed.feed.link.startswith("http://testserver/")
    assert "测试资讯" in parsed.feed.title


def test_feeds_of_unknown_categories_and_tags_are_404(client, tagged):
    for path in ["/category/nope/rss.xml", "/category/nope/atom.xml", "/tags/999999/rss.xml", "/tags/999999/atom.xml"]:
        assert client.get(path).status_code == 404, path


def test_hostile_titles_keep_feeds_well_formed(client, site, make_article):
    make_article(title="标题</title><script>alert(1)</script>&amp;\x0b\x1f结束", summary="摘要 <b>粗体</b> & \x08")
    for path in ["/rss.xml", "/atom.xml", "/category/local/rss.xml"]:
        _response, parsed = parse_feed(client, path)
        assert parsed.entries[0].title == "标题</title><script>alert(1)</script>&amp;结束"


def alternates(page: str) -> dict[str, list[str]]:
    tree = lxml_html.document_fromstring(page)
    found: dict[str, list[str]] = {}
    for link in tree.xpath('//head/link[@rel="alternate"][@type]'):
        found.setdefault(link.get("type"), []).append(link.get("href"))
    return found


def test_pages_advertise_their_feeds(client, tagged):
    article, tag, _hidden = tagged
    home = alternates(client.get("/").content.decode())
    assert home == {"application/rss+xml": ["/rss.xml"], "application/atom+xml": ["/atom.xml"]}
    category = alternates(client.get("/category/local/").content.decode())
    assert category["application/rss+xml"] == ["/rss.xml", "/category/local/rss.xml"]
    assert category["application/atom+xml"] == ["/atom.xml", "/category/local/atom.xml"]
    tagged_page = alternates(client.get(f"/tags/{tag.pk}/").content.decode())
    assert f"/tags/{tag.pk}/rss.xml" in tagged_page["application/rss+xml"]
    assert f"/tags/{tag.pk}/atom.xml" in tagged_page["application/atom+xml"]
    english = alternates(client.get("/en/category/local/").content.decode())
    assert english["application/rss+xml"] == ["/en/rss.xml", "/en/category/local/rss.xml"]
    assert alternates(client.get(f"/article/{article.pk}.html").content.decode())["application/atom+xml"] == ["/atom.xml"]


# --- sitemaps and robots.txt ----------------------------------------------------------------


def sitemap_urls(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml; charset=utf-8", path
    tree = etree.fromstring(response.content)
    return [loc.text for loc in tree.iter(f"{SM}loc")]


def every_sitemap_url(client) -> tuple[list[str], list[str]]:
    parts = sitemap_urls(client, "/sitemap.xml")
    urls = []
    for part in parts:
        assert part.startswith("http://testserver/sitemap-")
        urls += sitemap_urls(client, part.removeprefix("http://testserver"))
    return parts, urls


def test_sitemap_lists_every_published_article_and_nothing_unpublished(client, tagged, monkeypatch, make_article):
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 3)
    article, _tag, hidden = tagged
    more = [make_article(title=f"更多文章{number}") for number in range(7)]
    published = [article, *more]
    parts, urls = every_sitemap_url(client)
    article_urls = [url for url in urls if "/article/" in url]
    assert sorted(article_urls) == sorted(f"http://testserver/article/{row.pk}.html" for row in published * 2)  # + news
    for row in hidden.values():
        assert f"/article/{row.pk}.html" not in "".join(urls)
    article_parts = [part for part in parts if "sitemap-articles-" in part]
    assert len(article_parts) >= 3
    for part in article_parts:
        assert 0 < len(sitemap_urls(client, part.removeprefix("http://testserver"))) <= 3
    assert "http://testserver/" in urls and "http://testserver/category/local/" in urls


def test_a_sitemap_part_without_published_articles_is_left_out(client, site, make_article, monkeypatch):
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    rows = [make_article(title=f"文章{number}") for number in range(6)]
    gone = [row for row in rows if sitemaps.article_part(row.pk) == sitemaps.article_part(rows[2].pk)]
    Article.objects.filter(pk__in=[row.pk for row in gone]).update(status=Article.Status.HIDDEN)
    parts, urls = every_sitemap_url(client)
    assert f"http://testserver/sitemap-articles-{sitemaps.article_part(rows[2].pk)}.xml" not in parts
    assert client.get(f"/sitemap-articles-{sitemaps.article_part(rows[2].pk)}.xml").status_code == 200  # empty, valid
    assert client.get("/sitemap-articles-0.xml").status_code == 404


def test_news_sitemap_holds_the_last_two_days_in_google_news_schema(client, site, make_article):
    fresh = make_article(title="新鲜 & <新闻>")
    old = make_article(title="旧闻", published_at=timezone.now() - timedelta(days=2, minutes=1))
    response = client.get("/sitemap-news.xml")
    tree = etree.fromstring(response.content)
    entries = tree.findall(f"{SM}url")
    assert [entry.findtext(f"{SM}loc") for entry in entries] == [f"http://testserver/article/{fresh.pk}.html"]
    news = entries[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "新鲜 & <新闻>"
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "测试资讯"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "zh-cn"
    assert news.findtext(f"{NEWS}publication_date").startswith(timezone.localtime(fresh.published_at).strftime("%Y-%m-%dT%H:%M"))
    assert f"/article/{old.pk}.html" not in response.content.decode()


def test_robots_txt_names_the_sitemap(client, db, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text and "Sitemap: http://testserver/sitemap.xml" in text
    for path in ["/admin/", "/go/", "/hit/", "/search/", "/en/search/"]:
        assert f"Disallow: {path}\n" in text
    assert client.get("/en/robots.txt").status_code == 404


# --- canonical, Open Graph, JSON-LD -------------------------------------------------------------


def head_meta(page: str) -> dict[str, str]:
    tree = lxml_html.document_fromstring(page)
    found = {meta.get("property") or meta.get("name"): meta.get("content") for meta in tree.xpath("//head/meta")}
    found["canonical"] = tree.xpath('//head/link[@rel="canonical"]/@href')[0]
    return found


def json_ld(page: str) -> dict:
    tree = lxml_html.document_fromstring(page)
    scripts = tree.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_canonical_and_open_graph_name_the_site_address(client, tagged, settings):
    settings.SITE_URL = "https://news.example.org"
    article, _tag, _hidden = tagged
    meta = head_meta(client.get(f"/article/{article.pk}.html").content.decode())
    assert meta["canonical"] == meta["og:url"] == f"https://news.example.org/article/{article.pk}.html"
    assert meta["og:type"] == "article" and meta["og:title"] == article.title
    assert meta["og:image"] == "https://img.example.com/lead.jpg"
    assert meta["og:site_name"] == "测试资讯" and meta["og:description"] == "改造提前完成。"
    assert meta["twitter:card"] == "summary_large_image"
    assert head_meta(client.get("/category/local/").content.decode())["canonical"] == "https://news.example.org/category/local/"
    assert head_meta(client.get("/").content.decode())["canonical"] == "https://news.example.org/"
    assert head_meta(client.get("/en/").content.decode())["canonical"] == "https://news.example.org/en/"


def test_a_lead_image_that_is_not_http_gives_no_og_image(client, site, make_article):
    article = make_article()
    with connection.cursor() as cursor:  # behind the field's back, as an old row could hold it
        cursor.execute('UPDATE "news_article" SET "lead_image_url" = %s WHERE id = %s', ["javascript:alert(1)", article.pk])
    page = client.get(f"/article/{article.pk}.html").content.decode()
    assert "og:image" not in head_meta(page) and "javascript:" not in page
    assert "image" not in json_ld(page)


def test_json_ld_names_the_article(client, tagged):
    article, _tag, _hidden = tagged
    article.refresh_from_db()
    data = json_ld(client.get(f"/article/{article.pk}.html").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.updated_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "林晓 周航"}]
    assert data["publisher"] == {"@type": "Organization", "name": "测试资讯", "url": "http://testserver/"}
    assert data["image"] == ["https://img.example.com/lead.jpg"]
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"http://testserver/article/{article.pk}.html"}
    assert data["keywords"] == ["城市更新"] and data["articleSection"] == "地方"


def test_json_ld_cannot_be_broken_out_of(client, site, make_article):
    title = '</script><script>alert("x")</script><!-- & "引号"'
    article = make_article(title=title, author="</SCRIPT>作者")
    page = client.get(f"/article/{article.pk}.html").content.decode()
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["headline"] == title and data["author"][0]["name"] == "</SCRIPT>作者"


# --- published as files ---------------------------------------------------------------------------


def test_publish_all_writes_feeds_sitemaps_and_robots_with_their_types(db, public_folder, tagged):
    article, tag, _hidden = tagged
    call_command("publish", all=True, verbosity=0)
    expected = {
        "/robots.txt": "text/plain; charset=utf-8",
        "/sitemap.xml": "application/xml; charset=utf-8",
        "/sitemap-pages.xml": "application/xml; charset=utf-8",
        "/sitemap-news.xml": "application/xml; charset=utf-8",
        f"/sitemap-articles-{sitemaps.article_part(article.pk)}.xml": "application/xml; charset=utf-8",
        "/rss.xml": "application/rss+xml; charset=utf-8",
        "/atom.xml": "application/atom+xml; charset=utf-8",
        "/en/atom.xml": "application/atom+xml; charset=utf-8",
        "/category/local/rss.xml": "application/rss+xml; charset=utf-8",
        "/category/local/atom.xml": "application/atom+xml; charset=utf-8",
        f"/tags/{tag.pk}/rss.xml": "application/rss+xml; charset=utf-8",
        f"/tags/{tag.pk}/atom.xml": "application/atom+xml; charset=utf-8",
    }
    for path, mime in expected.items():
        file = public_file(public_folder, path)
        assert file is not None and file.is_file(), path
        assert content_type(file) == mime, path
    assert "Sitemap: http://testserver/sitemap.xml" in public_file(public_folder, "/robots.txt").read_text()
    assert not feedparser.parse(public_file(public_folder, f"/tags/{tag.pk}/atom.xml").read_bytes()).bozo


def test_published_feeds_and_robots_are_served_with_their_types(client, db, public_folder, tagged):
    from huiwen.publish.serving import PublishedFiles

    call_command("publish", all=True, verbosity=0)
    front = PublishedFiles(lambda environ, start: (start("404 Not Found", []), [b"app"])[1], public_folder)
    for path, mime in [("/robots.txt", "text/plain; charset=utf-8"),
                       ("/category/local/rss.xml", "application/rss+xml; charset=utf-8"),
                       ("/category/local/atom.xml", "application/atom+xml; charset=utf-8"),
                       ("/sitemap-news.xml", "application/xml; charset=utf-8")]:
        seen = {}
        body = b"".join(front({"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": ""},
                              lambda status, headers: seen.update(status=status, headers=dict(headers))))  # noqa: B023 - called at once
        assert seen["status"] == "200 OK" and seen["headers"]["Content-Type"] == mime, path
        assert body == public_file(public_folder, path).read_bytes()


def published_text(root, path: str) -> str:
    file = public_file(root, path)
    return file.read_text(encoding="utf-8") if file.exists() else ""


def wait_until(predicate, what: str, seconds: float = 2.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    pytest.fail(f"{what} not within {seconds} s")


@pytest.mark.django_db(transaction=True)
def test_a_removed_article_leaves_sitemaps_and_feeds_within_two_seconds(public_folder, make_article):
    SiteSettings.current()
    tag = Tag.objects.create(name="城市更新")
    keep = make_article(title="留下的文章")
    gone = make_article(title="侵权文章")
    for row in (keep, gone):
        row.tags.add(tag)
    call_command("publish", all=True, verbosity=0)
    part = f"/sitemap-articles-{sitemaps.article_part(gone.pk)}.xml"
    files = ["/rss.xml", "/atom.xml", "/en/rss.xml", "/category/local/rss.xml", "/category/local/atom.xml",
             f"/tags/{tag.pk}/rss.xml", f"/tags/{tag.pk}/atom.xml", part, "/sitemap-news.xml"]
    marker = f"/article/{gone.pk}.html"
    for path in files:
        assert marker in published_text(public_folder, path), path

    gone.status = Article.Status.REMOVED
    gone.save()
    wait_until(lambda: all(marker not in published_text(public_folder, path) for path in files),
               "the removed article leaving every feed and sitemap")
    for path in files:  # and published again, without it
        assert f"/article/{keep.pk}.html" in published_text(public_folder, path), path


@pytest.mark.django_db(transaction=True)
def test_a_new_article_reaches_its_feeds_and_sitemaps(public_folder, make_article):
    SiteSettings.current()
    tech = Category.objects.create(slug="tech", name="科技")
    make_article(title="旧文章", category=tech)
    call_command("publish", all=True, verbosity=0)
    tag = Tag.objects.create(name="芯片")
    fresh = make_article(title="新文章", category=tech)
    fresh.tags.add(tag)
    marker = f"/article/{fresh.pk}.html"
    for path in ["/rss.xml", "/atom.xml", "/category/tech/rss.xml", "/category/tech/atom.xml", f"/tags/{tag.pk}/rss.xml",
                 "/sitemap-news.xml", f"/sitemap-articles-{sitemaps.article_part(fresh.pk)}.xml"]:
        assert marker in published_text(public_folder, path), path
