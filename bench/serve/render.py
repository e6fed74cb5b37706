"""Render cost in process as the archive grows (issue 8, item 6): the miss path.

    .venv/bin/python bench/serve/render.py --articles 100000          # 16 and 100k
    .venv/bin/python bench/serve/render.py --articles 100000,1000000  # 16, 100k and 1M
    HUIWEN_DATABASE_URL=postgres://… .venv/bin/python bench/serve/render.py --articles 100000

For each archive size N (the 16-article baseline always comes first unless
``--no-baseline``) a child process generates N articles into a fresh temporary data dir
(``bench/serve/archive.py``; with HUIWEN_DATABASE_URL a fresh PostgreSQL database on that
server) and renders pages through Django's WSGI handler with every middleware, as a
reader's request would arrive from ``huiwen serve``:

- ``warm``: the steady state — furniture, hot list and page counts already kept in the
  process (each render still opens its SQLite connection, as in production);
- ``cold``: everything the process keeps dropped before each render (the first render
  after a change).

For each page: median and p95 milliseconds (and the median CPU time of the rendering
thread, which other busy processes on the machine inflate less) and the number of
queries. The article page, the home page and the first page of the largest category are
the ones with a target (≤ 5 ms, and ≤ 3 queries for the article, at every N); the most
and the least used tag's first page, the home listing's last page and a removed article
(410) are shown for information.

As a module: ``run([16, 100000]) -> list[Row]`` and ``format_table(rows)``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "RENDER_JSON "
TARGET_MS = 5.0
TARGET_ARTICLE_QUERIES = 3
TARGET_PAGES = ("article", "home", "category")


@dataclass
class Row:
    articles: int
    database: str
    generated_s: float
    page: str
    path: str
    status: int
    warm_median_ms: float
    warm_p95_ms: float
    warm_cpu_ms: float
    warm_queries: int
    cold_median_ms: float
    cold_p95_ms: float
    cold_queries: int


# --- child: one archive -------------------------------------------------------------------


def _environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) huiwen-bench", "HTTP_ACCEPT": "text/html",
    }


def _render(handler, path: str) -> tuple[int, float, float]:
    """One request through the WSGI handler: (status, wall ms, CPU ms of this thread), the
    body read and the response closed (which ends the request: signals, connections).
    CPU time is what the render costs even while other processes share the machine."""
    status: list[int] = []
    cpu, started = time.thread_time(), time.perf_counter()
    response = handler(_environ(path), lambda line, headers, exc_info=None: status.append(int(line.split()[0])))
    b"".join(response)
    response.close()
    return status[0], (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(n: int, *, repeat: int, cold_repeat: int, database_url: str | None) -> list[Row]:
    sys.path.insert(0, str(HERE))
    import archive

    data_dir = Path(tempfile.mkdtemp(prefix=f"huiwen-render-{n}-"))
    created = None
    try:
        created = archive.prepare(data_dir, database_url=database_url)
        made = archive.generate(n, progress=n >= 10000)

        import logging

        from django.core.handlers.wsgi import WSGIHandler
        from django.db import connection

        try:
            from huiwen.portal.generations import forget_all
        except ImportError:  # a version of huiwen from before these caches: cold is warm

            def forget_all() -> None:
                pass

        logging.getLogger("django.request").setLevel(logging.ERROR)  # the 410 page's warning

        pages = [
            ("article", f"/article/{made.sample_article}.html"),
            ("home", "/"),
            ("category", f"/category/{made.biggest_category}/"),
        ]
        if made.biggest_tag:
            pages.append(("tag", f"/tags/{made.biggest_tag}/"))
        if made.rarest_tag and made.rarest_tag != made.biggest_tag:
            pages.append(("rare tag", f"/tags/{made.rarest_tag}/"))
        last_page = -(-made.public // 15)
        if last_page > 1:
            pages.append(("last page", f"/page/{last_page}/"))
        if made.removed_article:
            pages.append(("410", f"/article/{made.removed_article}.html"))

        handler = WSGIHandler()
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        def counted(path: str) -> int:
            queries.clear()
            with connection.execute_wrapper(count):
                _render(handler, path)
            return len(queries)

        rows = []
        for page, path in pages:
            status = _render(handler, path)[0]
            for _ in range(max(5, repeat // 10)):  # warm-up: caches, templates, connections
                _render(handler, path)
            measured = [_render(handler, path) for _ in range(repeat)]
            warm = [wall for _status, wall, _cpu in measured]
            warm_queries = counted(path)
            cold = []
            for _ in range(cold_repeat):
                forget_all()
                cold.append(_render(handler, path)[1])
            forget_all()
            cold_queries = counted(path)
            rows.append(Row(
                articles=n, database=connection.vendor, generated_s=round(made.seconds, 1), page=page, path=path,
                status=status, warm_median_ms=round(statistics.median(warm), 2),
                warm_p95_ms=round(_percentile(warm, 0.95), 2),
                warm_cpu_ms=round(statistics.median(cpu for _status, _wall, cpu in measured), 2), warm_queries=warm_queries,
                cold_median_ms=round(statistics.median(cold), 2), cold_p95_ms=round(_percentile(cold, 0.95), 2),
                cold_queries=cold_queries,
            ))
        return rows
    finally:
        if created:
            archive.drop_database(database_url, created)
        shutil.rmtree(data_dir, ignore_errors=True)


# --- parent: one child per archive size ----------------------------------------------------


def run(sizes: list[int], *, repeat: int = 300, cold_repeat: int = 30, database_url: str | None = None) -> list[Row]:
    """Measure each size in a fresh process (settings, caches and connections start clean)."""
    rows: list[Row] = []
    for n in sizes:
        print(f"render: {n:,} articles…", file=sys.stderr, flush=True)
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(n),
                   "--repeat", str(repeat), "--cold-repeat", str(cold_repeat)]
        env = dict(os.environ)
        if database_url:
            env["HUIWEN_DATABASE_URL"] = database_url
        else:
            env.pop("HUIWEN_DATABASE_URL", None)
        started = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise SystemExit(f"render: the {n:,}-article run failed (exit {done.returncode})")
        line = next(line for line in done.stdout.splitlines() if line.startswith(MARK))
        rows += [Row(**row) for row in json.loads(line[len(MARK):])]
        print(f"render: {n:,} articles done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def _meets(row: Row) -> bool | None:
    if row.page not in TARGET_PAGES:
        return None
    return row.warm_median_ms <= TARGET_MS and (row.page != "article" or row.warm_queries <= TARGET_ARTICLE_QUERIES)


def format_table(rows: list[Row]) -> str:
    head = (f"{'articles':>10} {'db':<6} {'gen s':>6}  {'page':<10} {'status':>6}  "
            f"{'warm median':>11} {'p95':>6} {'cpu':>6} {'queries':>7}  {'cold median':>11} {'p95':>6} {'queries':>7}  target")
    lines = [head, "-" * len(head)]
    for row in rows:
        verdict = {None: "", True: "ok", False: "MISSED"}[_meets(row)]
        lines.append(
            f"{row.articles:>10,} {row.database:<6} {row.generated_s:>6.1f}  {row.page:<10} {row.status:>6}  "
            f"{row.warm_median_ms:>11.2f} {row.warm_p95_ms:>6.2f} {row.warm_cpu_ms:>6.2f} {row.warm_queries:>7}  "
            f"{row.cold_median_ms:>11.2f} {row.cold_p95_ms:>6.2f} {row.cold_queries:>7}  {verdict}"
        )
    targets = [_meets(row) for row in rows if _meets(row) is not None]
    lines.append("")
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    lines.append(f"load average {load:.1f} on {cores} cores at the end"
                 + (" — other processes were busy; timings are inflated, measure again when idle" if load > cores * 0.75 else ""))
    lines.append(f"milliseconds per render in process (WSGI handler, every middleware); target: article, home and "
                 f"category ≤ {TARGET_MS:g} ms warm at every N, article ≤ {TARGET_ARTICLE_QUERIES} queries — "
                 + ("met" if all(targets) else "NOT met"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="100000", metavar="N[,N…]",
                        help="archive sizes to measure besides the 16-article baseline (default 100000)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the 16-article baseline")
    parser.add_argument("--repeat", type=int, default=300, help="warm renders measured per page (default 300)")
    parser.add_argument("--cold-repeat", type=int, default=30, help="cold renders measured per page (default 30)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    database_url = os.environ.get("HUIWEN_DATABASE_URL") or None

    if args.child is not None:
        rows = measure(args.child, repeat=args.repeat, cold_repeat=args.cold_repeat, database_url=database_url)
        print(MARK + json.dumps([asdict(row) for row in rows]), flush=True)
        return 0

    sizes = [] if args.no_baseline else [16]
    for value in args.articles.split(","):
        n = int(value.replace("_", "").strip())
        if n not in sizes:
            sizes.append(n)
    rows = run(sizes, repeat=args.repeat, cold_repeat=args.cold_repeat, database_url=database_url)
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))
    else:
        print(format_table(rows))
    return 0 if all(_meets(row) is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
