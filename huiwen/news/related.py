"""What an article page shows around the article: its tags and republishing rights,
related articles, the previous and next article of its category, and the other sources
that reported the same story.

- **Related**: first the articles of its near-duplicate cluster — those sharing a MinHash
  LSH band with it (``sources.SignatureBand``: the same story retold, below the threshold
  at which dedupe would have linked it as a repost) — then the articles sharing the most
  tags with it (tags are the keywords collection extracts), newer first among equals.
  Tag candidates are the newest ``TAG_CANDIDATES`` articles carrying any of its tags, so
  a tag on 100k articles costs no more than a rare one.
- **Previous / next** in the article's category, by publication time.
- **Also reported by**: reposts dedupe linked to this article (``sources.Page`` rows with
  outcome ``duplicate``) from sources other than the one it was collected from, one link
  per source to the repost's original URL (http(s) only).

Computing them takes a handful of indexed queries, for one article or for a whole batch
of them (``preload``, which a rebuild calls); the result is kept per article in a
bounded memo of the ``articles`` generation (``news.listings``), so a repeated render
costs none and any article save drops it. A repost linked to an article bumps that
generation too and republishes the article's page (the receiver below).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_save

from huiwen.news.listings import generation
from huiwen.news.models import Article, Tag
from huiwen.portal.fields import as_web_url
from huiwen.portal.generations import Memo

if TYPE_CHECKING:
    from huiwen.sources.rights import Rights

__all__ = ["Extras", "Report", "extras", "preload"]

RELATED_COUNT = 6
TAG_CANDIDATES = 400
CLUSTER_CANDIDATES = 20
REPORTS_SHOWN = 12
#: Articles whose extras one process keeps (a full rebuild renders every article once).
KEPT = 2000


@dataclass(frozen=True)
class Report:
    source_name: str
    url: str


@dataclass(frozen=True)
class Extras:
    tags: tuple[Tag, ...]
    #: How much of the article the site may show (None: written here, shown in full).
    rights: Rights | None
    related: tuple[Article, ...]
    previous: Article | None
    next: Article | None
    #: Other sources that carried the story (each once), and how many there were.
    also_reported: tuple[Report, ...]
    reported_count: int


_memo = Memo(generation, size=KEPT)


def extras(article: Article) -> Extras:
    """What the page of ``article`` shows around it (kept per process)."""
    if article.pk is None:
        return Extras((), None, (), None, None, (), 0)
    key = ("extras", article.pk)
    return _memo.get_many([key], lambda _missing, now: _load([article], now))[key]


def preload(article_ids: Iterable[int]) -> None:
    """Compute and keep the extras of many articles in a few queries for all: a rebuild
    renders article pages one after another, and one at a time each cost about seven
    queries (most of a rebuilt page's time)."""

    def load(missing: list, now: datetime) -> tuple[dict, datetime]:
        articles = Article.objects.filter(pk__in=[pk for _kind, pk in missing]).only(
            "id", "category_id", "published_at", "author", "source_name", "source_url")
        return _load(list(articles), now)

    _memo.get_many([("extras", pk) for pk in article_ids], load)


def _titles(queryset):
    return queryset.only("id", "title", "published_at", "category_id")


def _load(articles: list[Article], now: datetime) -> tuple[dict, datetime]:
    from huiwen.sources.rights import rights_of

    ids = [article.pk for article in articles]
    tags = _tags_of(ids)
    cluster = _clusters_of(ids)
    by_tags = {article.pk: _sharing_tags(article.pk, tags[article.pk], now) for article in articles}
    wanted = {pk: list(dict.fromkeys([*cluster[pk], *by_tags[pk]])) for pk in ids}
    # By primary key alone, publication checked here: with the status and date in the
    # query SQLite walked the publication index over every published article (~10 ms
    # at 100k) instead of looking the few ids up.
    found = {
        candidate.pk: candidate
        for candidate in Article.objects.filter(pk__in={pk for chosen in wanted.values() for pk in chosen})
        .only("id", "title", "published_at", "category_id", "status")
        if candidate.status == Article.Status.PUBLISHED and candidate.published_at <= now
    }
    neighbours = _neighbours(articles, now)
    created_by, reports = _pages_of(ids)
    loaded = {}
    for article in articles:
        related = [found[pk] for pk in wanted[article.pk] if pk in found][:RELATED_COUNT]
        previous, following = neighbours.get(article.pk, (None, None))
        others = reports[article.pk]
        loaded[("extras", article.pk)] = Extras(
            tuple(tags[article.pk]), rights_of(article, created_by.get(article.pk)), tuple(related),
            previous, following, tuple(others[:REPORTS_SHOWN]), len(others),
        )
    return loaded, now + timedelta(seconds=settings.FURNITURE_SECONDS)


def _tags_of(ids: list[int]) -> dict[int, list[Tag]]:
    tags: dict[int, list[Tag]] = {pk: [] for pk in ids}
    rows = Article.tags.through.objects.filter(article_id__in=ids).select_related("tag").order_by("tag__name", "tag_id")
    for row in rows:
        tags[row.article_id].append(row.tag)
    return tags


def _clusters_of(ids: list[int]) -> dict[int, list[int]]:
    """The near-duplicate cluster: articles sharing an LSH band with each one."""
    # Imported here: the sources app's models import this app's.
    from huiwen.sources.models import SignatureBand

    keys_of: dict[int, set[int]] = {pk: set() for pk in ids}
    for fingerprint_id, key in SignatureBand.objects.filter(fingerprint_id__in=ids).values_list("fingerprint_id", "key"):
        keys_of[fingerprint_id].add(key)
    sharing: dict[int, list[int]] = {}
    all_keys = set().union(*keys_of.values())
    if all_keys:
        for fingerprint_id, key in (SignatureBand.objects.filter(key__in=all_keys)
                                    .order_by("fingerprint_id").values_list("fingerprint_id", "key")):
            sharing.setdefault(key, []).append(fingerprint_id)
    cluster = {}
    for pk, keys in keys_of.items():
        members = dict.fromkeys(member for key in sorted(keys) for member in sharing.get(key, ()) if member != pk)
        cluster[pk] = list(members)[:CLUSTER_CANDIDATES]
    return cluster


def _sharing_tags(pk: int, tags: list[Tag], now: datetime) -> list[int]:
    """The articles sharing most of ``tags`` with article ``pk``, among the newest
    ``TAG_CANDIDATES`` carrying any of them (newer first among equals)."""
    rows = sorted((other for tag in tags for other in _newest_with_tag(tag.pk) if other != pk), reverse=True)
    shared: dict[int, int] = {}
    for other in rows[:TAG_CANDIDATES]:
        shared[other] = shared.get(other, 0) + 1
    return sorted(shared, key=lambda other: (-shared[other], -other))[:RELATED_COUNT * 3]


def _newest_with_tag(tag_id: int) -> tuple[int, ...]:
    """Ids of the newest articles carrying the tag: enough to rank any article's
    candidates (``TAG_CANDIDATES``, plus the article itself), kept for all of them."""
    through = Article.tags.through
    return _memo.get(("tag-newest", tag_id), lambda now: (
        tuple(through.objects.filter(tag_id=tag_id).order_by("-article_id")
              .values_list("article_id", flat=True)[:TAG_CANDIDATES + 1]),
        now + timedelta(seconds=settings.FURNITURE_SECONDS),
    ))


def _neighbours(articles: list[Article], now: datetime) -> dict[int, tuple[Article | None, Article | None]]:
    """Previous and next published article in each one's category, by publication time.
    Per category, the articles asked for and everything between them in one range, plus
    one on either side: a rebuild asks in publication order, so the range is its batch."""
    published = _titles(Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now))
    found = {}
    by_category: dict[int, list[Article]] = {}
    for article in articles:
        if article.category_id and article.published_at:
            by_category.setdefault(article.category_id, []).append(article)
    for category_id, members in by_category.items():
        in_category = published.filter(category_id=category_id)
        first = min(members, key=lambda article: (article.published_at, article.pk))
        last = max(members, key=lambda article: (article.published_at, article.pk))
        before = (in_category.filter(Q(published_at__lt=first.published_at) | Q(published_at=first.published_at, pk__lt=first.pk))
                  .order_by("-published_at", "-id").first())
        after = (in_category.filter(Q(published_at__gt=last.published_at) | Q(published_at=last.published_at, pk__gt=last.pk))
                 .order_by("published_at", "id").first())
        between = list(in_category.filter(published_at__gte=first.published_at, published_at__lte=last.published_at)
                       .order_by("published_at", "id"))
        ordered = [*([before] if before else []), *between, *([after] if after else [])]
        keys = [(other.published_at, other.pk) for other in ordered]
        for article in members:
            # Works for an article that is not public itself (a preview) too: placed by time.
            key = (article.published_at, article.pk)
            earlier, later = bisect_left(keys, key), bisect_right(keys, key)
            found[article.pk] = (ordered[earlier - 1] if earlier else None,
                                 ordered[later] if later < len(ordered) else None)
    return found


