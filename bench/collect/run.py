"""Collection throughput (issue 12 item 4, issue 11 item 7): end to end against extraction alone.

    .venv/bin/python bench/collect/run.py                                  # SQLite, 1 and 2 workers, 1,000 pages
    .venv/bin/python bench/collect/run.py --small                          # the same with small pages
    .venv/bin/python bench/collect/run.py --postgres "$POSTGRES_URL" --workers 1,2,4   # and PostgreSQL + Redis

A loopback site (``tests/scale/newsroom.py``, the site the multi-process tests collect:
our own generated pages, one in ten a repost of another source's story) serves
``--pages`` articles across sources of 50 pages each.

**Pages are portal-sized by default** (``Newsroom(portal=True)``: 48–96 KB, median 68 KB,
bodies drawn from a log-normal around 1,500 characters, inside inline scripts and styles,
menus, related and ranking lists, comments and a footer), because that is what collection
meets on real news sites: extraction then costs what it costs there, and the comparison
with it is fair. ``--small`` serves the 14 KB pages of twelve paragraphs the benchmark
used first: extraction takes ~3 ms there, so the fixed per-page costs of collecting
(fetching, the hand-off to the reading process, queries, the fingerprint) weigh several
times more than on a real page. Both are reported; neither is a real site's page. Then:

- **extraction alone**: ``huiwen.extract.extract`` (with decoding) over every page in
  N processes — the ceiling collection is compared with;
- **reading**: ``huiwen.collect.read_page`` (extraction plus the summary and keywords) in
  N processes, to show what enrichment costs (collection / read is what fetching, the
  queue, dedupe and storing leave of it);
- **collection**: N real ``huiwen worker`` processes (one thread each) on a fresh
  database (SQLite with its SqliteHuey queue, or PostgreSQL with a RedisHuey queue on a
  redis-server started here) collect every source end to end: fetch → extract → enrich →
  dedupe → store. Timed from the first stored page to the last (so worker start-up and
  loading the dictionaries are left out), and checked: every page stored once.

Targets: collection ≥ 70 % of extraction-alone throughput at the same N (issue 12);
on PostgreSQL 2 workers ≥ 1.8× one (issue 11), which needs two otherwise idle cores.

Throughput moves with whatever else the machine runs, and extraction alone and collection
are timed minutes apart; so the CPU time per page is printed too (extraction alone: the
pool's own; collection: every process of each worker — the worker, its forkserver and its
reading processes — from the first stored page to the last). Their ratio says how much
of collection's work is the extraction itself, whatever the load. One worker overlaps its
fetching and storing with its reading process's work (see ``READ_AHEAD`` in the
collector), so on an idle machine it can collect faster than one process extracts.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The same loopback site as the multi-process collection tests.
sys.path.insert(0, str(ROOT / "tests" / "scale"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))
from fresh import fresh_database  # noqa: E402

MARK = "COLLECT_BENCH_JSON "
PER_SOURCE = 50
#: Pages read (extracted and enriched) to time reading alone.
SAMPLE = 200
TARGET_SHARE = 0.70
TARGET_SCALING = 1.8


def _newsroom(pages: int, small: bool):
    from newsroom import Newsroom

    if small:
        # Pages of about 14 KB: twelve paragraphs in a page with a menu and a sidebar.
        return Newsroom(sources=max(1, pages // PER_SOURCE), per_source=min(pages, PER_SOURCE), paragraphs=12, chrome_links=120)
    return Newsroom(sources=max(1, pages // PER_SOURCE), per_source=min(pages, PER_SOURCE), portal=True)


# --- extraction and reading alone -------------------------------------------------------

def _extract_only(page: bytes) -> float:
    from huiwen.extract import extract
    from huiwen.text import decode_html

    started = time.process_time()
    extract(decode_html(page, None), url="http://127.0.0.1/a.html")
    return time.process_time() - started


def _read(page: bytes) -> float:
    from huiwen.collect import read_page

    started = time.process_time()
    read_page(page, "http://127.0.0.1/a.html")
    return time.process_time() - started


def _warm(_: int) -> None:
    from huiwen.text.keywords import warm_up

    warm_up()


def pages_per_second(work, pages: list[bytes], processes: int) -> tuple[float, float]:
    """Throughput of ``work`` over ``pages`` in a pool of warmed-up processes (an even
    sample of the pages gives the rate), and the CPU milliseconds it spent per page."""
    with multiprocessing.get_context("forkserver").Pool(processes) as pool:
        pool.map(_warm, range(processes))
        pool.map(work, pages[: processes * 4])  # first calls load lazily built tables
        started = time.perf_counter()
        cpu = sum(pool.map(work, pages, chunksize=4))
        return len(pages) / (time.perf_counter() - started), 1000 * cpu / len(pages)


def cpu_seconds(groups: list[int]) -> float:
    """CPU time (user + system) of every live process in these process groups: a worker,
    its forkserver and its reading processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[2]) in groups:
            total += int(fields[11]) + int(fields[12])
    return total / tick


