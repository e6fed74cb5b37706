"""Exact view counting: once per reader visit, bots excluded, nothing lost.

Counting is a separate beacon request (see ``views.record_hit``), never a side effect of
rendering the article, so it keeps working when article pages come from a cache.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import crawleruseragents
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from huiwen.news.models import Article, ViewStamp

VISITOR_COOKIE = "hw_vid"


def new_visitor_id() -> str:
    return secrets.token_hex(16)


def is_valid_visitor_id(value: str | None) -> bool:
    return bool(value) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def is_bot(user_agent: str | None) -> bool:
    # An empty User-Agent is a script, not a reader's browser.
    return not user_agent or crawleruseragents.is_crawler(user_agent)


def record_view(article_id: int, visitor: str) -> bool:
    """Count one view of ``article_id`` by ``visitor`` unless it was counted recently.

    Returns whether the view was counted. The stamp update and the counter increment
    commit together; the unique (article, visitor) row decides races between
    concurrent requests of one visitor, and ``F() + 1`` makes concurrent increments
    from different visitors add up exactly.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.VIEW_DEDUPE_SECONDS)
    with transaction.atomic():
        renewed = ViewStamp.objects.filter(
            article_id=article_id, visitor=visitor, counted_at__lte=cutoff
        ).update(counted_at=now)
        if not renewed:
            try:
                with transaction.atomic():
                    ViewStamp.objects.create(article_id=article_id, visitor=visitor, counted_at=now)
            except IntegrityError:
                return False
        Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
    return True


def prune_view_stamps() -> int:
    """Delete stamps older than the dedupe window; they can no longer block a count."""
    cutoff = timezone.now() - timedelta(seconds=settings.VIEW_DEDUPE_SECONDS)
    deleted, _ = ViewStamp.objects.filter(counted_at__lte=cutoff).delete()
    return deleted
