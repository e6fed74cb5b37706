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
from django.urls import ResolverMatch, reverse
from django.utils import translation

from huiwen.news.models import Article, Category, Tag

__all__ = [
    "PUBLISHED_ROUTES", "all_pages", "article_pages", "front_pages", "hot_list_pages", "is_published",
    "other_language_prefixes", "pages_showing",
]

#: Routes whose 200 answers are published; nothing else ever becomes a file. Of a
#: listing only the first page is: later pages shift by one with every new article, so a
#: file of one would be stale at once; Django renders them (readers are on page 1).
PUBLISHED_ROUTES = frozenset({"news:home", "news:category", "news:tag", "news:article", "news:rss"})


def is_published(match: ResolverMatch | None) -> bool:
    """Whether the page a URL resolved to is one that lives as a file."""
    return match is not None and match.view_name in PUBLISHED_ROUTES and "number" not in match.kwargs


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
    """Pages every published change may show on: the first home page and the feed."""
    return [*_everywhere("news:home"), *_everywhere("news:rss")]


def hot_list_pages() -> list[str]:
    """The first home and category pages, where the hot list is looked at most."""
    paths = front_pages()
    for slug in Category.objects.values_list("slug", flat=True):
        paths += _everywhere("news:category", slug)
    return paths


def pages_showing(article_id: int, category_ids: Iterable[int | None], tag_ids: Iterable[int]) -> list[str]:
    """The article's own page and the first pages of every listing it is or was on."""
    paths = [*article_pages(article_id), *front_pages()]
    for slug in Category.objects.filter(pk__in=[pk for pk in category_ids if pk]).values_list("slug", flat=True):
        paths += _everywhere("news:category", slug)
    for tag_id in set(tag_ids):
        paths += _everywhere("news:tag", tag_id)
    return list(dict.fromkeys(paths))


def all_pages() -> Iterator[str]:
    """Every published page of the default language (articles and the first page of each
    listing) and the other languages' first home, category and feed pages; the most read
    first, so a rebuild makes what readers see now right soonest."""
    published = Article.objects.published()
    yield from hot_list_pages()
    for tag_id in Tag.objects.filter(articles__in=published).distinct().values_list("pk", flat=True):
        yield _in_default_language("news:tag", tag_id)
    for article_id in published.values_list("pk", flat=True).iterator(chunk_size=2000):
        yield _in_default_language("news:article", article_id)