def _pages_of(ids: list[int]) -> tuple[dict, dict[int, list[Report]]]:
    """For each article, the page that created it (its rights) and the other sources
    that carried the story: reposts dedupe linked to it from sources other than its own."""
    from huiwen.sources.models import Page

    pages = (
        Page.objects.filter(article_id__in=ids, outcome__in=[Page.Outcome.NEW, Page.Outcome.DUPLICATE])
        .select_related("source").only("article_id", "url", "outcome", "collected_at", "source_id", "source__name",
                                       "source__attribution_name", "source__rights_mode")
        .order_by("collected_at", "id")
    )
    created_by, own_sources, reports = {}, {pk: set() for pk in ids}, {pk: {} for pk in ids}
    for page in pages:
        if page.outcome == Page.Outcome.NEW:
            own_sources[page.article_id].add(page.source_id)
            created_by.setdefault(page.article_id, page)
        elif page.source_id not in reports[page.article_id]:
            reports[page.article_id][page.source_id] = Report(page.source.attribution_name or page.source.name,
                                                              as_web_url(page.url))
    others = {pk: [report for source_id, report in reports[pk].items() if source_id not in own_sources[pk]] for pk in ids}
    return created_by, others


def _repost_linked(sender, instance, raw: bool = False, **kwargs) -> None:
    """A repost linked to an article: its page now names one more source."""
    if raw or instance.outcome != "duplicate" or not instance.article_id:
        return
    generation.bump_on_change()
    from huiwen.publish import pages
    from huiwen.publish.signals import refresh

    if Article.objects.filter(pk=instance.article_id, status=Article.Status.PUBLISHED).exists():
        refresh(pages.article_pages(instance.article_id))


post_save.connect(_repost_linked, sender="sources.Page", weak=False, dispatch_uid="news-related-repost")
