"""Search benchmark (issue 9, item 7): indexing rate, index size and query times.

    .venv/bin/python bench/search/run.py                        # SQLite, N = 10k and 100k
    .venv/bin/python bench/search/run.py --n 1000000            # SQLite, 1M
    .venv/bin/python bench/search/run.py --postgres "$POSTGRES_URL"   # and PostgreSQL
    HUIWEN_DATABASE_URL=postgres://… .venv/bin/python bench/search/run.py   # the same
    .venv/bin/python bench/search/run.py --n 1000000 --keep /var/tmp/search-bench   # keep the index:
        # a second run with the same --keep only runs the queries, on an index built once

(``source scripts/services.sh && start_postgres`` starts Debian's PostgreSQL on loopback
and exports ``POSTGRES_URL``.)

For each database and N a child process gets a fresh data dir (and a fresh PostgreSQL
database on that server, dropped afterwards), writes N generated articles
(``bench/search/corpus.py``) straight into the article table, then:

- **indexing**: ``huiwen.search.index.rebuild()`` — what ``huiwen reindex`` runs: read
  the articles, fold and segment them, write the index, merge it — timed on one core
  (on PostgreSQL the server's own work, ``to_tsvector`` and the GIN index, runs in the
  server process);
- **size** of the index (FTS5 shadow tables and the key map; PostgreSQL's table with its
  GIN and date indexes, TOAST included);
- **queries**: a fixed mix — one word common and rare, two words, phrases, Traditional
  script, a word no article has, with and without category, tag and date filters —
  through ``huiwen.search.search()``, the function the search page calls (tokens, engine,
  ranking, the page's articles and snippets), each query ``--rounds`` times after one
  warm-up round. p50/p95/max over all calls; ``--verbose`` prints each query's median.

Targets (issue 9): p95 < 30 ms at 1M articles on both databases; ≥ 500 articles/s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MARK = "SEARCH_BENCH_JSON "
TARGET_P95_MS = 30.0
TARGET_RATE = 500.0

# (kind, query, filters): filters name a topic slug (category), a tag index, days back.
QUERIES = [
    ("one word, common", "经济", {}),
    ("one word, common", "市场", {}),
    ("one word", "足球", {}),
    ("one word", "芯片", {}),
    ("one word, rare", "量子纠缠", {}),
    ("one word, rare", "甲骨文", {}),
    ("two words", "新能源汽车 电池", {}),
    ("two words", "地铁 停车位", {}),
    ("two words, across topics", "人工智能 医保", {}),
    ("phrase", "老旧小区加装电梯", {}),
    ("phrase", "民生账和长远账", {}),
    ("traditional", "臺灣 經濟", {}),
    ("traditional", "電影節", {}),
    ("traditional, rare", "古籍修復", {}),
    ("absent", "火星殖民地", {}),
    ("common + category", "经济", {"category": "economy"}),
    ("common + tag", "市场", {"tag": 0}),
    ("common + last 30 days", "经济", {"days": 30}),
    ("one word + category + year", "芯片", {"category": "tech", "days": 365}),
    ("two words + tag + category", "足球 冠军", {"category": "sports", "tag": 15}),
    ("common, other category", "经济", {"category": "sports"}),
]


# --- child: one database, one N ---------------------------------------------------------


def _postgres_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _insert_articles(n: int) -> tuple[float, dict]:
    """N generated articles, written with plain INSERTs (no signals: nothing indexed yet)."""
    sys.path.insert(0, str(HERE))
    import corpus
    from django.db import connection, transaction
    from django.utils import timezone

    from huiwen.news.models import Article, Category, Tag

    categories = [Category.objects.create(slug=slug, name=label, order=i) for i, (slug, (label, _w)) in enumerate(corpus.TOPICS.items())]
    tags = [Tag.objects.create(name=name) for name in corpus.tag_names()]
    fields = [f for f in Article._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(Article._meta.db_table)
    through = Article.tags.through._meta.db_table
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    started = time.perf_counter()
    rows, links = [], []

    def flush():
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            if links:
                cursor.executemany(f"INSERT INTO {through} (article_id, tag_id) VALUES (%s, %s)", links)
        rows.clear()
        links.clear()

    with transaction.atomic():
        for pk, item in enumerate(corpus.articles(n, now=now), start=1):
            values = {
                "id": pk, "title": item.title[:200], "status": "published", "published_at": adapt(item.published_at),
                "summary": item.summary, "body_html": "", "body_text": item.body_text,
                "category_id": categories[item.topic].pk, "view_count": 0,
                "created_at": adapt(now), "updated_at": adapt(now),
            }
            rows.append([values[f.attname] if f.attname in values else f.get_db_prep_save(f.get_default(), connection) for f in fields])
            links.extend((pk, tags[t].pk) for t in item.tags)
            if len(rows) >= 5000:
                flush()
        if rows:
            flush()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{Article._meta.db_table}', 'id'), %s)", [n])
    return time.perf_counter() - started, {"categories": {c.slug: c.pk for c in categories}, "tags": [t.pk for t in tags]}


def child(n: int, rounds: int, database_url: str | None, keep: Path | None = None) -> dict:
    reuse = keep is not None and (keep / "indexed.json").exists()
    if keep is not None:
        if not reuse:  # a run that stopped before its index was complete starts over
            shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True, exist_ok=True)
    data_dir = keep or Path(tempfile.mkdtemp(prefix="huiwen-search-bench-"))
    created = None
    os.environ["HUIWEN_DATA_DIR"] = str(data_dir)
    os.environ["HUIWEN_LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "huiwen.settings"
    if database_url:
        import psycopg

        # A kept index lives in a database named after its folder, left for the next run.
        name = f"huiwen_search_bench_{zlib.crc32(str(keep.resolve()).encode())}" if keep else f"huiwen_search_bench_{os.getpid()}"
        if not reuse:
            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
        created = None if keep else name
        os.environ["HUIWEN_DATABASE_URL"] = _postgres_database(database_url, name)
    else:
        os.environ.pop("HUIWEN_DATABASE_URL", None)
    try:
        import django
        from django.core.management import call_command

        sys.path.insert(0, str(ROOT))
        django.setup()
        call_command("migrate", verbosity=0)
        from django.db import connection
        from django.utils import timezone

        from huiwen.search import search
        from huiwen.search.backends import backend
        from huiwen.search.index import rebuild

        if reuse:
            built = json.loads((keep / "indexed.json").read_text())
            if built["n"] != n:
                raise SystemExit(f"{keep} holds {built['n']:,} articles, not {n:,}: give another --keep folder")
        else:
            generated_s, ids = _insert_articles(n)
            started = time.perf_counter()
            cpu_started = time.process_time()
            rebuild()
            index_s = time.perf_counter() - started
            index_cpu = time.process_time() - cpu_started
            built = {"n": n, "ids": ids, "generated_s": round(generated_s, 1), "index_s": round(index_s, 1),
                     "index_rate": round(n / index_s), "index_cpu_rate": round(n / index_cpu) if index_cpu else None}
            if keep is not None:
                (keep / "indexed.json").write_text(json.dumps(built))
        ids = built["ids"]
        size = backend().size_bytes()

        today = timezone.now()
        mix = []
        for kind, query, filters in QUERIES:
            options = {}
            if "category" in filters:
                options["category"] = ids["categories"][filters["category"]]
            if "tag" in filters:
                options["tag"] = ids["tags"][filters["tag"]]
            if "days" in filters:
                options["since"] = (today - timedelta(days=filters["days"])).date()
            mix.append((kind, query, options))
        times: dict[int, list[float]] = {i: [] for i in range(len(mix))}
        counts = {}
        for round_number in range(rounds + 1):
            for index, (_kind, query, options) in enumerate(mix):
                started = time.perf_counter()
                page = search(query, **options)
                elapsed = (time.perf_counter() - started) * 1000
                if round_number:  # the first round warms caches
                    times[index].append(elapsed)
                counts[index] = (page.count, page.count_capped)
        every = sorted(t for values in times.values() for t in values)
        return {
            "database": connection.vendor,
            "n": n,
            "generated_s": built["generated_s"],
            "index_s": built["index_s"],
            "index_rate": built["index_rate"],
            "index_cpu_rate": built["index_cpu_rate"],
            "reused": reuse,
            "index_mb": round(size / 2**20, 1),
            "p50_ms": round(statistics.median(every), 2),
            "p95_ms": round(every[max(0, int(len(every) * 0.95) - 1)], 2),
            "max_ms": round(every[-1], 2),
            "queries": [
                {"kind": kind, "query": query, "filters": {k: str(v) for k, v in options.items()},
                 "median_ms": round(statistics.median(times[i]), 2), "max_ms": round(max(times[i]), 2),
                 "count": counts[i][0], "capped": counts[i][1]}
                for i, (kind, query, options) in enumerate(mix)
            ],
        }
    finally:
        from django.db import connections

        connections.close_all()
        if keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)
        if created:
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


# --- parent ----------------------------------------------------------------------------


def _run_child(n: int, rounds: int, database_url: str | None, keep: Path | None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--n", str(n), "--rounds", str(rounds)]
    if database_url:
        command += ["--postgres", database_url]
    if keep is not None:
        command += ["--keep", str(keep / f"{'postgresql' if database_url else 'sqlite'}-{n}")]
    env = {k: v for k, v in os.environ.items() if k != "HUIWEN_DATABASE_URL"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise SystemExit(f"benchmark child failed (N={n}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")


def format_table(results: list[dict]) -> str:
    lines = [
        "| database | articles | index rate (articles/s) | index time | index size | query p50 | query p95 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['n']:,} | {r['index_rate']:,} | {r['index_s']} s | {r['index_mb']} MiB"
            f" | {r['p50_ms']} ms | {r['p95_ms']} ms | {r['max_ms']} ms |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", default="10000,100000", help="comma-separated article counts (default: 10000,100000)")
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds of the query mix (default: 10)")
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server (default: HUIWEN_DATABASE_URL if it is one)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--verbose", action="store_true", help="each query's median and result count")
    parser.add_argument("--json", action="store_true", help="print the results as JSON as well")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="keep each generated, indexed database under DIR and, when it is there already, only run"
                             " the queries (for tuning queries without indexing again; PostgreSQL databases are kept too)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(part.replace("_", "")) for part in args.n.split(",") if part.strip()]
    if args.child:
        print(MARK + json.dumps(child(sizes[0], args.rounds, args.postgres, args.keep)), flush=True)
        return 0
    postgres = args.postgres
    env_url = os.environ.get("HUIWEN_DATABASE_URL", "")
    if not postgres and env_url.startswith(("postgres://", "postgresql://")):
        postgres = env_url
    targets = ([] if args.no_sqlite else [None]) + ([postgres] if postgres else [])
    results = []
    for database_url in targets:
        for n in sizes:
            print(f"… {'postgresql' if database_url else 'sqlite'} N={n:,}", file=sys.stderr, flush=True)
            result = _run_child(n, args.rounds, database_url, args.keep)
            results.append(result)
            print(
                f"  {'(kept index) ' if result['reused'] else ''}generated in {result['generated_s']} s, indexed at {result['index_rate']:,}/s,"
                f" p95 {result['p95_ms']} ms", file=sys.stderr, flush=True,
            )
            if args.verbose:
                for q in result["queries"]:
                    filters = " ".join(f"{k}={v}" for k, v in q["filters"].items())
                    count = f"{q['count']}{'+' if q['capped'] else ''}"
                    print(f"    {q['median_ms']:7.2f} ms (max {q['max_ms']:7.2f})  {count:>6}  {q['kind']}: {q['query']} {filters}", file=sys.stderr)
    print(format_table(results))
    at_million = [r for r in results if r["n"] >= 1_000_000]
    for r in at_million:
        verdict = "met" if r["p95_ms"] < TARGET_P95_MS else "missed"
        print(f"\nTarget p95 < {TARGET_P95_MS:g} ms at {r['n']:,} on {r['database']}: {verdict} ({r['p95_ms']} ms).")
    if not at_million:
        print(f"\nTarget p95 < {TARGET_P95_MS:g} ms at 1M articles: not measured in this run (--n 1000000).")
    for r in results:
        if r["index_rate"] < TARGET_RATE:
            print(f"Target indexing ≥ {TARGET_RATE:g} articles/s missed on {r['database']} at {r['n']:,}: {r['index_rate']}/s.")
    if any(r["reused"] for r in results):
        print("Indexing figures marked (kept index) are from the run that built it.")
    print("Run on an otherwise idle machine: other processes inflate every time here.")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
