"""One template function per imaginary site, each laying out an ArticleSpec with its own
markup, metadata, byline style, date format and encoding, surrounded by that site's chrome."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape

from . import chrome
from .articles import ARTICLES, PRIVATE_MEMO, PRIVATE_PATH, ArticleSpec
from .chrome import SiteChrome


@dataclass(frozen=True)
class ArticlePage:
    content_type: str
    body: bytes


def _text(value: str) -> str:
    return escape(value, quote=False)


def _published(spec: ArticleSpec) -> datetime:
    return datetime.fromisoformat(spec.published_at)


def _paragraphs(spec: ArticleSpec, opening: str = "<p>", indent: str = "") -> str:
    return "\n".join(f"{opening}{indent}{_text(text)}</p>" for text in spec.paragraphs)


def _nav(site: SiteChrome, css_class: str) -> str:
    links = "".join(f'<a href="/channel/{number}.html">{_text(label)}</a>' for number, label in enumerate(site.nav))
    return f'<div class="{css_class}"><a class="logo" href="/">{_text(site.name)}</a>{links}</div>'


def _related(site: SiteChrome, css_class: str) -> str:
    items = "".join(
        f'<li><a href="/related/{number}.html">{_text(title)}</a>'
        + (f'<span class="time">{date}</span>' if date else "")
        + "</li>"
        for number, (title, date) in enumerate(site.related)
    )
    return f'<div class="{css_class}"><h3>{_text(site.related_heading)}</h3><ul>{items}</ul></div>'


def _promos(site: SiteChrome, css_class: str) -> str:
    cards = "".join(
        f'<a class="card" href="/promo/{number}.html"><b>{_text(name)}</b><span>{_text(tagline)}</span></a>'
        for number, (name, tagline) in enumerate(site.promos)
    )
    return f'<div class="{css_class}">{cards}</div>'


def _qr(site: SiteChrome, css_class: str) -> str:
    return f'<div class="{css_class}"><img src="/binary.jpg" width="120" height="120"><p>{_text(site.qr_prompt)}</p></div>'


def _share(site: SiteChrome, css_class: str) -> str:
    return (
        f'<div class="{css_class}"><span>{_text(site.share_label)}</span>'
        '<a href="#wechat">微信</a><a href="#weibo">微博</a><a href="#qq">QQ</a></div>'
    )


def _comments(site: SiteChrome, css_class: str) -> str:
    return (
        f'<div class="{css_class}"><h3>{_text(site.comment_prompt)}</h3>'
        '<form action="/comment" method="post"><textarea name="body"></textarea><button>OK</button></form></div>'
    )


def _friend_links(site: SiteChrome) -> str:
    links = "".join(f'<a href="/friend/{number}.html">{_text(name)}</a>' for number, name in enumerate(site.friend_links))
    return f'<div class="links"><b>{_text(site.friend_links_label)}</b>{links}</div>'


def _footer(site: SiteChrome, css_class: str) -> str:
    return (
        f'<div class="{css_class}">{_friend_links(site)}'
        f"<p>{_text(site.notice)}</p><p>Copyright 2025 {_text(site.name)}</p></div>"
    )


def classic_portal(spec: ArticleSpec, site: SiteChrome) -> str:
    """An old CMS page declaring GBK: table-free but deeply nested, paragraphs indented
    with ideographic spaces, the editor in brackets after the body."""
    when = _published(spec).strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html><head><meta charset="gbk"><title>{_text(spec.title)}_{_text(site.name)}</title>
<meta name="keywords" content="鹭溪,老街,改造"><meta name="description" content="{_text(spec.first_paragraph[:60])}">
</head><body>
{_nav(site, "top-nav")}
<div class="w1000"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/channel/1.html">本地</a> &gt; 正文</div>
<div class="main-left">
<h1>{_text(spec.title)}</h1>
<div class="info">时间：{when}　来源：{_text(spec.source)}　作者：记者 {_text(spec.author)}</div>
{_share(site, "share")}
<div id="content">
{_paragraphs(spec, indent="　　")}
</div>
<div class="editor">（编辑：{_text(spec.editor)}）</div>
{_related(site, "related")}
{_comments(site, "comment")}
</div>
<div class="main-right">{_promos(site, "ad")}{_qr(site, "qrcode")}</div>
</div>
{_footer(site, "footer")}
</body></html>"""