# --- collection with real workers (child process per configuration) -------------------

def child(pages: int, small: bool, workers: int, database_url: str | None) -> dict:
    """Collect every page with ``workers`` worker processes on a fresh database."""
    from contextlib import ExitStack

    from newsroom import NewsroomSite

    room = _newsroom(pages, small)
    with ExitStack() as stack:
        data_dir = stack.enter_context(fresh_database(database_url, "collect"))
        for story in room.stories():
            room.page(story)  # made before the clock starts, not while the workers fetch
        site = stack.enter_context(NewsroomSite(room))
        env = {**os.environ, "HUIWEN_FETCH_ALLOW_NETWORKS": site.address, "HUIWEN_FETCH_HOST_DELAY": "0", "HUIWEN_REDIS_URL": ""}
        if database_url:
            from rediskit import running_redis

            env["HUIWEN_REDIS_URL"] = stack.enter_context(running_redis(data_dir))
        os.environ.update(env)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.db import connection
        from django.utils import timezone

        from huiwen.sources.models import CollectionRun, Page, Source
        from huiwen.sources.tasks import queue_run

        processes = []

        def stop_workers() -> None:
            for process in processes:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()

        stack.callback(stop_workers)
        for _ in range(workers):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "huiwen", "worker", "--threads", "1"], env=env, cwd=ROOT,
                stdout=subprocess.DEVNULL, stderr=open(data_dir / f"worker-{len(processes)}.log", "wb"),  # noqa: SIM115
                start_new_session=True,
            ))
        sources = [
            Source.objects.create(name=f"第{n}号台", kind=Source.Kind.FEED, location=site.feed_url(n),
                                  next_run_at=timezone.now() + timezone.timedelta(days=1))
            for n in range(room.sources)
        ]
        for source in sources:
            queue_run(source)
        first = None
        deadline = time.monotonic() + 3600
        while CollectionRun.objects.filter(state=CollectionRun.State.DONE).count() < len(sources):
            if first is None and Page.objects.exists():
                first, stored_then = time.perf_counter(), Page.objects.count()
                cpu_then = cpu_seconds([process.pid for process in processes])
            if any(process.poll() is not None for process in processes) or time.monotonic() > deadline:
                logs = "".join(path.read_text(errors="replace")[-2000:] for path in data_dir.glob("worker-*.log"))
                raise SystemExit(f"a worker died or the run timed out:\n{logs}")
            time.sleep(0.05)
        elapsed = time.perf_counter() - first
        cpu = cpu_seconds([process.pid for process in processes]) - cpu_then
        stored = Page.objects.filter(outcome__in=Page.SETTLED).count()
        assert stored == len(room.stories()) == Page.objects.count(), (stored, len(room.stories()))
        return {
            "database": connection.vendor, "workers": workers, "pages": stored,
            "pages_per_s": round((stored - stored_then) / elapsed, 1),
            "cpu_ms_per_page": round(1000 * cpu / (stored - stored_then), 1),
        }


