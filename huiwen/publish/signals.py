"""What a change makes stale leaves at once; the task queue publishes it again.

An article's own page and the first pages of its listings are deleted in the request
that changed it, so readers get the application's fresh answer within the same second
(and the application publishes it again on that miss); the queue then rebuilds them
ahead of readers. Furniture every page shows (categories, tags, promo cards, friendly
links, site settings) changes everything, which only the background rebuild can redo.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from huiwen.news.models import Article, Category, Tag
from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings
from huiwen.publish import pages, publisher

logger = logging.getLogger(__name__)


def refresh(paths: list[str]) -> None:
    """Unpublish ``paths`` now and queue their publishing once the change is committed.

    A transaction's paths are published by one task, each page once: collection stores
    20 articles in a transaction, and a published one refreshes its pages on save and
    again when its tags are added, so a task per refresh rendered the home page 40
    times a batch."""
    try:
        publisher.unpublish(paths)
    except publisher.PublishError:
        pass  # logged and shown in the health check; the save itself must go through
    connection = transaction.get_connection()
    waiting = connection.__dict__.get(_WAITING)
    if waiting is None or not any(callback is waiting for _savepoints, callback, _robust in connection.run_on_commit):
        # None yet, or the last transaction's was published or rolled back with it.
        waiting = connection.__dict__[_WAITING] = _PagesToPublish()
    waiting.paths.update(dict.fromkeys(paths))
    # Once per refresh, each under its own savepoints: the first that runs takes them all.
    transaction.on_commit(waiting)


_WAITING = "huiwen_pages_to_publish"


class _PagesToPublish:
    def __init__(self) -> None:
        self.paths: dict[str, None] = {}

    def __call__(self) -> None:
        from huiwen.publish.tasks import publish_pages_task

        paths, self.paths = list(self.paths), {}
        if paths:
            publish_pages_task(paths)


def refresh_everything() -> None:
    from huiwen.publish.tasks import request_full_publish

    transaction.on_commit(request_full_publish)


@receiver(pre_save, sender=Article)
def _remember_listings(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    before = None if raw or instance.pk is None else (
        Article.objects.filter(pk=instance.pk).only("status", "published_at", "category_id").first()
    )
    instance._was_public = before is not None and before.is_public
    instance._category_before = before.category_id if before else None


@receiver(post_save, sender=Article)
def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw or not (instance.is_public or getattr(instance, "_was_public", False)):
        return
    tag_ids = instance.tags.values_list("pk", flat=True)
    refresh(pages.pages_showing(instance.pk, [instance.category_id, getattr(instance, "_category_before", None)], tag_ids))


@receiver(pre_delete, sender=Article)
def _article_deleting(sender, instance: Article, **kwargs) -> None:
    instance._tags_before = list(instance.tags.values_list("pk", flat=True))


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    refresh(pages.pages_showing(instance.pk, [instance.category_id], getattr(instance, "_tags_before", [])))


@receiver(m2m_changed, sender=Article.tags.through)
def _article_tags_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove") or not isinstance(instance, Article) or not instance.is_public:
        return
    refresh(pages.pages_showing(instance.pk, [instance.category_id], pk_set or ()))


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=PromoCard)
@receiver(post_delete, sender=PromoCard)
@receiver(post_save, sender=FriendlyLink)
@receiver(post_delete, sender=FriendlyLink)
@receiver(post_save, sender=SiteSettings)
def _furniture_changed(sender, raw: bool = False, created: bool = False, **kwargs) -> None:
    # A tag created by collection shows nowhere until an article carries it.
    if raw or (sender is Tag and created):
        return
    refresh_everything()
