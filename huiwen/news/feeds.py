"""RSS 2.0 and Atom feeds of the whole site, of each category and of each tag.

Every link in a feed is absolute and made from ``settings.SITE_URL`` (feeds are
published as files rendered for that host, and read by programs far from the page that
linked them). Items carry the summary only, whatever the source's rights mode. Titles and
summaries lose the control characters XML 1.0 cannot hold, so a collected title with a
stray ``\\x0b`` costs that character, not the feed (Django refuses to write it).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language, gettext

from huiwen.news.models import Article, Category, Tag
from huiwen.portal import furniture

FEED_SIZE = 30

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def absolute(path: str) -> str:
    """``path`` on the site's canonical address (``HUIWEN_SITE_URL``)."""
    return settings.SITE_URL + path


def xml_text(value: str) -> str:
    return _XML_UNSAFE.sub("", value or "")


def feed_language() -> str:
    """The feed's language as RSS and Atom name it (``zh-cn`` rather than Django's ``zh-hans``)."""
    code = get_language() or settings.LANGUAGE_CODE
    return {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}.get(code, code)


class LatestArticles(Feed):
    """The newest published articles of the site (``/rss.xml``)."""

    feed_type = Rss201rev2Feed
    route = "news:rss"

    def get_object(self, request, *args, **kwargs):
        return None

    def _site(self):
        return furniture.current().site

    def title(self, obj=None):
        return xml_text(self._site().site_name)

    def link(self, obj=None):
        return absolute(self._listing_url(obj))

    def feed_url(self, obj=None):
        return absolute(self._feed_path(obj))

    def description(self, obj=None):
        return xml_text(self._site().tagline) or self.title(obj)

    def language(self, obj=None):
        return feed_language()

    def author_name(self, obj=None):
        return xml_text(self._site().site_name)

    def _listing_url(self, obj) -> str:
        return reverse("news:home")

    def _feed_path(self, obj) -> str:
        return reverse(self.route)

    def _articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return list(
            self._articles(obj).select_related("category")
            .only("id", "title", "summary", "published_at", "updated_at", "author", "category__name", "category__slug")
            [:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return xml_text(item.title)

    def item_description(self, item: Article) -> str:
        return xml_text(item.summary)

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Article) -> str:
        return xml_text(item.author)

    def item_categories(self, item: Article):
        return [xml_text(item.category.name)] if item.category else []


class LatestArticlesAtom(LatestArticles):
    """The same as Atom 1.0 (``/atom.xml``)."""

    feed_type = Atom1Feed
    route = "news:atom"

    def subtitle(self, obj=None):
        return self.description(obj)


class CategoryArticles(LatestArticles):
    """A category's newest articles (``/category/<slug>/rss.xml``)."""

    route = "news:category_rss"

    def get_object(self, request, slug: str):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category):
        return f"{xml_text(obj.name)}_{xml_text(self._site().site_name)}"

    def description(self, obj: Category):
        return gettext("%(site)s · %(name)s 栏目的最新文章") % {"site": xml_text(self._site().site_name), "name": xml_text(obj.name)}

    def _listing_url(self, obj: Category) -> str:
        return obj.get_absolute_url()

    def _feed_path(self, obj: Category) -> str:
        return reverse(self.route, args=[obj.slug])

    def _articles(self, obj: Category):
        return Article.objects.published().filter(category=obj)


class CategoryArticlesAtom(CategoryArticles):
    feed_type = Atom1Feed
    route = "news:category_atom"

    def subtitle(self, obj):
        return self.description(obj)


class TagArticles(LatestArticles):
    """A tag's newest articles (``/tags/<id>/rss.xml``)."""

    route = "news:tag_rss"

    def get_object(self, request, pk: int):
        return get_object_or_404(Tag, pk=pk)

    def title(self, obj: Tag):
        return f"#{xml_text(obj.name)}_{xml_text(self._site().site_name)}"

    def description(self, obj: Tag):
        return gettext("%(site)s · 标签 #%(name)s 的最新文章") % {"site": xml_text(self._site().site_name), "name": xml_text(obj.name)}

    def _listing_url(self, obj: Tag) -> str:
        return obj.get_absolute_url()

    def _feed_path(self, obj: Tag) -> str:
        return reverse(self.route, args=[obj.pk])

    def _articles(self, obj: Tag):
        return Article.objects.published().filter(tags=obj)


class TagArticlesAtom(TagArticles):
    feed_type = Atom1Feed
    route = "news:tag_atom"

    def subtitle(self, obj):
        return self.description(obj)
