"""Exact view counting: once per reader visit, bots excluded, nothing lost.

Counting is a separate beacon request (see ``views.record_hit``), never a side effect of
rendering the article, so it keeps working when article pages come from a cache.

A script can make up visitor ids, so ids alone cannot bound what one client counts: each
article counts at most ``VIEW_MAX_PER_ADDRESS`` views per client address within the dedupe
window, and a beacon sent from another site's page counts nothing.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import crawleruseragents
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from huiwen.news.models import Article, DailyViews, ViewStamp

VISITOR_COOKIE = "hw_vid"


def new_visitor_id() -> str:
    return secrets.token_hex(16)


def is_valid_visitor_id(value: str | None) -> bool:
    return bool(value) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def is_bot(user_agent: str | None) -> bool:
    # An empty User-Agent is a script, not a reader's browser.
    return not user_agent or crawleruseragents.is_crawler(user_agent)


def is_cross_site(request: HttpRequest) -> bool:
    """Whether the beacon was sent by a page of another site (an ``<img>`` or a script
    there). Browsers say so in Sec-Fetch-Site; older ones in Origin or Referer. A request
    with none of them (a script, an old browser) is not cross-site by this test and is
    bounded by the per-address limit instead."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site != "same-origin"
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    return origin is not None and urlsplit(origin).netloc.lower() != request.get_host().lower()


def address_key(address: str) -> str:
    """A keyed hash of the client address, so stamps hold no readable address. IPv6 is
    taken by its /64: one subscriber is given a whole /64 to pick addresses from."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.version == 6:
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return salted_hmac("huiwen.news.counting.address", address).hexdigest()[:16]


def record_view(article_id: int, visitor: str, address: str) -> bool:
    """Count one view of ``article_id`` by ``visitor`` from client ``address`` unless it
    was counted recently, or that address already counted ``VIEW_MAX_PER_ADDRESS`` views
    of the article within the window.

    Returns whether the view was counted. The stamp update and the counter increment
    commit together; the unique (article, visitor) row decides races between
    concurrent requests of one visitor, and ``F() + 1`` makes concurrent increments
    from different visitors add up exactly. The address limit is exact on SQLite, whose
    writers take turns; on PostgreSQL concurrent requests may pass it by their number.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.VIEW_DEDUPE_SECONDS)
    key = address_key(address)
    with transaction.atomic():
        counted_from_address = ViewStamp.objects.filter(article_id=article_id, address=key, counted_at__gt=cutoff)
        if counted_from_address.count() >= settings.VIEW_MAX_PER_ADDRESS:
            return False
        renewed = ViewStamp.objects.filter(
            article_id=article_id, visitor=visitor, counted_at__lte=cutoff
        ).update(counted_at=now, address=key)
        if not renewed:
            try:
                with transaction.atomic():
                    ViewStamp.objects.create(article_id=article_id, visitor=visitor, address=key, counted_at=now)
            except IntegrityError:
                return False
        Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
        count_for_day(article_id, timezone.localdate(now))
    return True


def count_for_day(article_id: int, day) -> None:
    """``F() + 1`` on the article's row for ``day`` (created by the day's first view; a
    concurrent first view loses the insert and increments instead). Call it inside the
    transaction that counts the view, so both counts commit together."""
    if DailyViews.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            DailyViews.objects.create(article_id=article_id, day=day, views=1)
    except IntegrityError:
        DailyViews.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1)


def prune_view_stamps() -> int:
    """Delete stamps older than the dedupe window; they can no longer block a count."""
    cutoff = timezone.now() - timedelta(seconds=settings.VIEW_DEDUPE_SECONDS)
    deleted, _ = ViewStamp.objects.filter(counted_at__lte=cutoff).delete()
    return deleted
