"""Several `huiwen worker` processes collect at once, and one is killed mid-run: every
page is stored exactly once, reposts are linked, no run is lost or run twice, and no
article is ever half-written.

The suite runs on SQLite (SqliteHuey queue) and again on PostgreSQL (RedisHuey queue on
a redis-server started here), so both deployments are proven by the same tests.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

import pytest
from django.db import OperationalError, connection
from newsroom import Newsroom, NewsroomSite
from workerkit import workers_for

from huiwen.news.models import Article
from huiwen.sources.models import CollectionRun, Fingerprint, Page, Source

pytestmark = pytest.mark.redis


def make_sources(site: NewsroomSite) -> list[Source]:
    return [
        Source.objects.create(name=f"第{n}号台", kind=Source.Kind.FEED, location=site.feed_url(n), default_tags="规模测试")
        for n in range(site.newsroom.sources)
    ]


def page_of(site: NewsroomSite, path: str) -> Page:
    return Page.objects.select_related("article").get(url=site.base_url + path)


def assert_nothing_half_written() -> None:
    """Every stored article came with its page record, fingerprint, bands and tags."""
    articles = Article.objects.count()
    assert Fingerprint.objects.count() == articles
    assert Page.objects.filter(outcome=Page.Outcome.NEW).count() == articles
    assert not Article.objects.filter(pages__isnull=True).exists()
    assert not Article.objects.filter(fingerprint__bands__isnull=True).exists()
    assert not Article.objects.filter(tags__isnull=True).exists()
    new_pages = Counter(Page.objects.filter(outcome=Page.Outcome.NEW).values_list("article_id", flat=True))
    assert set(new_pages.values()) <= {1}, "an article was stored from two pages"


def assert_every_page_stored_once(site: NewsroomSite) -> None:
    room = site.newsroom
    stories = room.stories()
    reposts = [story for story in stories if story.reposts]
    assert Page.objects.count() == len(stories)
    assert Page.objects.filter(outcome__in=Page.SETTLED).count() == len(stories), list(
        Page.objects.exclude(outcome__in=Page.SETTLED).values_list("url", "reason")[:5]
    )
    assert Article.objects.count() == len(stories) - len(reposts)
    assert_nothing_half_written()
    for story in reposts:
        repost, original = page_of(site, story.path), page_of(site, room.story(*story.reposts).path)
        # Whichever arrived first is the article; the other is linked to it.
        assert {repost.outcome, original.outcome} == {Page.Outcome.NEW, Page.Outcome.DUPLICATE}
        assert repost.article_id == original.article_id
    for story in stories[:50]:
        page = page_of(site, story.path)
        assert page.outcome == Page.Outcome.DUPLICATE or page.article.title == story.title


class Readers:
    """Threads reading the database as web pages do while the workers write; on SQLite
    (WAL, busy timeout) none may ever see "database is locked"."""

    def __init__(self, count: int = 2) -> None:
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.reads = 0
        self._threads = [threading.Thread(target=self._read) for _ in range(count)]

    def _read(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    list(Article.objects.order_by("-published_at")[:20])
                    Page.objects.filter(outcome=Page.Outcome.NEW).count()
                    self.reads += 1
                except OperationalError as error:
                    self.errors.append(str(error))
                self.stop.wait(0.02)
        finally:
            connection.close()

    def __enter__(self) -> Readers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join()


def test_three_workers_store_two_thousand_pages_exactly_once(transactional_db, tmp_path):
    """40 sources × 50 pages, 195 of them reposts of another source's story and 117 URLs
    listed in two sources' feeds, collected by three worker processes at once."""
    room = Newsroom(sources=40, per_source=50)
    with NewsroomSite(room) as site, workers_for(site.address, tmp_path) as workers, Readers() as readers:
        sources = make_sources(site)
        assert workers.schedule_due_sources() == len(sources)
        workers.start(3, threads=2)
        workers.wait_for_runs(len(sources), timeout=1200)
    assert_every_page_stored_once(site)
    runs = list(CollectionRun.objects.all())
    assert len(runs) == len(sources) and {run.source_id for run in runs} == {s.pk for s in sources}
    # No run was lost, none resumed or run twice, and their counts add up to what is stored.
    assert {(run.state, run.starts) for run in runs} == {(CollectionRun.State.DONE, 1)}
    totals = sum((Counter(run.counts) for run in runs), Counter())
    shared = sum(len(room.feed_paths(s)) - room.per_source for s in range(room.sources))
    assert totals["new"] == Article.objects.count()
    assert totals["duplicate"] == Page.objects.filter(outcome=Page.Outcome.DUPLICATE).count()
    assert totals["known"] == shared, "a URL listed in two feeds was collected by both runs"
    assert totals["failed"] == totals["empty"] == 0
    assert readers.reads > 0 and readers.errors == []
    logs = workers.logs()
    assert "database is locked" not in logs and "Traceback" not in logs, logs[-4000:]


def test_a_run_whose_worker_is_killed_resumes_and_completes(transactional_db, tmp_path):
    room = Newsroom(sources=6, per_source=40)
    with NewsroomSite(room) as site, workers_for(site.address, tmp_path, lease_seconds=4) as workers:
        make_sources(site)
        assert workers.schedule_due_sources() == room.sources
        [victim] = workers.start(1, threads=2)
        workers.wait_until(lambda: Page.objects.count() >= 30, timeout=600, what="the first pages to be stored")
        workers.kill(victim)

        # Killed mid-run: runs still open, and whatever was stored is whole.
        assert CollectionRun.objects.exclude(state=CollectionRun.State.DONE).exists()
        stored_before = Page.objects.count()
        assert 0 < stored_before < len(room.stories())
        assert_nothing_half_written()

        workers.start(1, threads=2)
        workers.wait_for_runs(room.sources, timeout=900)
    assert_every_page_stored_once(site)
    starts = defaultdict(int)
    for run in CollectionRun.objects.all():
        assert run.state == CollectionRun.State.DONE
        starts[run.starts] += 1
    assert starts[2] >= 1, "no run was resumed after the kill"
    assert CollectionRun.objects.count() == room.sources
