"""Per-source republishing rights: how much of a collected article the site shows.

An article remembers its source through the ``Page`` row that created it (outcome
``new``), which also holds the original URL and when it was collected, so articles need
no column of their own. Staff-written articles have no such row and are shown in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from huiwen.news.models import Article
from huiwen.portal.fields import as_web_url
from huiwen.sources.models import Page, Source


@dataclass(frozen=True)
class Rights:
    mode: str
    source_name: str
    author: str
    original_url: str
    collected_at: datetime

    @property
    def is_full(self) -> bool:
        return self.mode == Source.RightsMode.FULL

    @property
    def canonical(self) -> str:
        """Where ``rel="canonical"`` points: the original unless we republish in full."""
        return "" if self.is_full else self.original_url


def rights_of(article: Article, page: Page | None) -> Rights | None:
    """The rights ``article`` is shown under, given the ``Page`` row that created it
    (with its source; None for an article staff wrote). The article page reads them
    through ``news.related.extras``, which keeps them with the article's other extras."""
    if page is None:
        return None
    source = page.source
    return Rights(
        mode=source.rights_mode,
        source_name=source.attribution_name or article.source_name or source.name,
        author=article.author,
        original_url=as_web_url(article.source_url) or as_web_url(page.url),
        collected_at=page.collected_at,
    )


@receiver(pre_save, sender=Source)
def _remember_rights(sender, instance: Source, raw: bool = False, **kwargs) -> None:
    before = None if raw or instance.pk is None else (
        Source.objects.filter(pk=instance.pk).values("rights_mode", "attribution_name").first()
    )
    instance._rights_before = before


@receiver(post_save, sender=Source)
def _rights_changed(sender, instance: Source, raw: bool = False, created: bool = False, **kwargs) -> None:
    """A source's articles look different under new rights: their published pages go."""
    before = getattr(instance, "_rights_before", None)
    if raw or created or before is None:
        return
    if before == {"rights_mode": instance.rights_mode, "attribution_name": instance.attribution_name}:
        return
    from huiwen.news.listings import generation
    from huiwen.publish import pages
    from huiwen.publish.signals import refresh

    generation.bump_on_change()  # the articles' kept extras hold their rights
    ids = Page.objects.filter(source=instance, outcome=Page.Outcome.NEW, article__status=Article.Status.PUBLISHED)
    paths = [path for article_id in ids.values_list("article_id", flat=True) for path in pages.article_pages(article_id)]
    if paths:
        refresh(paths)
