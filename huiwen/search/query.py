"""``search()``: one query function over whichever engine the database has.

Ranking is BM25 (FTS5) or ``ts_rank`` (PostgreSQL) blended with recency, within the
newest ``SEARCH_CANDIDATES`` matches: each candidate scores

    RELEVANCE_WEIGHT × relevance / best relevance in the set
    + (1 − RELEVANCE_WEIGHT) × 2^(−age in days / SEARCH_HALF_LIFE_DAYS)

Ranking every match instead costs time in proportion to how common the words are (a
word in most of a million articles: seconds); the set keeps a query's cost bounded
whatever it asks, and a news reader looking for a common word wants recent articles.
The count is exact below the bound and shown as "more than N" at it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.conf import settings
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import SafeString

from huiwen.news.models import Article, Category, Tag
from huiwen.search.backends import backend
from huiwen.search.highlight import snippet
from huiwen.search.text import query_tokens

__all__ = ["PAGE_SIZE", "Hit", "SearchPage", "search"]

PAGE_SIZE = 10
RELEVANCE_WEIGHT = 0.7
_SNIPPET_BODY_CHARS = 4000


@dataclass
class Hit:
    article: Article
    snippet: SafeString
    score: float


@dataclass
class SearchPage:
    query: str
    tokens: list[str]
    number: int = 1
    count: int = 0
    #: True when the matches reached the candidate bound: ``count`` is a lower bound.
    count_capped: bool = False
    hits: list[Hit] = field(default_factory=list)
    page_size: int = PAGE_SIZE
    seconds: float = 0.0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def _pk(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, (Category, Tag)):
        return value.pk
    return int(value)


def _moment(value, *, end: bool) -> datetime | None:
    """A date means the whole day in the site's time zone."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        moment = timezone.make_aware(datetime.combine(day, dtime.min))
        return moment - timedelta(microseconds=1) if end else moment
    raise TypeError(f"since/until must be a date or datetime, not {type(value).__name__}")


def search(query: str, *, category=None, tag=None, since=None, until=None, page: int = 1) -> SearchPage:
    """Published articles matching every word of ``query``, best first, ``PAGE_SIZE`` a
    page. ``category`` and ``tag`` are model instances or ids; ``since`` and ``until``
    dates (whole days, the site's time zone) or aware datetimes."""
    started = time.perf_counter()
    tokens = query_tokens(query or "")
    result = SearchPage(query=query or "", tokens=tokens, number=max(1, int(page)))
    if not tokens:
        return result
    now = timezone.now()
    until_moment = _moment(until, end=True)
    until_moment = now if until_moment is None or until_moment > now else until_moment
    limit = int(getattr(settings, "SEARCH_CANDIDATES", 1000))
    engine = backend()
    found = engine.candidates(
        tokens,
        category_id=_pk(category),
        tag_id=_pk(tag),
        since=_moment(since, end=False),
        until=until_moment,
        limit=limit,
    )
    result.count = len(found)
    result.count_capped = len(found) >= limit
    if not found:
        result.seconds = time.perf_counter() - started
        return result
    best = max(c.relevance for c in found) or 1.0
    half_life = float(getattr(settings, "SEARCH_HALF_LIFE_DAYS", 30)) * 86400
    now_ts = now.timestamp()
    weight, fade = RELEVANCE_WEIGHT / best, 1 - RELEVANCE_WEIGHT
    scored = sorted(
        (
            (weight * relevance + fade * 2 ** (-max(0.0, now_ts - timestamp) / half_life), timestamp, key)
            for key, timestamp, relevance in found
        ),
        reverse=True,
    )
    result.number = min(result.number, result.num_pages)
    start = (result.number - 1) * PAGE_SIZE
    chosen = scored[start:start + PAGE_SIZE]
    ids = engine.article_ids([key for _score, _ts, key in chosen])
    # Fetched by primary key alone (with the publication filter in SQL, SQLite may read
    # the listing index through every published article instead), then checked to be
    # public again here: the index never shows what is not.
    articles = (
        Article.objects.filter(pk__in=list(ids.values()))
        .select_related("category")
        .only("id", "title", "summary", "status", "published_at", "category__slug", "category__name")
        .annotate(body_start=Substr("body_text", 1, _SNIPPET_BODY_CHARS))
        .order_by()
        .in_bulk()
    )
    for score, _ts, key in chosen:
        article = articles.get(ids.get(key))
        if article is None or article.status != Article.Status.PUBLISHED or article.published_at > now:
            continue
        result.hits.append(Hit(article, snippet([article.summary, article.body_start, article.title], tokens), score))
    result.seconds = time.perf_counter() - started
    return result