def evening_paper(spec: ArticleSpec, site: SiteChrome) -> str:
    """A newspaper site whose pages never say their encoding, TRS-style body container."""
    when = _published(spec).strftime("%Y年%m月%d日 %H:%M")
    reporter, intern = spec.author.split(" ")
    return f"""<html><head><title>{_text(spec.title)} - {_text(site.name)}</title></head><body>
{_nav(site, "header")}
<div class="container"><div class="article">
<h2 class="art-title">{_text(spec.title)}</h2>
<div class="art-meta"><span>{when}</span> <span>来源：{_text(spec.source)}</span></div>
<div class="TRS_Editor">
<p>本报记者 {_text(reporter)} 实习生 {_text(intern)}</p>
{_paragraphs(spec)}
</div>
{_share(site, "share-box")}
</div>
<div class="aside">{_related(site, "side-related")}{_promos(site, "promo")}{_qr(site, "wx")}</div>
{_comments(site, "reply")}
</div>
{_footer(site, "foot")}
</body></html>"""


def traditional_portal(spec: ArticleSpec, site: SiteChrome) -> str:
    """A Traditional Chinese portal in Big5 with a Taiwanese-style dateline byline."""
    when = _published(spec).strftime("%Y/%m/%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="zh-Hant"><head><meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{_text(spec.title)} | {_text(site.name)}</title></head><body>
{_nav(site, "menu")}
<main><article class="story">
<h1>{_text(spec.title)}</h1>
<div class="story-meta"><time>{when}</time><span class="src">來源：{_text(spec.source)}</span></div>
{_share(site, "share-tools")}
<section class="story-body">
<p>記者{_text(spec.author)}／嵐港報導</p>
{_paragraphs(spec)}
<p class="editor">責任編輯：{_text(spec.editor)}</p>
</section>
</article>
{_related(site, "more-news")}{_promos(site, "sponsor")}{_qr(site, "follow")}{_comments(site, "comments")}
</main>
{_footer(site, "site-footer")}
</body></html>"""


def county_media(spec: ArticleSpec, site: SiteChrome) -> str:
    """A county media-centre page whose meta declares gb2312 although the bytes are UTF-8."""
    when = _published(spec).strftime("%Y-%m-%d %H:%M:%S")
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{_text(spec.title)}</title></head><body>
{_nav(site, "daohang")}
<div class="neirong">
<div class="biaoti">{_text(spec.title)}</div>
<div class="xinxi">发布时间：{when}　来源：{_text(spec.source)}　作者：{_text(spec.author)}</div>
<div class="zhengwen">
{_paragraphs(spec, opening='<p style="text-indent:2em">')}
</div>
{_share(site, "fenxiang")}
{_related(site, "xiangguan")}
</div>
{_promos(site, "guanggao")}{_qr(site, "erweima")}{_comments(site, "pinglun")}
{_footer(site, "dibu")}
</body></html>"""


def app_shell(spec: ArticleSpec, site: SiteChrome) -> str:
    """A news-app web view: the visible page has only a heading and the body; title, authors
    and date live solely in a JSON-LD NewsArticle block."""
    structured = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": spec.title,
        "author": [{"@type": "Person", "name": name} for name in spec.author.split(" ")],
        "datePublished": spec.published_at,
        "publisher": {"@type": "Organization", "name": site.name},
    }
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{_text(site.name)}</title>
<script type="application/ld+json">{json.dumps(structured, ensure_ascii=False)}</script>
</head><body>
{_nav(site, "tabbar")}
<div id="app"><div class="rich-media">
<h1 class="rich-media-title">{_text(spec.title)}</h1>
<div class="rich-media-content">
{_paragraphs(spec)}
</div></div>
{_promos(site, "open-app")}{_share(site, "share-sheet")}{_related(site, "feed-more")}{_comments(site, "cmt")}{_qr(site, "follow-qr")}
</div>
{_footer(site, "app-footer")}
</body></html>"""


def plain_blog(spec: ArticleSpec, site: SiteChrome) -> str:
    """A hand-rolled blog: no meta tags, no structured data, the date in a plain div."""
    published = _published(spec)
    when = f"{published.year}年{published.month}月{published.day}日 {published:%H:%M}"
    return f"""<html><head><title>{_text(spec.title)} - {_text(site.name)}</title></head><body>
{_nav(site, "menu")}
<div class="post">
<h1>{_text(spec.title)}</h1>
<div class="by">文/{_text(spec.author)}</div>
<div>{when}</div>
{_paragraphs(spec)}
</div>
{_share(site, "share")}{_qr(site, "qr")}{_related(site, "archive")}{_promos(site, "group")}{_comments(site, "guestbook")}
{_footer(site, "footer")}
</body></html>"""


def _centred_bold(text: str) -> str:
    return f'<p style="text-align: center;"><strong>{_text(text)}</strong></p>'


def crypto_repost(spec: ArticleSpec, site: SiteChrome) -> str:
    """A crypto-community repost: exchange promo cards, a 摘要 box, the byline as the first
    body paragraph, a bold centred subtitle, two-line bold centred headings, 编辑 at the end,
    then the copyright notice straight after the body and friend links in the footer."""
    when = _published(spec).strftime("%Y-%m-%d %H:%M")
    # Headings come in pairs ("一", "title"); each pair goes before every other paragraph block.
    heading_pairs = [spec.headings[index : index + 2] for index in range(0, len(spec.headings), 2)]
    sections = [spec.paragraphs[:1], spec.paragraphs[1:3], spec.paragraphs[3:]]
    body = [f"<p>□{_text(spec.author)}</p>", _centred_bold(spec.subtitle)]
    for number, paragraphs in enumerate(sections):
        if number:
            body.extend(_centred_bold(line) for line in heading_pairs[number - 1])
        body.extend(f"<p>{_text(text)}</p>" for text in paragraphs)
    body.append(f"<p>编辑:{_text(spec.editor)}</p>")
    body_html = "\n".join(body)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{_text(spec.title)}-{_text(site.name)}</title>
<meta name="description" content="{_text(spec.first_paragraph[:80])}"></head><body>
{_nav(site, "header-nav")}
{_promos(site, "exchange-cards")}
<div class="main"><div class="article-wrap">
<h1 class="article-title">{_text(spec.title)}</h1>
<div class="article-meta"><span>发布时间:{when}</span><span>阅读:1024</span></div>
<div class="summary"><strong>摘要:</strong>{_text(spec.first_paragraph[:50])}…</div>
<div class="article-content">
{body_html}
</div>
<div class="copyright">{_text(site.notice)}</div>
{_share(site, "share-bar")}
</div>
<div class="sidebar">{_related(site, "hot-list")}{_qr(site, "qr-box")}</div></div>
{_comments(site, "comment-box")}
<div class="footer">{_friend_links(site)}<p>Copyright 2025 {_text(site.name)}</p></div>
</body></html>"""