def _run_child(pages: int, small: bool, workers: int, database_url: str | None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--pages", str(pages), "--workers", str(workers)]
    if small:
        command.append("--small")
    if database_url:
        command += ["--postgres", database_url]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise SystemExit(f"benchmark child failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, help=f"pages the site serves, {PER_SOURCE} per source (default: 1000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker process counts (default: 1,2)")
    parser.add_argument("--small", action="store_true", help="small pages (14 KB) instead of portal-sized ones")
    parser.add_argument("--postgres", metavar="URL", help="also collect on this PostgreSQL server (with Redis for the queue)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--json", action="store_true", help="print the results as JSON as well")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    counts = [int(part) for part in args.workers.split(",") if part.strip()]
    if args.child:
        print(MARK + json.dumps(child(args.pages, args.small, counts[0], args.postgres)), flush=True)
        return 0

    room = _newsroom(args.pages, args.small)
    pages = [room.page(story) for story in room.stories()]
    sample = pages[:: max(1, len(pages) // SAMPLE)]
    alone = {}
    for n in sorted(set(counts)):
        print(f"… extraction and reading alone, {n} process(es)", file=sys.stderr, flush=True)
        alone[n] = (pages_per_second(_extract_only, pages, n), pages_per_second(_read, sample, n))
    targets = ([] if args.no_sqlite else [None]) + ([args.postgres] if args.postgres else [])
    results = []
    for database_url in targets:
        for n in counts:
            print(f"… collecting {len(pages):,} pages on {'postgresql' if database_url else 'sqlite'} with {n} worker(s)",
                  file=sys.stderr, flush=True)
            results.append(_run_child(args.pages, args.small, n, database_url))

    sizes = sorted(len(page) for page in pages)
    print(f"\n{len(pages):,} {'small' if args.small else 'portal-sized'} pages ({sizes[0] // 1024}–{sizes[-1] // 1024} KB,"
          f" median {sizes[len(sizes) // 2] // 1024} KB), {room.sources} sources; pages per second"
          f" (machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end)\n")
    print("| database | workers | extraction alone | read (extract + enrich) | collection | collection / extraction"
          " | collection / read | CPU ms/page: extraction, read, collection | extraction / collection CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in results:
        (extract_rate, extract_cpu), (read_rate, read_cpu) = alone[r["workers"]]
        share, cpu_share = r["pages_per_s"] / extract_rate, extract_cpu / r["cpu_ms_per_page"]
        r.update(extract_per_s=round(extract_rate, 1), read_per_s=round(read_rate, 1), share=round(share, 3),
                 extract_cpu_ms=round(extract_cpu, 1), read_cpu_ms=round(read_cpu, 1), cpu_share=round(cpu_share, 3))
        print(f"| {r['database']} | {r['workers']} | {extract_rate:.1f} | {read_rate:.1f} | {r['pages_per_s']:.1f} | {share:.0%}"
              f" | {r['pages_per_s'] / read_rate:.0%} | {extract_cpu:.1f}, {read_cpu:.1f}, {r['cpu_ms_per_page']:.1f}"
              f" | {cpu_share:.0%} |")
    print()
    print("Collection CPU counts the workers and their reading processes (a PostgreSQL server's own work is not in it).")
    for r in results:
        verdict = "met" if r["share"] >= TARGET_SHARE else "missed"
        print(f"Target collection ≥ {TARGET_SHARE:.0%} of extraction alone, {r['database']}, {r['workers']} worker(s): {verdict}"
              f" by throughput; per CPU second, collection stores {r['cpu_share']:.0%} of the pages extraction alone reads.")
    by_db = {}
    for r in results:
        by_db.setdefault(r["database"], {})[r["workers"]] = r["pages_per_s"]
    for database, rates in by_db.items():
        if 1 in rates:
            for n, rate in sorted(rates.items()):
                if n > 1:
                    scaling = rate / rates[1]
                    goal = f" (target ≥ {TARGET_SCALING}×)" if n == 2 and database == "postgresql" else ""
                    print(f"{database}: {n} workers collect {scaling:.2f}× one{goal}.")
    print("Run on an otherwise idle machine: other processes inflate every time here (CPU per page moves least).")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
