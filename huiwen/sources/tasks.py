"""Background work on Huey: scheduled collection and housekeeping.

``huiwen worker`` runs the consumer. With the embedded default the queue is a SQLite
file in the data dir; with ``HUIWEN_REDIS_URL`` it is Redis, and any number of workers
on any number of machines share it.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huiwen.news.counting import prune_view_stamps
from huiwen.sources.collector import collect_source, reextract
from huiwen.sources.models import Source

logger = logging.getLogger(__name__)


@db_task()
def collect_source_task(source_id: int) -> str:
    source = Source.objects.filter(pk=source_id, active=True).first()
    if source is None:
        return f"source {source_id} is gone or inactive"
    report = collect_source(source)
    logger.info("collected %s", report.summary_line())
    return report.summary_line()


@db_periodic_task(crontab(minute="*"))
def enqueue_due_sources() -> int:
    """Queue each due source once; ``claim_if_due`` stops two schedulers doubling up."""
    queued = 0
    for source in Source.objects.filter(active=True, next_run_at__lte=timezone.now()):
        if source.claim_if_due():
            collect_source_task(source.pk)
            queued += 1
    return queued


@db_periodic_task(crontab(minute="*/15"))
def prune_stale_view_stamps() -> int:
    return prune_view_stamps()


@db_task()
def reextract_task(source_id: int, count: int) -> int:
    source = Source.objects.filter(pk=source_id).first()
    return reextract(source, count) if source else 0
