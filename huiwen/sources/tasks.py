"""Background work on Huey: scheduled collection and housekeeping.

``huiwen worker`` runs the consumer. With the embedded default the queue is a SQLite
file in the data dir; with ``HUIWEN_REDIS_URL`` it is Redis, and any number of workers
on any number of machines share it.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from huiwen.news.counting import prune_view_stamps
from huiwen.sources import runs
from huiwen.sources.models import Source

logger = logging.getLogger(__name__)


def queue_run(source: Source) -> bool:
    """Queue a collection run of ``source`` unless one is already open (queued or running)."""
    run = runs.open_run(source)
    if run is None:
        return False
    # Sent after the row exists; a task lost before it started (the worker that took it
    # was killed) leaves the run queued, and requeue_stalled sends it again.
    collect_run_task(run.pk)
    return True


@db_task()
def collect_run_task(run_id: int) -> str:
    # Imported here, not at the top: every web process imports this module (to queue
    # tasks), and collection's extraction, fetching and feed parsing would cost each ~16 MB.
    from huiwen.sources.collector import RunReport, collect_source

    lease = runs.claim(run_id)
    if lease is None:
        return f"run {run_id} is done or held by another worker"
    source = lease.run.source
    if not source.active:
        lease.finish(RunReport(source))
        return f"source {source.pk} is inactive"
    try:
        report = collect_source(source, on_progress=lambda _url: lease.renew())
    except runs.RunTakenOver:
        logger.warning("run %s was resumed by another worker; this one stops", run_id)
        return f"run {run_id} was taken over"
    lease.finish(report)
    logger.info("collected %s", report.summary_line())
    return report.summary_line()


@db_periodic_task(crontab(minute="*"))
def enqueue_due_sources() -> int:
    """Queue each due source once; ``claim_if_due`` stops two schedulers doubling up."""
    queued = 0
    for source in Source.objects.filter(active=True, next_run_at__lte=timezone.now()):
        if source.claim_if_due() and queue_run(source):
            queued += 1
    return queued


@db_periodic_task(crontab(minute="*"))
def resume_stalled_runs() -> int:
    """Send again the runs whose worker stopped renewing them (killed, machine lost)."""
    requeued = runs.requeue_stalled()
    for run_id in requeued:
        logger.warning("collection run %s stalled; queued again to resume", run_id)
        collect_run_task(run_id)
    return len(requeued)


_startup_lock = threading.Lock()
_resume_scheduled = False


@HUEY.on_startup()
def _resume_after_restart() -> None:
    """A worker restarted after a crash finds its runs once their lease has run out,
    rather than at the next whole minute."""
    with _startup_lock:
        global _resume_scheduled
        if _resume_scheduled:
            return  # once per process, not once per worker thread
        _resume_scheduled = True
    resume_stalled_runs.schedule(delay=settings.COLLECT_RUN_LEASE_SECONDS + 1)


@db_periodic_task(crontab(minute="*/15"))
def prune_stale_view_stamps() -> int:
    return prune_view_stamps()


@db_task()
def reextract_task(source_id: int, count: int) -> int:
    from huiwen.sources.collector import reextract  # as in collect_run_task

    source = Source.objects.filter(pk=source_id).first()
    return reextract(source, count) if source else 0