def modern_portal(spec: ArticleSpec, site: SiteChrome) -> str:
    """A current portal with Open Graph and article:published_time metadata."""
    when = _published(spec).strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{_text(spec.title)}_{_text(site.name)}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{_text(spec.title)}">
<meta property="article:published_time" content="{spec.published_at}">
<meta name="author" content="{_text(spec.author)}">
</head><body>
<header>{_nav(site, "site-nav")}</header>
<div class="layout"><article class="article">
<h1 class="article-title">{_text(spec.title)}</h1>
<div class="article-info"><span class="date">{when}</span><span class="source">来源：{_text(spec.source)}</span><span
 class="author">记者：{_text(spec.author)}</span></div>
<div class="article-body">
{_paragraphs(spec)}
</div>
<div class="article-editor">责任编辑：{_text(spec.editor)}</div>
{_share(site, "share-bar")}
</article>
<aside>{_promos(site, "subscribe")}{_qr(site, "qr")}{_related(site, "related")}</aside></div>
{_comments(site, "comment-area")}
<footer>{_footer(site, "footer")}</footer>
</body></html>"""


def aggregator(spec: ArticleSpec, site: SiteChrome, original_title: str) -> str:
    """A content aggregator reposting another paper's story under a new title."""
    when = _published(spec).strftime("%Y.%m.%d %H:%M")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{_text(spec.title)}</title>
