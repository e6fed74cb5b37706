"""The search page: dynamic (a query string), never published as a file."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huiwen.news.models import Category, Tag
from huiwen.search.query import SearchPage, search

_MAX_PAGE = 1000


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(request: HttpRequest, name: str, limit: int = 1000) -> str:
    # Django decodes the query string with errors replaced, so no lone surrogate or
    # undecodable byte gets this far; control characters (NUL, which PostgreSQL refuses
    # in any text parameter) are dropped before the value reaches a query.
    return _CONTROLS.sub(" ", request.GET.get(name, "")[:limit]).strip()


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _number(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else 1


def search_page(request: HttpRequest) -> HttpResponse:
    query = _text(request, "q", 10_000)
    category = Category.objects.filter(slug=_text(request, "category", 60)).first() if _text(request, "category", 60) else None
    tag_value = _text(request, "tag", 12)
    tag = Tag.objects.filter(pk=int(tag_value)).first() if tag_value.isascii() and tag_value.isdigit() else None
    since, until = _date(_text(request, "since", 12)), _date(_text(request, "until", 12))
    number = min(_number(_text(request, "page", 8)), _MAX_PAGE)
    if since and until and since > until:
        since, until = until, since
    page = (
        search(query, category=category, tag=tag, since=since, until=until, page=number)
        if query
        else SearchPage(query="", tokens=[])
    )
    kept = {"q": query, "category": category.slug if category else "", "tag": tag.pk if tag else "",
            "since": since.isoformat() if since else "", "until": until.isoformat() if until else ""}
    base = "?" + urlencode({k: v for k, v in kept.items() if v != ""})
    response = render(
        request,
        "search/search.html",
        {
            "query": query,
            "page": page,
            "filter_category": category,
            "filter_tag": tag,
            "since": since,
            "until": until,
            "page_base": base,
            "without_tag": "?" + urlencode({k: v for k, v in kept.items() if v != "" and k != "tag"}),
        },
    )
    # Results change with every article; engines should not index search pages.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-cache"
    return response
