"""Serving speed: nginx on a static file, `huiwen serve` alone, and the production stack.

    .venv/bin/python bench/serve/run.py [--duration 10] [--connections 64] [--threads 2]

Everything runs on loopback in one temporary HUIWEN_DATA_DIR: `huiwen demo --no-serve`
loads the demo content, `huiwen publish --all` publishes it, then the benchmark starts

  a) nginx serving the article page's published bytes as a plain static file (its own
     minimal configuration: the yardstick every ratio is taken against),
  b) `huiwen serve` alone (the embedded path),
  c) nginx with huiwen's own `huiwen nginx-conf --full` configuration in front of (b),

and drives each with wrk (64 connections, --duration seconds after a short warm-up)
against the article page and the home page, plus the miss path through (c): a page the
application renders on every request because it is never published (/takedown/) and an
unknown article (404). It prints one table and checks the targets of issue 8: the
production stack at >= 80 % of nginx static on the article page with p99 < 10 ms, and
`huiwen serve` alone at >= 10 %.

nginx and wrk are Debian packages; when one is missing and we are root it is installed
with apt-get. Every process the benchmark starts is stopped at the end, also on errors
and Ctrl-C. `--articles N` (render cost over a generated archive, in process) is reserved
for that benchmark and not built here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

# wrk calls done() once with the merged statistics of all its threads; printing them as
# one JSON line is sturdier than reading its human-readable report.
WRK_REPORT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, "p50_us": %.0f, "p90_us": %.0f, ' ..
    '"p99_us": %.0f, "max_us": %.0f, "mean_us": %.1f, "connect": %.0f, "read": %.0f, "write": %.0f, ' ..
    '"status": %.0f, "timeout": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
"""

STATIC_NGINX_CONF = """\
{user}worker_processes auto;
pid "{state}/nginx.pid";
error_log "{state}/error.log" warn;
events {{
    worker_connections 4096;
}}
http {{
    types {{ text/html html; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000;
    client_body_temp_path "{state}/client_body";
    proxy_temp_path "{state}/proxy";
    fastcgi_temp_path "{state}/fastcgi";
    uwsgi_temp_path "{state}/uwsgi";
    scgi_temp_path "{state}/scgi";
    server {{
        listen 127.0.0.1:{port};
        root "{root}";
    }}
}}
"""


class BenchError(RuntimeError):
    """Something the benchmark needs is missing or did not come up; the message says what."""


# --- processes ----------------------------------------------------------------------------


class Processes:
    """Every process the benchmark starts, each in its own process group, stopped at exit."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
        with log.open("ab") as out:
            process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        for _, process in reversed(self.started):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 15
        for _, process in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for _, process in self.started:
            # The group too: workers a master left behind.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            if process.poll() is None:
                process.wait(timeout=5)
        self.started.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, name: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{name} exited with {process.returncode} before listening; its log ({log}):\n"
                             + log.read_text(errors="replace")[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise BenchError(f"{name} did not listen on 127.0.0.1:{port} within {timeout:.0f} s (log: {log})")


def fetch(url: str, *, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """GET without compression or redirects; any status is returned, not raised."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity", "User-Agent": "huiwen-bench"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def wait_for_page(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            status, _, _ = fetch(url, timeout=5)
            if status == 200:
                return
            last = f"status {status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer 200 within {timeout:.0f} s ({last})")


# --- tools --------------------------------------------------------------------------------


def ensure_tools() -> dict[str, str]:
    """nginx and wrk from Debian, installed with apt-get when missing and we are root."""
    wanted = {"nginx": "nginx", "wrk": "wrk"}
    found = {name: shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
             for name in wanted}
    missing = [wanted[name] for name, path in found.items() if not path]
    if missing:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            raise BenchError(f"missing {', '.join(missing)}: install the Debian package(s) "
                             f"(apt-get install {' '.join(missing)}) and run again")
        print(f"Installing Debian packages: {' '.join(missing)}", flush=True)
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=environment,
                       stdout=subprocess.DEVNULL)
        found = {name: shutil.which(name) or f"/usr/sbin/{name}" for name in wanted}
    return found


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Row:
    path: str
    page: str
    url: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    non_2xx: int = 0
    note: str = ""


