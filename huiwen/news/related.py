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

Computing them costs about seven indexed queries; the result is kept per article in a
bounded memo of the ``articles`` generation (``news.listings``), so a repeated render
costs none and any article save drops it. A repost linked to an article bumps that
generation too and republishes the article's page (the receiver below).
"""

from __future__ import annotations

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

__all__ = ["Extras", "Report", "extras"]

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


class _BoundedMemo(Memo):
    """A Memo that keeps at most ``size`` entries, dropping the oldest first."""

    def __init__(self, generation, size: int) -> None:
        super().__init__(generation)
        self.size = size

    def get(self, key, load):
        value = super().get(key, load)
        while len(self._entries) > self.size:
            try:
                del self._entries[next(iter(self._entries))]
            except (StopIteration, KeyError, RuntimeError):  # emptied by another thread
                break
        return value


_memo = _BoundedMemo(generation, KEPT)


def extras(article: Article) -> Extras:
    """The related, previous/next and also-reported of ``article`` (kept per process)."""
    if article.pk is None:
        return Extras((), None, (), None, None, (), 0)
    return _memo.get(("extras", article.pk), lambda now: _load(article, now))


def _titles(queryset):
    return queryset.only("id", "title", "published_at", "category_id")


def _load(article: Article, now: datetime) -> tuple[Extras, datetime]:
    from huiwen.sources.models import Page, SignatureBand
    from huiwen.sources.rights import rights_of

    published = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    # The near-duplicate cluster: articles sharing an LSH band with this one.
    cluster = list(
        SignatureBand.objects.filter(key__in=SignatureBand.objects.filter(fingerprint_id=article.pk).values("key"))
        .exclude(fingerprint_id=article.pk).values_list("fingerprint_id", flat=True).distinct()[:CLUSTER_CANDIDATES]
    )
    # Articles sharing tags, among the newest carrying any of them.
    through = Article.tags.through
    shared: dict[int, int] = {}
    tags = tuple(article.tags.all())
    tag_ids = [tag.pk for tag in tags]
    if tag_ids:
        rows = (through.objects.filter(tag_id__in=tag_ids).exclude(article_id=article.pk)
                .order_by("-article_id").values_list("article_id", flat=True)[:TAG_CANDIDATES])
        for article_id in rows:
            shared[article_id] = shared.get(article_id, 0) + 1
    by_tags = sorted(shared, key=lambda pk: (-shared[pk], -pk))
    wanted = list(dict.fromkeys([*cluster, *by_tags[:RELATED_COUNT * 3]]))
    related: list[Article] = []
    if wanted:
        # By primary key alone, publication checked here: with the status and date in the
        # query SQLite walked the publication index over every published article (~10 ms
        # at 100k) instead of looking the few ids up.
        found = {
            candidate.pk: candidate
            for candidate in Article.objects.filter(pk__in=wanted).only("id", "title", "published_at", "category_id", "status")
            if candidate.status == Article.Status.PUBLISHED and candidate.published_at <= now
        }
        related = [found[pk] for pk in wanted if pk in found][:RELATED_COUNT]

    previous = following = None
    if article.category_id:
        in_category = _titles(published.filter(category_id=article.category_id))
        when = article.published_at
        previous = (in_category.filter(Q(published_at__lt=when) | Q(published_at=when, pk__lt=article.pk))
                    .order_by("-published_at", "-id").first())
        following = (in_category.filter(Q(published_at__gt=when) | Q(published_at=when, pk__gt=article.pk))
                     .order_by("published_at", "id").first())

    pages = (
        Page.objects.filter(article_id=article.pk, outcome__in=[Page.Outcome.NEW, Page.Outcome.DUPLICATE])
        .select_related("source").only("url", "outcome", "collected_at", "source_id", "source__name",
                                       "source__attribution_name", "source__rights_mode")
        .order_by("collected_at", "id")
    )
    own_sources, reports, created_by = set(), {}, None
    for page in pages:
        if page.outcome == Page.Outcome.NEW:
            own_sources.add(page.source_id)
            created_by = created_by or page
        elif page.source_id not in reports:
            reports[page.source_id] = Report(page.source.attribution_name or page.source.name, as_web_url(page.url))
    others = [report for source_id, report in reports.items() if source_id not in own_sources]

    value = Extras(tags, rights_of(article, created_by), tuple(related), previous, following,
                   tuple(others[:REPORTS_SHOWN]), len(others))
    return value, now + timedelta(seconds=settings.FURNITURE_SECONDS)


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
