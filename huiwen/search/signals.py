"""The index changes in the same transaction as the article it describes.

Receivers run inside the save or delete that sent them, so a rollback undoes the index
change with the article's. Changes that send no signal — ``QuerySet.update`` (the
admin's bulk actions call ``sync_articles`` themselves), raw SQL — are caught at render
time (results are re-checked against ``Article.objects.published()``) and by
``huiwen reindex``.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from huiwen.news.models import Article
from huiwen.search.backends import backend
from huiwen.search.index import sync_articles


@receiver(post_save, sender=Article)
def _article_saved(sender, instance: Article, raw: bool = False, created: bool = False, **kwargs) -> None:
    if raw or (created and (instance.status != Article.Status.PUBLISHED or instance.tags_follow)):
        # A new article that is not published has no entry to make or remove; one whose
        # tags follow is indexed when they are added (below).
        return
    sync_articles([instance.pk])


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    backend().remove([instance.pk])


@receiver(m2m_changed, sender=Article.tags.through)
def _article_tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action == "pre_clear" and reverse:
        # tag.articles.clear(): which articles lose the tag is known only before.
        instance._search_cleared = list(instance.articles.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear" and reverse:
        sync_articles(getattr(instance, "_search_cleared", []))
        return
    if not reverse:
        if instance.status == Article.Status.PUBLISHED:
            sync_articles([instance.pk])
    elif pk_set:
        # tag.articles.add(...): the articles are the pk_set.
        sync_articles(pk_set)
