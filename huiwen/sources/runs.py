"""Collection runs that outlive their worker: open, claim, hold, finish, resume.

A Huey task is gone from the queue once a worker has taken it, so a worker killed in the
middle of a collection would lose the run with it. The run is therefore a row
(:class:`~huiwen.sources.models.CollectionRun`); the task only names it. Whoever holds
the run renews its lease after every page; a run whose lease ran out is put back in the
queue by :func:`requeue_stalled` and the next claim starts it again, skipping what the
dead worker already stored (each article is committed with its page record, so a URL is
either settled or untouched).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from huiwen.sources.models import CollectionRun, Source

if TYPE_CHECKING:
    # Web processes import this module through the tasks; the collector is for workers.
    from huiwen.sources.collector import RunReport

__all__ = ["Lease", "RunTakenOver", "claim", "open_run", "requeue_stalled"]


class RunTakenOver(Exception):
    """This worker's lease on a run ran out and another worker resumed it."""


def _lease_end() -> timezone.datetime:
    return timezone.now() + timedelta(seconds=settings.COLLECT_RUN_LEASE_SECONDS)


def open_run(source: Source) -> CollectionRun | None:
    """A new queued run of ``source``, or None when one is already open (queued or
    running: the unique constraint decides between racing schedulers)."""
    try:
        with transaction.atomic():
            return CollectionRun.objects.create(source=source, lease_until=_lease_end())
    except IntegrityError:
        return None


class Lease:
    """A worker's hold on a run, identified by the run's start count when it claimed it."""

    def __init__(self, run: CollectionRun) -> None:
        self.run = run
        self._renewed_at = timezone.now()

    def _mine(self):
        return CollectionRun.objects.filter(pk=self.run.pk, starts=self.run.starts, state=CollectionRun.State.RUNNING)

    def renew(self) -> None:
        """Extend the lease (at most four writes per lease period); raises
        :class:`RunTakenOver` when the run was resumed elsewhere meanwhile."""
        now = timezone.now()
        if (now - self._renewed_at).total_seconds() < settings.COLLECT_RUN_LEASE_SECONDS / 4:
            return
        if not self._mine().update(lease_until=_lease_end()):
            raise RunTakenOver(f"run {self.run.pk} was resumed by another worker")
        self._renewed_at = now

    def finish(self, report: RunReport) -> bool:
        """Mark the run done with what this start did; False when it was no longer ours."""
        return bool(self._mine().update(
            state=CollectionRun.State.DONE, finished_at=timezone.now(), counts=dict(report.counts),
            summary=report.summary_line(),
        ))


def claim(run_id: int) -> Lease | None:
    """Start the run, or None when it is done, gone or held by a live lease."""
    run = CollectionRun.objects.filter(pk=run_id).select_related("source").first()
    if run is None or run.state == CollectionRun.State.DONE:
        return None
    now = timezone.now()
    if run.state == CollectionRun.State.RUNNING and run.lease_until > now:
        return None
    claimable = Q(state=CollectionRun.State.QUEUED) | Q(state=CollectionRun.State.RUNNING, lease_until__lt=now)
    won = CollectionRun.objects.filter(claimable, pk=run.pk, starts=run.starts).update(
        state=CollectionRun.State.RUNNING, starts=run.starts + 1, started_at=now, lease_until=_lease_end()
    )
    if not won:
        return None  # another worker claimed it between our read and our write
    run.refresh_from_db()
    return Lease(run)


def requeue_stalled() -> list[int]:
    """Put back in the queue every open run whose lease ran out, once each however many
    workers look at the same moment; returns their ids for the caller to send tasks for."""
    now = timezone.now()
    requeued = []
    stalled = CollectionRun.objects.exclude(state=CollectionRun.State.DONE).filter(lease_until__lt=now)
    for run in stalled.only("pk", "starts", "state"):
        if CollectionRun.objects.filter(pk=run.pk, starts=run.starts, lease_until__lt=now).exclude(
            state=CollectionRun.State.DONE
        ).update(state=CollectionRun.State.QUEUED, lease_until=_lease_end()):
            requeued.append(run.pk)
    return requeued
