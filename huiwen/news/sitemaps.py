"""``/sitemap.xml`` and its parts, the Google News sitemap, and ``/robots.txt``.

``/sitemap.xml`` is always a sitemap index (as WordPress's ``wp-sitemap.xml`` is): one
part for the home and category pages, one Google News part (articles of the last two
days, at most 1,000), and the articles in parts by id — part *k* holds the published
articles whose ids lie in ``[(k-1)·PAGE_SIZE, k·PAGE_SIZE)`` (10,000), so no part lists
more than the protocol's 50,000 URLs, a part's content changes only when one of its own
articles does (an article change republishes the index, the news part and its own part,
nothing else), and a part is read on the primary key alone, however large the archive.
Parts whose range holds no published article are left out of the index.

All are published as files (``huiwen.publish.pages``), with absolute URLs made from
``settings.SITE_URL``, in the default language only: the English pages carry the same
articles and stay reachable from each page's language switcher.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from huiwen.news.models import Article, Category
from huiwen.portal import furniture

__all__ = ["PAGE_SIZE", "article_part", "part_paths", "sitemap_paths"]

#: Article ids per sitemap part. The protocol allows 50,000 URLs in one file; a part is
#: rendered again whenever one of its articles changes, and 10,000 rows render in ~0.1 s
#: where 50,000 took ~0.5 s, while a million articles still make only 100 parts.
PAGE_SIZE = 10_000
#: The Google News sitemap: articles published within this window, at most NEWS_LIMIT.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000

_XML = "application/xml; charset=utf-8"
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_UNSAFE.sub("", value or ""))


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _w3c(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def article_part(article_id: int) -> int:
    """The sitemap part that lists ``article_id``."""
    return article_id // PAGE_SIZE + 1


def _in_default_language(name: str, *args) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def part_paths(article_id: int) -> list[str]:
    """What an article's change makes stale among the sitemaps: the index (its parts may
    come or go), the news part and the article's own part."""
    return [reverse("sitemap"), reverse("sitemap_news"), reverse("sitemap_articles", args=[article_part(article_id)])]


def sitemap_paths() -> list[str]:
    """Every sitemap file: the index and each part it lists."""
    return [reverse("sitemap"), *_parts()]


def _parts() -> list[str]:
    published = Article.objects.published()
    newest = published.order_by("-pk").values_list("pk", flat=True).first()
    paths = [reverse("sitemap_sections"), reverse("sitemap_news")]
    if newest is None:
        return paths
    for part in range(1, article_part(newest) + 1):
        low = (part - 1) * PAGE_SIZE
        if published.filter(pk__gte=low, pk__lt=low + PAGE_SIZE).exists():
            paths.append(reverse("sitemap_articles", args=[part]))
    return paths


def _xml(body: str) -> HttpResponse:
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type=_XML)


def sitemap_index(request: HttpRequest) -> HttpResponse:
    entries = "".join(f"<sitemap><loc>{_text(_absolute(path))}</loc></sitemap>\n" for path in _parts())
    return _xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n')


def _urlset(rows: str, *, news: bool = False) -> HttpResponse:
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if news:
        namespaces += ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    return _xml(f"<urlset {namespaces}>\n{rows}</urlset>\n")


def _split_article_path() -> tuple[str, str]:
    """The article URL's text before and after its id."""
    marker = 987654321
    before, after = _in_default_language("news:article", marker).split(str(marker), 1)
    return before, after


def _article_path_maker():
    """``reverse`` once: 50,000 reverses of one pattern cost a second."""
    marker = 987654321
    template = _in_default_language("news:article", marker)
    before, after = template.split(str(marker), 1)
    return lambda pk: f"{before}{pk}{after}"


def sitemap_sections(request: HttpRequest) -> HttpResponse:
    paths = [_in_default_language("news:home")]
    paths += [_in_default_language("news:category", slug) for slug in Category.objects.values_list("slug", flat=True)]
    return _urlset("".join(f"<url><loc>{_text(_absolute(path))}</loc><changefreq>hourly</changefreq></url>\n" for path in paths))


def sitemap_articles(request: HttpRequest, part: int) -> HttpResponse:
    if part < 1:
        raise Http404("no such sitemap part")
    low = (part - 1) * PAGE_SIZE
    # One formatted prefix and suffix around each id, times in UTC (W3C allows any
    # offset): per-row escaping and time zone conversion were most of a part's render.
    before, after = _split_article_path()
    head, tail = f"<url><loc>{_text(_absolute(before))}", f"{_text(after)}</loc><lastmod>"
    rows = (
        Article.objects.published().filter(pk__gte=low, pk__lt=low + PAGE_SIZE)
        .order_by("pk").values_list("pk", "published_at", "updated_at")
    )
    body = "".join(
        f"{head}{pk}{tail}{max(published, updated).astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod></url>\n"
        for pk, published, updated in rows.iterator(chunk_size=5000)
    )
    return _urlset(body)


def news_language() -> str:
    """The publication's language as Google News wants it (ISO 639; zh-cn / zh-tw for Chinese)."""
    code = settings.LANGUAGE_CODE
    return {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}.get(code, code.split("-")[0])


def sitemap_news(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = (
        Article.objects.published().filter(published_at__gte=now - NEWS_WINDOW)
        .order_by("-published_at", "-id").values_list("pk", "title", "published_at")[:NEWS_LIMIT]
    )
    path_of = _article_path_maker()
    publication = (
        f"<news:publication><news:name>{_text(furniture.current().site.site_name)}</news:name>"
        f"<news:language>{_text(news_language())}</news:language></news:publication>"
    )
    body = "".join(
        f"<url><loc>{_text(_absolute(path_of(pk)))}</loc><news:news>{publication}"
        f"<news:publication_date>{_w3c(published)}</news:publication_date>"
        f"<news:title>{_text(title)}</news:title></news:news></url>\n"
        for pk, title, published in rows
    )
    return _urlset(body, news=True)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every reader page; live routes and the search page (endless
    combinations of queries) are not for them. Names the sitemap index."""
    disallowed = ["/admin/", "/preview/", "/hit/", "/go/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            disallowed.append(reverse("search:search"))
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in dict.fromkeys(disallowed)), "",
             f"Sitemap: {_absolute(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