<link rel="canonical" href="/repost/a9.html"></head><body>
{_nav(site, "channel-bar")}
<div class="detail">
<h1 class="detail-title">{_text(spec.title)}</h1>
<div class="detail-meta">{when} · 来源：{_text(spec.source)} · 作者：{_text(spec.author)}</div>
<div class="origin">原标题：{_text(original_title)}</div>
<div class="detail-text">
{_paragraphs(spec)}
</div>
<div class="detail-editor">责任编辑：{_text(spec.editor)}</div>
{_share(site, "share")}
</div>
{_related(site, "recommend")}{_promos(site, "app-banner")}{_qr(site, "qr")}{_comments(site, "hot-comments")}
{_footer(site, "footer")}
</body></html>"""


def _page(html: str, encoding: str, declared_charset: str | None) -> ArticlePage:
    # Strict encoding: a character the codec lacks is a bug in the page data, not something to hide.
    content_type = f"text/html; charset={declared_charset}" if declared_charset else "text/html"
    return ArticlePage(content_type, html.encode(encoding))


def _build_pages() -> dict[str, ArticlePage]:
    luxi = ARTICLES["/gbk/a1.html"]
    buses = ARTICLES["/news/2025/a8.html"]
    return {
        "/gbk/a1.html": _page(classic_portal(luxi, chrome.CHENGCHUAN_NEWS), "gbk", "gbk"),
        "/gb18030/a2.html": _page(evening_paper(ARTICLES["/gb18030/a2.html"], chrome.YUCHENG_EVENING), "gb18030", None),
        "/big5/a3.html": _page(traditional_portal(ARTICLES["/big5/a3.html"], chrome.LANGANG_NEWS), "big5", "big5"),
        "/mislabelled/a4.html": _page(county_media(ARTICLES["/mislabelled/a4.html"], chrome.SONGLING_MEDIA), "utf-8", "gb2312"),
        "/jsonld/a5.html": _page(app_shell(ARTICLES["/jsonld/a5.html"], chrome.XINGYUAN_APP), "utf-8", "utf-8"),
        "/nometa/a6.html": _page(plain_blog(ARTICLES["/nometa/a6.html"], chrome.YUNXI_LIFE), "utf-8", "utf-8"),
        "/seedlike/a7.html": _page(crypto_repost(ARTICLES["/seedlike/a7.html"], chrome.CRYPTO_REPOST), "utf-8", "utf-8"),
        "/news/2025/a8.html": _page(modern_portal(buses, chrome.NANYU_EVENING), "utf-8", "utf-8"),
        "/repost/a9.html": _page(
            aggregator(ARTICLES["/repost/a9.html"], chrome.BAIHUI_AGGREGATOR, luxi.title), "utf-8", "utf-8"
        ),
        PRIVATE_PATH: _page(modern_portal(PRIVATE_MEMO, chrome.NANYU_EVENING), "utf-8", "utf-8"),
    }


ARTICLE_PAGES: dict[str, ArticlePage] = _build_pages()