def run_wrk(wrk: str, script: Path, url: str, *, threads: int, connections: int, seconds: float) -> dict:
    args = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s",
            "--latency", "-s", str(script), url]
    result = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60)
    found = re.search(r"^WRK_JSON (\{.*\})\s*$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not found:
        raise BenchError(f"wrk failed on {url} (exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    data = json.loads(found.group(1))
    if data["duration_us"] <= 0:
        raise BenchError(f"wrk reported no duration for {url}: {found.group(1)}")
    return data


def measure(row: Row, wrk: str, script: Path, args: argparse.Namespace) -> dict:
    """One round on one row: a warm-up, then ``--duration`` seconds measured."""
    if args.warmup > 0:
        run_wrk(wrk, script, row.url, threads=args.threads, connections=args.connections, seconds=args.warmup)
    data = run_wrk(wrk, script, row.url, threads=args.threads, connections=args.connections, seconds=args.duration)
    print(f"  {row.path:<22} {row.page:<30} {data['requests'] / (data['duration_us'] / 1e6):>10,.0f} req/s  "
          f"p50 {data['p50_us'] / 1000:7.2f} ms  p99 {data['p99_us'] / 1000:7.2f} ms", flush=True)
    return data


def summarise(row: Row, rounds: list[dict]) -> None:
    """The median of each figure over the rounds (one round: its figures)."""
    row.rps = statistics.median(data["requests"] / (data["duration_us"] / 1e6) for data in rounds)
    row.p50_ms = statistics.median(data["p50_us"] for data in rounds) / 1000
    row.p99_ms = statistics.median(data["p99_us"] for data in rounds) / 1000
    row.errors = int(sum(data["connect"] + data["read"] + data["write"] + data["timeout"] for data in rounds))
    row.non_2xx = int(sum(data["status"] for data in rounds))


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def print_table(rows: list[Row], baseline: float) -> None:
    headers = ("path", "page", "req/s", "p50 ms", "p99 ms", "vs nginx static", "errors", "non-2xx")
    table = [
        (row.path, row.page, f"{row.rps:,.0f}", f"{row.p50_ms:.2f}", f"{row.p99_ms:.2f}",
         f"{100 * row.rps / baseline:.1f} %" if baseline else "-", str(row.errors), str(row.non_2xx) + row.note)
        for row in rows
    ]
    widths = [max(len(header), *(len(line[i]) for line in table)) for i, header in enumerate(headers)]
    numeric = {2, 3, 4, 5, 6, 7}

    def render(cells) -> str:
        return "  ".join(cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells))

    print()
    print(render(headers))
    print("  ".join("-" * width for width in widths))
    for line in table:
        print(render(line))


# --- setting up ---------------------------------------------------------------------------


def huiwen(*args: str, env: dict, log: Path, timeout: float = 1800) -> subprocess.CompletedProcess:
    result = subprocess.run([PYTHON, "-m", "huiwen", *args], env=env, capture_output=True, text=True, timeout=timeout)
    with log.open("a") as out:
        out.write(f"$ huiwen {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    return result


def publish_all(env: dict, log: Path) -> None:
    result = huiwen("publish", "--all", env=env, log=log)
    if result.returncode != 0:
        raise BenchError(f"`huiwen publish --all` failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds measured per row (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load before each row")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every row this many times, rows interleaved, and report medians (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="`huiwen serve --workers` (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir (logs, configs) afterwards")
    args = parser.parse_args(argv)
    return run_cleanly("bench/serve", args, run)


def run_cleanly(name: str, args: argparse.Namespace, body) -> int:
    """``body(args, processes, data_dir)`` in a fresh data dir, with every process it
    started stopped on any exit (an error, Ctrl-C or SIGTERM) and the dir removed unless
    ``--keep``."""
    processes = Processes()

    def on_term(signum, frame):  # SIGTERM: clean up as on Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    data_dir = Path(tempfile.mkdtemp(prefix=f"huiwen-{name.replace('/', '-')}-"))
    try:
        return body(args, processes, data_dir)
    except BenchError as error:
        print(f"\n{name}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{name}: interrupted", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        signal.signal(signal.SIGTERM, previous)
        if args.keep:
            print(f"(kept {data_dir})")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, processes: Processes, data_dir: Path) -> int:
    tools = ensure_tools()
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir), "HUIWEN_LOG_LEVEL": "WARNING",
           # One proxy in front on the production path; harmless when clients connect directly here.
           "HUIWEN_PROXY_COUNT": "1"}
    for name in ("HUIWEN_DATABASE_URL", "HUIWEN_REDIS_URL", "HUIWEN_TASKS_IMMEDIATE", "HUIWEN_DEBUG",
                 "HUIWEN_PUBLIC_ROOT"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    logs = data_dir / "logs"
    logs.mkdir()
    setup_log = logs / "setup.log"
    user = "root" if os.geteuid() == 0 else None  # nginx workers must read the private temp dir

    print(f"bench/serve: {os.cpu_count()} CPUs, data dir {data_dir}", flush=True)
    result = huiwen("demo", "--no-serve", env=env, log=setup_log)
    if result.returncode != 0:
        raise BenchError(f"`huiwen demo --no-serve` failed:\n{result.stderr[-3000:]}")
    publish_all(env, setup_log)

    # b) huiwen serve alone.
    app_port = free_port()
    serve_log = logs / "serve.log"
    serve = processes.start("huiwen serve", [PYTHON, "-m", "huiwen", "serve", "--port", str(app_port),
                                             "--workers", str(args.workers)], env=env, log=serve_log)
    wait_until_listening(app_port, serve, "huiwen serve", serve_log)
    app = f"http://127.0.0.1:{app_port}"
    wait_for_page(app + "/")
    status, _, home = fetch(app + "/")
    article_ids = re.findall(rb'href="/article/(\d+)\.html"', home)
    if not article_ids:
        raise BenchError("the home page links no article (/article/<id>.html); has the demo content loaded?")
    article_path = f"/article/{article_ids[0].decode()}.html"

    public = data_dir / "public"  # PUBLIC_ROOT's default (HUIWEN_PUBLIC_ROOT is unset above)
    article_file = public / article_path.lstrip("/")
    if not article_file.exists():
        raise BenchError(f"{article_file} was not published")
    article_bytes = article_file.read_bytes()

    # a) nginx on a plain copy of the same bytes.
    static_port = free_port()
    static_dir = data_dir / "nginx-static"
    (static_dir / "state").mkdir(parents=True)
    (static_dir / "root" / "article").mkdir(parents=True)
    (static_dir / "root" / article_path.lstrip("/")).write_bytes(article_bytes)
    static_conf = static_dir / "nginx.conf"
    static_conf.write_text(STATIC_NGINX_CONF.format(
        user=f"user {user};\n" if user else "", state=static_dir / "state", root=static_dir / "root", port=static_port))
    static_log = logs / "nginx-static.log"
    static = processes.start("nginx (static)", [tools["nginx"], "-c", str(static_conf), "-g", "daemon off;"],
                             env=env, log=static_log)
    wait_until_listening(static_port, static, "nginx (static)", static_log)

    # c) nginx with huiwen's own configuration in front of huiwen serve.
    stack_port = free_port()
    conf_args = ["nginx-conf", "--full", "--listen", f"127.0.0.1:{stack_port}", "--upstream", f"127.0.0.1:{app_port}"]
    result = huiwen(*conf_args, *(["--user", user] if user else []), env=env, log=setup_log)
    if result.returncode != 0:
        raise BenchError(f"`huiwen nginx-conf --full` failed:\n{result.stderr[-3000:]}")
    stack_conf = data_dir / "nginx.conf"
    stack_conf.write_text(result.stdout)
    stack_log = logs / "nginx-stack.log"
    stack = processes.start("nginx (huiwen)", [tools["nginx"], "-c", str(stack_conf), "-g", "daemon off;"],
                            env=env, log=stack_log)
    wait_until_listening(stack_port, stack, "nginx (huiwen)", stack_log)

    static_url = f"http://127.0.0.1:{static_port}"
    stack_url = f"http://127.0.0.1:{stack_port}"
    rows = [
        Row("nginx static file", article_path, static_url + article_path),
        Row("huiwen serve", article_path, app + article_path),
        Row("huiwen serve", "/", app + "/"),
        Row("nginx + huiwen serve", article_path, stack_url + article_path),
        Row("nginx + huiwen serve", "/", stack_url + "/"),
        Row("miss: nginx + huiwen", "/takedown/ (never published)", stack_url + "/takedown/"),
        Row("miss: nginx + huiwen", "/article/999999.html (404)", stack_url + "/article/999999.html"),
    ]

    # Every row answers what it should before it is measured.
    for row in rows:
        status, headers, body = fetch(row.url)
        expected = 404 if "(404)" in row.page else 200
        if status != expected:
            raise BenchError(f"{row.url}: status {status}, expected {expected}")
        if row.page == article_path and body != article_bytes:
            row.note = " (body differs from the published file)"
        if "set-cookie" in headers and row.path != "miss: nginx + huiwen":
            row.note += " (sets a cookie)"

    script = data_dir / "report.lua"
    script.write_text(WRK_REPORT)
    print(f"wrk: {args.connections} connections, {args.threads} threads, {args.duration:.0f} s per row "
          f"after {args.warmup:.0f} s warm-up, {args.rounds} round(s); article page {len(article_bytes):,} bytes; "
          f"load average before: {load_average()}", flush=True)
    measured: dict[int, list[dict]] = {index: [] for index in range(len(rows))}
    for round_number in range(max(1, args.rounds)):
        if args.rounds > 1:
            print(f"round {round_number + 1}", flush=True)
        for index, row in enumerate(rows):
            measured[index].append(measure(row, tools["wrk"], script, args))
    for index, row in enumerate(rows):
        summarise(row, measured[index])

    baseline = rows[0].rps
    print_table(rows, baseline)
    print(f"\nload average after: {load_average()} ({os.cpu_count()} CPUs; other work on the machine skews every row)")
    stack_article, serve_article = rows[3], rows[1]
    print()
    checks = [
        (f"production stack, article page: {100 * stack_article.rps / baseline:.1f} % of nginx static "
         f"(target >= 80 %), p99 {stack_article.p99_ms:.2f} ms (target < 10 ms)",
         stack_article.rps >= 0.8 * baseline and stack_article.p99_ms < 10),
        (f"huiwen serve alone, article page: {100 * serve_article.rps / baseline:.1f} % of nginx static (target >= 10 %)",
         serve_article.rps >= 0.1 * baseline),
    ]
    for text, met in checks:
        print(f"  {'met   ' if met else 'MISSED'}  {text}")
    if any(row.errors or row.non_2xx for row in rows if "(404)" not in row.page):
        print("  note: some rows had socket errors or non-2xx answers; see the table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
