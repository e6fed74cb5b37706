"""Which published pages show what: the URL paths a change makes stale.

Each page exists once per site language (Simplified Chinese unprefixed, English under
``/en/``), so what a change makes stale is given in all of them. A full rebuild writes
every page of the default language but only the front pages of the others: the rest of
those is published by its first reader (a miss), since a complete copy would double every
rebuild for the few who read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Q
from django.urls import ResolverMatch, reverse
from django.utils import translation

from huiwen.news import sitemaps
from huiwen.news.models import Article, Category, Tag, article_id_at

__all__ = [
    "PUBLISHED_ROUTES", "all_pages", "article_ids", "article_pages", "category_pages", "front_pages", "hot_list_pages", "is_published",
    "other_language_prefixes", "pages_showing", "tag_pages",
]

#: Routes whose 200 answers are published; nothing else ever becomes a file. Of a
#: listing only the first page is: later pages shift by one with every new article, so a
#: file of one would be stale at once; Django renders them (readers are on page 1).
PUBLISHED_ROUTES = frozenset({
    "news:home", "news:category", "news:tag", "news:article",
    # Feeds of the site, of each category and of each tag (RSS 2.0 and Atom).
    "news:rss", "news:atom", "news:category_rss", "news:category_atom", "news:tag_rss", "news:tag_atom",
    # In no language: robots.txt, the sitemap index and its parts (huiwen.news.sitemaps).
    "robots", "sitemap", "sitemap_sections", "sitemap_news", "sitemap_articles",
})


def is_published(match: ResolverMatch | None) -> bool:
    """Whether the page a URL resolved to is one that lives as a file."""
    return match is not None and match.view_name in PUBLISHED_ROUTES and "number" not in match.kwargs


def article_ids(paths: Iterable[str]) -> list[int]:
    """The articles whose pages are among ``paths``, in any language."""
    return [pk for pk in map(article_id_at, paths) if pk is not None]


def _everywhere(name: str, *args) -> list[str]:
    paths = []
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse(name, args=args))
    return paths


def _in_default_language(name: str, *args) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def other_language_prefixes() -> list[str]:
    """The URL prefixes (``/en/``) under which languages other than the default live."""
    return [prefix for prefix in _everywhere("news:home") if prefix != _in_default_language("news:home")]


def article_pages(article_id: int) -> list[str]:
    return _everywhere("news:article", article_id)


def front_pages() -> list[str]:
    """Pages every published change may show on: the first home page and the site's feeds."""
    return [*_everywhere("news:home"), *_everywhere("news:rss"), *_everywhere("news:atom")]


def category_pages(slug: str) -> list[str]:
    """A category's first listing page and its feeds."""
    return [*_everywhere("news:category", slug), *_everywhere("news:category_rss", slug),
            *_everywhere("news:category_atom", slug)]


def tag_pages(tag_id: int) -> list[str]:
    """A tag's first listing page and its feeds."""
    return [*_everywhere("news:tag", tag_id), *_everywhere("news:tag_rss", tag_id), *_everywhere("news:tag_atom", tag_id)]


def _neighbours(article_id: int) -> list[int]:
    """The articles before and after this one in its category: their previous/next links
    name it (or, once it is gone, must skip it)."""
    article = Article.objects.filter(pk=article_id).only("published_at", "category_id").first()
    if article is None or article.category_id is None:
        return []
    in_category = Article.objects.published().filter(category_id=article.category_id).exclude(pk=article_id)
    when = article.published_at
    before = (in_category.filter(Q(published_at__lt=when) | Q(published_at=when, pk__lt=article_id))
              .order_by("-published_at", "-id").values_list("pk", flat=True).first())
    after = (in_category.filter(Q(published_at__gt=when) | Q(published_at=when, pk__gt=article_id))
             .order_by("published_at", "id").values_list("pk", flat=True).first())
    return [pk for pk in (before, after) if pk is not None]


def hot_list_pages() -> list[str]:
    """The first home and category pages, where the hot list is looked at most."""
    paths = front_pages()
    for slug in Category.objects.values_list("slug", flat=True):
        paths += _everywhere("news:category", slug)
    # Articles leave the news sitemap by time alone, two days after publication.
    return [*paths, reverse("sitemap_news")]


def pages_showing(article_id: int, category_ids: Iterable[int | None], tag_ids: Iterable[int]) -> list[str]:
    """The article's own page, the first pages and feeds of every listing it is or was
    on, the sitemaps that list it, and its neighbours' pages (previous/next links)."""
    paths = [*article_pages(article_id), *front_pages()]
    for slug in Category.objects.filter(pk__in=[pk for pk in category_ids if pk]).values_list("slug", flat=True):
        paths += category_pages(slug)
    for tag_id in set(tag_ids):
        paths += tag_pages(tag_id)
    paths += sitemaps.part_paths(article_id)
    for neighbour in _neighbours(article_id):
        paths += article_pages(neighbour)
    return list(dict.fromkeys(paths))


def all_pages() -> Iterator[str]:
    """Every published page of the default language (articles and the first page of each
    listing) and the other languages' first home, category and feed pages; the most read
    first, so a rebuild makes what readers see now right soonest."""
    published = Article.objects.published()
    yield from hot_list_pages()
    yield reverse("robots")
    yield from sitemaps.sitemap_paths()
    for slug in Category.objects.values_list("slug", flat=True):
        yield _in_default_language("news:category_rss", slug)
        yield _in_default_language("news:category_atom", slug)
    for tag_id in Tag.objects.filter(articles__in=published).distinct().values_list("pk", flat=True):
        yield _in_default_language("news:tag", tag_id)
        yield _in_default_language("news:tag_rss", tag_id)
        yield _in_default_language("news:tag_atom", tag_id)
    for article_id in published.values_list("pk", flat=True).iterator(chunk_size=2000):
        yield _in_default_language("news:article", article_id)
