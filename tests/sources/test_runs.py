"""Collection runs are claimed once, held by a lease, and resumed once when the lease
runs out; the worker that lost its lease stops. (Real processes and kill -9:
tests/scale/test_many_workers.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huiwen.sources import runs
from huiwen.sources.collector import RunReport
from huiwen.sources.models import CollectionRun, Source


@pytest.fixture
def source(db):
    return Source.objects.create(name="样例源", kind=Source.Kind.URL, location="https://news.example.com/a.html")


def expire(run: CollectionRun) -> None:
    CollectionRun.objects.filter(pk=run.pk).update(lease_until=timezone.now() - timedelta(seconds=1))


def test_a_source_has_one_open_run_and_a_run_one_holder(source):
    run = runs.open_run(source)
    assert runs.open_run(source) is None
    lease = runs.claim(run.pk)
    assert lease is not None and lease.run.starts == 1 and lease.run.state == CollectionRun.State.RUNNING
    assert runs.claim(run.pk) is None  # held by a live lease
    assert lease.finish(RunReport(source)) is True
    assert runs.claim(run.pk) is None  # done
    assert runs.open_run(source) is not None  # a finished run leaves room for the next


def test_a_stalled_run_is_requeued_once_and_resumed_by_the_next_claim(source, settings):
    settings.COLLECT_RUN_LEASE_SECONDS = 60
    run = runs.open_run(source)
    first = runs.claim(run.pk)
    expire(run)
    assert runs.requeue_stalled() == [run.pk]
    assert runs.requeue_stalled() == []  # however many workers look
    second = runs.claim(run.pk)
    assert second is not None and second.run.starts == 2

    # The first holder was only slow: at its next renewal it learns and stops.
    first._renewed_at -= timedelta(minutes=5)
    with pytest.raises(runs.RunTakenOver):
        first.renew()
    assert first.finish(RunReport(source)) is False
    report = RunReport(source)
    report.count("new")
    assert second.finish(report) is True
    run.refresh_from_db()
    assert (run.state, run.starts, run.counts) == (CollectionRun.State.DONE, 2, {"new": 1})


def test_a_queued_run_whose_task_was_lost_is_sent_again(source):
    run = runs.open_run(source)
    expire(run)
    assert runs.requeue_stalled() == [run.pk]
    assert runs.claim(run.pk).run.starts == 1


def test_the_lease_is_renewed_as_the_run_goes(source, settings):
    settings.COLLECT_RUN_LEASE_SECONDS = 60
    lease = runs.claim(runs.open_run(source).pk)
    before = CollectionRun.objects.get().lease_until
    lease._renewed_at -= timedelta(seconds=20)  # more than a quarter of the lease ago
    lease.renew()
    assert CollectionRun.objects.get().lease_until > before
