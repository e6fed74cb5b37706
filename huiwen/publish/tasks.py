"""Publishing in the task queue: the pages a change touched, full rebuilds after a
furniture change, and what time alone changes (hot lists, promo card windows, articles
scheduled for later)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from huiwen.news.models import Article
from huiwen.portal.models import PromoCard
from huiwen.publish import pages, publisher

logger = logging.getLogger(__name__)

# Shared through the queue's storage, which every web process and worker sees.
_FULL_PUBLISH_KEY = "huiwen:publish:full"
_SCHEDULE_KEY = "huiwen:publish:schedule"
#: A full rebuild checks this often whether a newer one was asked for, and then stops.
_RECHECK_EVERY = 50
#: A burst of furniture edits (a promo card saved five times) makes one rebuild.
_FULL_PUBLISH_DELAY_SECONDS = 2


@db_task()
def publish_pages_task(paths: list[str]) -> int:
    return publisher.publish(paths)


def request_full_publish() -> None:
    """Rebuild every page soon; a rebuild already running stops for this newer one."""
    token = secrets.token_hex(8)
    HUEY.put(_FULL_PUBLISH_KEY, token)
    publish_everything_task.schedule((token,), delay=0 if HUEY.immediate else _FULL_PUBLISH_DELAY_SECONDS)


def full_rebuild() -> Iterator[str]:
    """The pages a full rebuild writes, after deleting the other languages' pages, which
    their readers publish again (see ``pages``), and the leftovers of writes killed midway."""
    publisher.remove_killed_writes()
    for prefix in pages.other_language_prefixes():
        publisher.clear(prefix)
    return pages.all_pages()


@db_task()
def publish_everything_task(token: str) -> int:
    written = 0
    batch: list[str] = []
    for path in full_rebuild():
        batch.append(path)
        if len(batch) == _RECHECK_EVERY:
            if HUEY.get(_FULL_PUBLISH_KEY, peek=True) != token:
                logger.info("full publish %s superseded after %d pages", token, written)
                return written
            written += publisher.publish(batch)
            batch = []
    return written + publisher.publish(batch)


@db_periodic_task(crontab(minute="*"))
def publish_what_time_changed() -> int:
    """Each minute: articles whose publication time has come, a promo card entering or
    leaving its window (a full rebuild), and every ``HOT_REFRESH_SECONDS`` the home and
    category pages, which show the hot list (article and tag pages keep the list they
    were published with until they change; there are too many to redo that often)."""
    now = timezone.now()
    state = HUEY.get(_SCHEDULE_KEY, peek=True) or {}
    last_run: datetime = state.get("last_run") or now
    paths: list[str] = []
    for article in Article.objects.published().filter(published_at__gt=last_run).prefetch_related("tags"):
        paths += pages.pages_showing(article.pk, [article.category_id], [tag.pk for tag in article.tags.all()])
    live_cards = sorted(PromoCard.objects.live(now).values_list("pk", flat=True))
    if "live_cards" in state and state["live_cards"] != live_cards:
        request_full_publish()
    hot_published: datetime = state.get("hot_published") or now - timedelta(days=1)
    if now - hot_published >= timedelta(seconds=settings.HOT_REFRESH_SECONDS):
        paths += pages.hot_list_pages()
        hot_published = now
    HUEY.put(_SCHEDULE_KEY, {"last_run": now, "live_cards": live_cards, "hot_published": hot_published})
    return publisher.publish(dict.fromkeys(paths)) if paths else 0
