"""What reader pages show about the whole archive, kept in each process between renders:
the hot list and each listing's number of articles (for "第 N / M 页").

Both would otherwise cost a scan of every published article per render (ordering by
views; counting for the paginator), which grows with the archive. Values are kept in a
``Memo`` of the ``articles`` generation (see ``huiwen.portal.generations``), which any
article save or delete, tag change or tag/category deletion bumps in every process.
They also expire by time:

- the hot list at the end of the current ``HUIWEN_HOT_REFRESH_SECONDS`` period (300 s),
  periods counted from the epoch, so every process changes its list at the same moments
  and the publisher, re-publishing the pages that show it on that period, shows the new
  one. View counts change with no signal (the beacon updates a counter), so this period
  is how often they reach the list;
- page counts after ``HUIWEN_FURNITURE_SECONDS`` (60 s), for writes that send no signal
  (the admin's bulk publish/unpublish is an ``update()``; call :func:`articles_changed`
  after such a write to make it visible at once);
- both when the next scheduled article goes live (``published_at`` in the future), which
  happens by time alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Case, F, FloatField, Min, QuerySet, Sum, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from huiwen.news.models import Article, Category, DailyViews, Tag
from huiwen.portal.generations import Generation, Memo

__all__ = ["articles_changed", "generation", "hot", "hot_part", "hot_window", "page_count", "window_scores"]

generation = Generation("articles")
#: Values one process keeps: a count per listing (route and arguments) holds one per
#: category and tag a reader or crawler has paged through, which grows with the site.
#: A dropped count is one COUNT query again.
KEPT = 5000
_memo = Memo(generation, size=KEPT)


def articles_changed() -> None:
    """Call after changing articles without model signals (``QuerySet.update``)."""
    generation.bump()


def hot(count: int) -> tuple[Article, ...]:
    """The ``count`` most read published articles (id and title only)."""
    return _memo.get(("hot", count), lambda now: _load_hot(now, count))


def page_count(key: Hashable, queryset: QuerySet) -> int:
    """How many articles the listing ``key`` holds; ``queryset`` counts them when needed."""
    return _memo.get(("count", key), lambda now: (queryset.count(), _ttl_end(now)))


def _load_hot(now: datetime, count: int) -> tuple[tuple[Article, ...], datetime]:
    # Walks the (status, -view_count, -published_at) index in order and stops after a
    # few rows: the cost does not depend on the size of the archive. The "published_at
    # <= now" test is made here, not in SQL: given that range, SQLite (without ANALYZE
    # statistics, as usual) prefers the (status, -published_at) index and sorts every
    # published article by views instead. Scheduled articles are rare, so the first
    # batch nearly always holds enough.
    in_view_order = (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .order_by("-view_count", "-published_at")
        .only("id", "title", "published_at")
    )
    batch = count + 8
    while True:
        rows = list(in_view_order[:batch])
        public = [article for article in rows if article.published_at <= now]
        if len(public) >= count or len(rows) < batch:
            break
        batch *= 4
    return tuple(public[:count]), _hot_period_end(now)


def hot_window(days: int, count: int) -> tuple[Article, ...]:
    """The ``count`` published articles most read over the last ``days`` × 24 hours,
    from the per-day counts (``DailyViews``), kept like :func:`hot`."""
    return _memo.get(("hot-window", days, count), lambda now: _load_hot_window(now, days, count))


def window_weights(now: datetime, days: int) -> tuple[date, float]:
    """The oldest day a ``days`` × 24 h window ending ``now`` touches, and the share of it
    inside the window. Counts are per day, so the window is the last ``days`` days, today
    included, plus the day before them weighted by the part of it still within 24 h × days
    of now (views spread evenly over a day, the usual sliding-window estimate): at 06:00
    the 24-hour list is today's views plus three quarters of yesterday's."""
    local = timezone.localtime(now)
    today = local.date()
    midnight = timezone.make_aware(datetime.combine(today, time()), local.tzinfo)
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time()), local.tzinfo)
    elapsed = (local - midnight) / (tomorrow - midnight)
    return today - timedelta(days=days), max(0.0, min(1.0, 1.0 - elapsed))


def window_scores(now: datetime, days: int) -> QuerySet:
    """Rows of ``article_id`` and ``score`` (views in the ``days`` × 24 h window ending
    ``now``, see :func:`window_weights`), most read first; any status."""
    edge, edge_share = window_weights(now, days)
    return (
        DailyViews.objects.filter(day__gte=edge).values("article_id")
        .annotate(score=Sum(Case(When(day=edge, then=F("views") * Value(edge_share)),
                                 default=F("views") * Value(1.0), output_field=FloatField())))
        .filter(score__gt=0).order_by("-score", "-article_id")
    )


def _load_hot_window(now: datetime, days: int, count: int) -> tuple[tuple[Article, ...], datetime]:
    scores = window_scores(now, days)
    batch, public = count + 8, []
    while True:
        ranked = list(scores.values_list("article_id", "score")[:batch])
        found = (Article.objects.filter(pk__in=[pk for pk, _score in ranked], status=Article.Status.PUBLISHED)
                 .only("id", "title", "published_at").in_bulk())
        public = [found[pk] for pk, _score in ranked if pk in found and found[pk].published_at <= now]
        if len(public) >= count or len(ranked) < batch:
            break
        batch *= 4
    return tuple(public[:count]), _hot_period_end(now)


def hot_part(key: Hashable, render: Callable[[], str]) -> str:
    """A rendered piece of page showing only the hot lists (the sidebar), kept as long as
    they are: every page shows the same sidebar, and its ~40 links were a quarter of a
    page's render."""
    return _memo.get(("part", key), lambda now: (render(), _hot_period_end(now)))


def _hot_period_end(now: datetime) -> datetime:
    """When the hot lists computed ``now`` change by time alone."""
    period = settings.HOT_REFRESH_SECONDS
    if period > 0:
        epoch = now.timestamp()
        period_end = datetime.fromtimestamp(epoch - epoch % period + period, tz=UTC)
    else:
        period_end = now
    return min(period_end, _next_publication(now))


def _ttl_end(now: datetime) -> datetime:
    return min(now + timedelta(seconds=settings.FURNITURE_SECONDS), _next_publication(now))


def _next_publication(_now: datetime) -> datetime:
    """When the next scheduled article goes live (or far away when none is scheduled)."""
    return _memo.get("next-publication", _load_next_publication)


def _load_next_publication(now: datetime) -> tuple[datetime, datetime]:
    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).aggregate(
        next=Min("published_at")
    )["next"]
    expires = now + timedelta(seconds=settings.FURNITURE_SECONDS)
    if upcoming is None:
        return expires + timedelta(days=3650), expires
    return upcoming, min(upcoming, expires)


def _tags_changed(action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        generation.bump_on_change(**kwargs)


def _article_saved(instance: Article, created: bool = False, **kwargs) -> None:
    # A new draft is on no reader page (collection creates them by the thousand).
    if not created or instance.status == Article.Status.PUBLISHED:
        generation.bump_on_change(**kwargs)


post_save.connect(_article_saved, sender=Article, weak=False, dispatch_uid="listings-article-saved")
for _signal, _sender in [(post_delete, Article), (post_delete, Tag), (post_delete, Category)]:
    _signal.connect(generation.bump_on_change, sender=_sender, weak=False,
                    dispatch_uid=f"listings-{_sender.__name__}-{id(_signal)}")
m2m_changed.connect(_tags_changed, sender=Article.tags.through, weak=False, dispatch_uid="listings-article-tags")
