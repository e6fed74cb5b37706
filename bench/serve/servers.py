"""Which WSGI server for `huiwen serve`: each candidate on the same app and page, with wrk.

    .venv/bin/python bench/serve/servers.py [--duration 10] [--workers 2] [--only a,b]
    .venv/bin/python bench/serve/servers.py --extra-path /tmp/srvpkgs   # servers installed with pip --target

The app is `huiwen.wsgi:application` (published pages answered from their files before
Django), on demo content published in a temporary data dir, exactly as bench/serve/run.py
sets it up. Every candidate runs with the same number of worker processes on loopback,
without access logs unless its name says so, and is driven against the published article
page (the embedded fast path) and the takedown page (a render through Django). Servers
that are not installed are listed as skipped; `pip install --target DIR granian` and
`--extra-path DIR` try one without touching the project's environment.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402

PY = bench.PYTHON


def candidates(workers: int, port: int) -> dict[str, list[str]]:
    """Command lines serving huiwen.wsgi:application on 127.0.0.1:port."""
    bind = f"127.0.0.1:{port}"
    return {
        # What `huiwen serve` runs today (gthread, 4 threads, an access log line per request).
        "huiwen serve (gunicorn gthread, access log)": [PY, "-m", "huiwen", "serve", "--port", str(port),
                                                       "--workers", str(workers)],
        "gunicorn gthread x4 threads": [PY, "-m", "gunicorn", "-b", bind, "-w", str(workers), "-k", "gthread",
                                        "--threads", "4", "huiwen.wsgi:application"],
        "gunicorn sync": [PY, "-m", "gunicorn", "-b", bind, "-w", str(workers), "-k", "sync",
                          "huiwen.wsgi:application"],
        "granian wsgi": [PY, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                         "--workers", str(workers), "--no-ws", "huiwen.wsgi:application"],
        "granian wsgi, 1 blocking thread": [PY, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
                                            "--port", str(port), "--workers", str(workers), "--no-ws",
                                            "--blocking-threads", "1", "huiwen.wsgi:application"],
    }


def installed(name: str, module: str, extra_path: list[str]) -> bool:
    if name.startswith("huiwen serve"):
        return True
    saved = list(sys.path)
    sys.path[:0] = extra_path
    try:
        return importlib.util.find_spec(module) is not None
    finally:
        sys.path[:] = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", help="comma-separated substrings of the candidates' names")
    parser.add_argument("--extra-path", action="append", default=[], help="a folder with more server packages")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    return bench.run_cleanly("bench/serve/servers", args, compare)


def compare(args: argparse.Namespace, processes: bench.Processes, data_dir: Path) -> int:
    tools = bench.ensure_tools()
    extra = [str(Path(path).resolve()) for path in args.extra_path]
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir), "HUIWEN_LOG_LEVEL": "WARNING"}
    for name in ("HUIWEN_DATABASE_URL", "HUIWEN_REDIS_URL", "HUIWEN_TASKS_IMMEDIATE", "HUIWEN_DEBUG",
                 "HUIWEN_PUBLIC_ROOT"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(bench.REPO_ROOT), *extra, env.get("PYTHONPATH")]))
    logs = data_dir / "logs"
    logs.mkdir()
    setup_log = logs / "setup.log"
    result = bench.huiwen("demo", "--no-serve", env=env, log=setup_log)
    if result.returncode != 0:
        raise bench.BenchError(f"`huiwen demo --no-serve` failed:\n{result.stderr[-3000:]}")
    bench.publish_all(env, setup_log, args)
    # collectstatic once, as `huiwen serve` would, so no candidate pays for it.
    bench.huiwen("manage", "collectstatic", "--noinput", "-v0", env=env, log=setup_log)
    articles = sorted((data_dir / "public" / "article").glob("*.html"))
    if not articles:
        raise bench.BenchError("nothing was published under public/article/")
    article_path = f"/article/{articles[0].name}"

    script = data_dir / "report.lua"
    script.write_text(bench.WRK_REPORT)
    pages = [(article_path, "published (file)"), ("/takedown/", "rendered by Django")]
    rows: list[bench.Row] = []
    print(f"bench/serve/servers: {os.cpu_count()} CPUs, {args.workers} worker processes each; wrk "
          f"{args.connections} connections, {args.threads} threads, {args.duration:.0f} s per page; "
          f"load average {bench.load_average()}", flush=True)
    only = [part.strip() for part in args.only.split(",")] if args.only else None
    for name in candidates(args.workers, 0):
        if only and not any(part in name for part in only):
            continue
        module = candidates(args.workers, 0)[name][2] if not name.startswith("huiwen") else "huiwen"
        if not installed(name, module, extra):
            print(f"  {name}: skipped ({module} is not installed)")
            continue
        port = bench.free_port()
        log = logs / f"{name.split()[0]}-{port}.log"
        process = processes.start(name, candidates(args.workers, port)[name], env=env, log=log)
        try:
            bench.wait_until_listening(port, process, name, log)
            base = f"http://127.0.0.1:{port}"
            bench.wait_for_page(base + article_path)
            for url_path, kind in pages:
                row = bench.Row(name, f"{url_path} ({kind})", base + url_path)
                status, _, body = bench.fetch(row.url)
                if status != 200:
                    raise bench.BenchError(f"{row.url}: status {status} from {name}")
                measured = [bench.measure(row, tools["wrk"], script, args) for _ in range(max(1, args.rounds))]
                bench.summarise(row, measured)
                rows.append(row)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)

    headers = ("server", "page", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx")
    table = [(row.path, row.page, f"{row.rps:,.0f}", f"{row.p50_ms:.2f}", f"{row.p99_ms:.2f}", str(row.errors),
              str(row.non_2xx)) for row in rows]
    widths = [max(len(header), *(len(line[i]) for line in table)) if table else len(header)
              for i, header in enumerate(headers)]
    print()
    for line in (headers, tuple("-" * width for width in widths), *table):
        print("  ".join(cell.rjust(widths[i]) if i >= 2 else cell.ljust(widths[i]) for i, cell in enumerate(line)))
    print(f"\nload average after: {bench.load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
