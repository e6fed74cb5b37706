"""``{% load news_seo %}``: absolute URLs on the site's address, JSON-LD, feed links and
the hot lists with their sidebar. Everything here reads memory or the kept values of
``news.listings``; nothing queries on a repeated render."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from huiwen.news import listings
from huiwen.portal.fields import as_web_url
from huiwen.portal.templatetags.page_parts import render_included

register = template.Library()

# What json_script escapes: no "</script>", "<!--" or "&…;" can form inside the element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def absolute_url(path: str) -> str:
    """``path`` on ``HUIWEN_SITE_URL``: pages are published for that address, so their
    canonical and Open Graph URLs name it whatever host rendered them."""
    return settings.SITE_URL + path


@register.simple_tag
def canonical_url(article, rights=None) -> str:
    """The article's canonical URL: the original when its source's rights are not full
    text (``sources.rights``), else our own page."""
    if rights and rights.canonical:
        return rights.canonical
    return settings.SITE_URL + article.get_absolute_url()


@register.simple_tag
def lead_image(article) -> str:
    return as_web_url(article.lead_image_url) if article.lead_image_url else ""


def json_ld_data(article, *, site, canonical: str, tags=(), rights=None) -> dict:
    """The ``NewsArticle`` structured data of an article page."""
    site_ref = {"@type": "Organization", "name": site.site_name, "url": settings.SITE_URL + "/"}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at or article.published_at, article.published_at).isoformat(),
        "author": [{"@type": "Person", "name": article.author}] if article.author else [site_ref],
        "publisher": site_ref,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
    }
    image = as_web_url(article.lead_image_url) if article.lead_image_url else ""
    if image:
        data["image"] = [image]
    if article.summary and not (rights and rights.mode == "link"):  # link-only shows no text
        data["description"] = article.summary
    if article.category_id and article.category:
        data["articleSection"] = article.category.name
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = keywords
    return data


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, canonical: str, tags=(), rights=None) -> str:
    """``<script type="application/ld+json">`` built with ``json.dumps``, with ``<``, ``>``
    and ``&`` escaped as ``json_script`` does, so a title holding ``</script>`` stays text."""
    data = json_ld_data(article, site=context["site"], canonical=canonical, tags=tags, rights=rights)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


#: Articles in each hot list.
HOT_COUNT = 8


@register.simple_tag
def hot_list():
    return listings.hot(HOT_COUNT)


@register.simple_tag
def hot_window(days: int):
    return listings.hot_window(days, HOT_COUNT)


@register.simple_tag(takes_context=True)
def hot_sidebar(context) -> str:
    """The hot lists' sidebar, rendered once per language for as long as the lists hold."""
    return listings.hot_part(("news/_hot.html", get_language()), lambda: render_included(context, "news/_hot.html"))


@register.simple_tag
def feed_links(kind: str = "", key=None) -> list[tuple[str, str, str]]:
    """(MIME type, label, URL) of the feeds of the site, a category (slug) or a tag (id)."""
    if kind == "category":
        names, args = ("news:category_rss", "news:category_atom"), [key]
    elif kind == "tag":
        names, args = ("news:tag_rss", "news:tag_atom"), [key]
    else:
        names, args = ("news:rss", "news:atom"), []
    return [("application/rss+xml", "RSS", reverse(names[0], args=args)),
            ("application/atom+xml", "Atom", reverse(names[1], args=args))]
