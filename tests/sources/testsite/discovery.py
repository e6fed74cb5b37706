"""Pages a collector starts from: robots.txt, RSS and Atom feeds, a sitemap index with a
Google News sitemap, and a DedeCMS-style paginated list. Feeds and sitemaps carry absolute
URLs, so they are rendered per request with the server's base URL."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from html import escape

from .articles import ARTICLES, PRIVATE_PATH

RSS_PATHS = ("/gbk/a1.html", "/gb18030/a2.html", "/jsonld/a5.html", "/repost/a9.html")
# Feeds often tag their links; a collector must strip these to see a9 as one URL.
RSS_TRACKING_QUERY = {"/repost/a9.html": "?utm_source=feed&utm_medium=rss"}
ATOM_PATHS = ("/big5/a3.html", "/nometa/a6.html")
NEWS_SITEMAP_PATHS = ("/mislabelled/a4.html", "/seedlike/a7.html", "/news/2025/a8.html")
PAGES_SITEMAP_PATHS = ("/news/2025/a8.html", PRIVATE_PATH)

# Newest first, as a CMS lists them; page 1 is index.html, page N is index_N.html.
LIST_PAGES: dict[str, tuple[str, ...]] = {
    "/list/index.html": ("/news/2025/a8.html", "/seedlike/a7.html", "/nometa/a6.html"),
    "/list/index_2.html": ("/jsonld/a5.html", "/mislabelled/a4.html", "/big5/a3.html"),
    "/list/index_3.html": ("/gb18030/a2.html", "/gbk/a1.html"),
}
LIST_ARTICLE_PATTERN = r"/(gbk|gb18030|big5|mislabelled|jsonld|nometa|seedlike|news/2025)/a\d+\.html$"
LIST_ARTICLE_SELECTOR = ".list-box a.title"


def _xml_text(value: str) -> str:
    return escape(value, quote=False)


def _published(path: str) -> datetime:
    return datetime.fromisoformat(ARTICLES[path].published_at)


def robots_txt(base_url: str) -> str:
    return f"User-agent: *\nDisallow: /private/\n\nSitemap: {base_url}/sitemap.xml\n"


def rss_feed(base_url: str) -> str:
    items = []
    for path in RSS_PATHS:
        spec = ARTICLES[path]
        link = base_url + path + RSS_TRACKING_QUERY.get(path, "")
        items.append(
            f"<item><title>{_xml_text(spec.title)}</title><link>{_xml_text(link)}</link>"
            f'<guid isPermaLink="false">testsite{path}</guid>'
            f"<pubDate>{format_datetime(_published(path))}</pubDate>"
            f"<description>{_xml_text(spec.first_paragraph)}</description></item>"
        )
    newest = max(_published(path) for path in RSS_PATHS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>汇文测试站</title><link>{base_url}/</link><description>采集测试用的新闻源</description>"
        f"<language>zh-cn</language><lastBuildDate>{format_datetime(newest)}</lastBuildDate>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def atom_feed(base_url: str) -> str:
    entries = []
    for path in ATOM_PATHS:
        spec = ARTICLES[path]
        entries.append(
            f"<entry><title>{_xml_text(spec.title)}</title><link href=\"{base_url}{path}\"/>"
            f"<id>tag:testsite,2025:{path}</id><published>{spec.published_at}</published>"
            f"<updated>{spec.published_at}</updated><author><name>{_xml_text(spec.author)}</name></author>"
            f"<summary>{_xml_text(spec.first_paragraph)}</summary></entry>"
        )
    newest = max(ARTICLES[path].published_at for path in ATOM_PATHS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>汇文测试站（Atom）</title><id>tag:testsite,2025:atom</id><updated>{newest}</updated>'
        f'<link rel="self" href="{base_url}/atom.xml"/>' + "".join(entries) + "</feed>\n"
    )


def sitemap_index(base_url: str) -> str:
    maps = "".join(
        f"<sitemap><loc>{base_url}{path}</loc><lastmod>2025-08-07</lastmod></sitemap>"
        for path in ("/sitemap-news.xml", "/sitemap-pages.xml")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>\n'
    )


def news_sitemap(base_url: str) -> str:
    urls = "".join(
        f"<url><loc>{base_url}{path}</loc><news:news><news:publication><news:name>汇文测试站</news:name>"
        f"<news:language>zh-cn</news:language></news:publication>"
        f"<news:publication_date>{ARTICLES[path].published_at}</news:publication_date>"
        f"<news:title>{_xml_text(ARTICLES[path].title)}</news:title></news:news></url>"
        for path in NEWS_SITEMAP_PATHS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>\n'
    )


def pages_sitemap(base_url: str) -> str:
    urls = "".join(f"<url><loc>{base_url}{path}</loc><lastmod>2025-08-07</lastmod></url>" for path in PAGES_SITEMAP_PATHS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )


def _list_url(page_number: int) -> str:
    return "/list/index.html" if page_number == 1 else f"/list/index_{page_number}.html"


def list_page(path: str) -> str:
    """A DedeCMS list page: article links inside .list-box (each twice, thumbnail and
    title), surrounded by navigation, pagination and sidebar links that are not articles."""
    page_numbers = {_list_url(number): number for number in range(1, len(LIST_PAGES) + 1)}
    current = page_numbers[path]
    last = len(LIST_PAGES)
    items = "".join(
        f'<li><a class="thumb" href="{article}"><img src="/binary.jpg"></a>'
        f'<a class="title" href="{article}">{_xml_text(ARTICLES[article].title)}</a>'
        f'<span class="date">{ARTICLES[article].published_at[:10]}</span></li>'
        for article in LIST_PAGES[path]
    )
    pager = [f'<a href="{_list_url(1)}">首页</a>']
    if current > 1:
        pager.append(f'<a href="{_list_url(current - 1)}">上一页</a>')
    pager += [
        f'<span class="thisclass">{number}</span>' if number == current else f'<a href="{_list_url(number)}">{number}</a>'
        for number in range(1, last + 1)
    ]
    if current < last:
        pager.append(f'<a href="{_list_url(current + 1)}">下一页</a>')
    pager.append(f'<a href="{_list_url(last)}">末页</a><span class="pageinfo">共 {last} 页</span>')
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>新闻中心_第{current}页_汇文测试站</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/list/index.html">新闻中心</a><a href="/about.html">关于我们</a><a
 href="/contact.html">联系我们</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/list/index.html">新闻中心</a></div>
<div class="list-box"><ul>{items}</ul></div>
<div class="pagelist">{"".join(pager)}</div>
<div class="sidebar"><h3>热门推荐</h3><a href="/repost/a9.html">百年青石板路重新开放</a><a href="/tags/laojie.html">老街</a></div>
<div class="footer"><a href="/sitemap.xml">网站地图</a> <a href="/about.html">关于我们</a></div>
</body></html>"""
