"""Soak: the public site under steady load while a collector writes, on loopback only.

    .venv/bin/python bench/soak/run.py [--duration 30] [--connections 32] [--workers 2]
                                       [--database-url URL --redis-url URL]

In a temporary HUIWEN_DATA_DIR: `huiwen demo --no-serve` and `huiwen publish --all`, a
loopback news site (a feed of --feed-articles pages of its own), `huiwen serve`, and a
collecting process (`huiwen collect --all`, again and again) that reads that site into
the same database. wrk then mixes, for --duration seconds, published article pages,
searches and the takedown form (English and Chinese), while --beacon-clients threads send
view beacons (POST /hit/<id>/, each with a new visitor id, as hit.js sends them) and
count every answer. Load starts once the collector has stored its first article.
Afterwards it checks:

  - 0 errors: no connect/read/write error, no timeout, no status >= 400;
  - the stored view counts (and the per-day counts) rose by exactly the number of beacons
    answered, none lost and none twice under concurrency;
  - each web worker process stayed below 150 MB resident memory (RSS; its PSS, which
    counts pages shared with the other workers by their share, is printed beside it);
  - no "database is locked" in any process's log.

It prints one table and exits 1 when a check fails. The default duration is a quick
check; the issue's soak is several minutes (--duration 300). Every process it starts
is stopped at the end, also on errors and Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

import run as bench  # noqa: E402 - bench/serve/run.py: processes, wrk, waiting

MEMORY_LIMIT_MB = 150

# Counts every answer >= 400 per wrk thread; done() adds them up with wrk's statistics.
WRK_SCRIPT = r"""
local paths = {%(paths)s}
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) failed = 0; math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
response = function(status, headers, body) if status >= 400 then failed = failed + 1 end end
done = function(summary, latency, requests)
  local f = 0
  for _, thread in ipairs(threads) do f = f + thread:get("failed") end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %%.0f, "duration_us": %%.0f, "p50_us": %%.0f, "p99_us": %%.0f, "connect": %%.0f, ' ..
    '"read": %%.0f, "write": %%.0f, "status": %%.0f, "timeout": %%.0f, "failed": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect, e.read,
    e.write, e.status, e.timeout, f))
end
"""
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

COUNTS = (
    "import json; from django.db.models import Sum; from huiwen.news.models import Article, DailyViews; "
    "print('COUNTS ' + json.dumps({'views': Article.objects.aggregate(n=Sum('view_count'))['n'] or 0, "
    "'daily': DailyViews.objects.aggregate(n=Sum('views'))['n'] or 0, 'articles': Article.objects.count(), "
    "'published': list(Article.objects.published().values_list('pk', flat=True)[:50])}))"
)
ADD_SOURCE = (
    "from huiwen.sources.models import Source; "
    "Source.objects.create(name='压测新闻站', kind='feed', location='{feed}', publish_mode='auto', interval_minutes=1)"
)

PHRASES = ["城市更新", "轨道交通", "社区医院", "乡村振兴", "高新园区", "博物馆夜场", "港口吞吐量", "新能源汽车",
           "老旧小区", "防汛演练", "职业教育", "冬季供暖", "数字政务", "文旅消费", "科技创新", "生态修复"]


def news_site(count: int) -> ThreadingHTTPServer:
    """A loopback site: /feed.xml lists ``count`` articles; each page has text of its own
    (so dedupe keeps them apart) and robots.txt allows everything."""
    def article(index: int) -> bytes:
        chooser = random.Random(index)
        paragraphs = "".join(
            f"<p>第{index}号稿件:{'、'.join(chooser.sample(PHRASES, 5))}等工作在本周取得新进展,"
            f"有关部门表示将在{chooser.randint(2, 12)}月底前完成第{chooser.randint(1, 99)}批项目的验收。</p>"
            for _ in range(6)
        )
        return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>压测稿件{index}</title></head>"
                f"<body><article><h1>压测稿件{index}:{chooser.choice(PHRASES)}</h1>"
                f"<time datetime='2026-11-30T08:00:00+08:00'>2026-11-30</time>{paragraphs}</article></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                items = "".join(f"<item><title>压测稿件{i}</title><link>{base}/news/{i}.html</link></item>" for i in range(count))
                feed = f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>压测</title>{items}</channel></rss>"
                body, kind = feed.encode(), "application/rss+xml"
            elif self.path.startswith("/news/") and self.path.removeprefix("/news/").removesuffix(".html").isdigit():
                body, kind = article(int(self.path.removeprefix("/news/").removesuffix(".html"))), "text/html; charset=utf-8"
            elif self.path == "/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def counts(env: dict, log: Path) -> dict:
    result = bench.huiwen("manage", "shell", "-c", COUNTS, env=env, log=log)
    line = next((line for line in result.stdout.splitlines() if line.startswith("COUNTS ")), None)
    if result.returncode != 0 or line is None:
        raise bench.BenchError(f"could not read the counts:\n{result.stderr[-2000:]}")
    return json.loads(line.removeprefix("COUNTS "))


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident (RSS) and proportional (PSS) size of a process. RSS counts in full every
    page the worker shares with granian's parent and the other workers (Django, the
    search dictionaries loaded before the fork); PSS counts a shared page's share."""
    sizes = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                sizes[name] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return sizes.get("Rss", 0.0), sizes.get("Pss", 0.0)


class Beacons:
    """View beacons as hit.js sends them (POST, a new visitor id each), from ``clients``
    threads over kept-alive connections until ``stop`` is set. Every request is waited
    for, so ``answered`` is exact: the views the site must have stored."""

    def __init__(self, port: int, paths: list[str], clients: int) -> None:
        self.port, self.paths, self.stop = port, paths, threading.Event()
        self.answered, self.failed, self.lock = 0, [], threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(clients)]

    def __enter__(self) -> Beacons:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _client(self, n: int) -> None:
        import http.client

        chooser = random.Random(n)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while not self.stop.is_set():
            path = chooser.choice(self.paths)
            try:
                connection.request("POST", path, headers={"User-Agent": BROWSER, "Content-Length": "0",
                                                          "Cookie": f"hw_vid={chooser.getrandbits(128):032x}"})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                with self.lock:
                    self.failed.append(f"{path}: {error}")
                continue
            with self.lock:
                if response.status == 200 and body.startswith(b'{"views":'):
                    self.answered += 1
                else:
                    self.failed.append(f"{path}: HTTP {response.status}")


class MemoryWatch(threading.Thread):
    """The largest RSS and PSS seen of each web worker process, sampled every second."""

    def __init__(self, server_pid: int) -> None:
        super().__init__(daemon=True)
        self.server_pid, self.peak, self.peak_pss, self.stopping = server_pid, {}, {}, threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(1.0):
            for pid in children(self.server_pid):
                rss, pss = memory_mb(pid)
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss)
                self.peak_pss[pid] = max(self.peak_pss.get(pid, 0.0), pss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of load (default 30; the soak: 300)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections for pages (default 16)")
    parser.add_argument("--beacon-clients", type=int, default=4, help="concurrent view-beacon senders (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="`huiwen serve --workers` (default 2)")
    parser.add_argument("--feed-articles", type=int, default=300, help="pages on the loopback news site (default 300)")
    parser.add_argument("--database-url", help="HUIWEN_DATABASE_URL (default: SQLite in the temporary data dir)")
    parser.add_argument("--redis-url", help="HUIWEN_REDIS_URL (default: none)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir (logs) afterwards")
    args = parser.parse_args(argv)
    return bench.run_cleanly("bench/soak", args, soak)


def soak(args: argparse.Namespace, processes: bench.Processes, data_dir: Path) -> int:
    wrk = bench.ensure_tools()["wrk"]
    log = data_dir / "soak.log"
    port = bench.free_port()
    site = news_site(args.feed_articles)
    site_port = site.server_address[1]
    env = {name: value for name, value in os.environ.items() if not name.startswith("HUIWEN_")}
    env.update({
        "HUIWEN_DATA_DIR": str(data_dir), "HUIWEN_LOG_LEVEL": "WARNING", "HUIWEN_SITE_URL": f"http://127.0.0.1:{port}",
        # All load comes from one address: lift the per-address bound so every beacon
        # with a new visitor id is a reader to count.
        "HUIWEN_VIEW_MAX_PER_ADDRESS": str(10**9),
        "HUIWEN_FETCH_ALLOW_NETWORKS": f"127.0.0.1:{site_port}", "HUIWEN_FETCH_HOST_DELAY": "0",
    })
    if args.database_url:
        env["HUIWEN_DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["HUIWEN_REDIS_URL"] = args.redis_url
    for step in (("demo", "--no-serve"), ("publish", "--all"),
                 ("manage", "shell", "-c", ADD_SOURCE.format(feed=f"http://127.0.0.1:{site_port}/feed.xml"))):
        result = bench.huiwen(*step, env=env, log=log)
        if result.returncode != 0:
            raise bench.BenchError(f"`huiwen {' '.join(step[:2])}` failed:\n{result.stderr[-3000:]}")
    before = counts(env, log)
    if not before["published"]:
        raise bench.BenchError("the demo site has no published article")
    home = f"http://127.0.0.1:{port}"
    paths = [f"/article/{pk}.html" for pk in before["published"]] + [
        "/search/?q=%E6%94%B9%E9%80%A0", "/search/?q=%E5%9F%8E%E5%B8%82", "/takedown/", "/en/takedown/", "/"]
    script = data_dir / "soak.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})

    serve_log, collect_log = data_dir / "serve.log", data_dir / "collect.log"
    server = processes.start("huiwen serve", [bench.PYTHON, "-m", "huiwen", "serve", "--port", str(port),
                                              "--workers", str(args.workers)], env=env, log=serve_log)
    bench.wait_until_listening(port, server, "huiwen serve", serve_log)
    bench.wait_for_page(home + "/")
    memory = MemoryWatch(server.pid)
    memory.start()
    collector = processes.start("collector", ["bash", "-c", f"while :; do '{bench.PYTHON}' -m huiwen collect --all; sleep 1; done"],
                                env=env, log=collect_log)
    # The load starts once the collector is storing articles, so the two overlap.
    deadline = time.monotonic() + 300
    while (collecting := counts(env, log))["articles"] == before["articles"]:
        if time.monotonic() > deadline or collector.poll() is not None:
            raise bench.BenchError(f"the collector stored nothing within 300 s; its log: {collect_log}")
        time.sleep(2)
    started = time.monotonic()
    with Beacons(port, [f"/hit/{pk}/" for pk in before["published"]], args.beacon_clients) as beacons:
        result = bench.run_wrk(wrk, script, home + "/", threads=args.threads, connections=args.connections,
                               seconds=args.duration)
    elapsed = time.monotonic() - started
    memory.stopping.set()
    os.killpg(collector.pid, 15)
    collector.wait(timeout=60)
    after = counts(env, log)

    logs = "".join(path.read_text(errors="replace") for path in (serve_log, collect_log, log))
    locked = logs.count("database is locked")
    errors = {name: int(result[name]) for name in ("connect", "read", "write", "timeout", "failed")}
    errors["beacons"] = len(beacons.failed)
    stored, daily = after["views"] - before["views"], after["daily"] - before["daily"]
    peak = max(memory.peak.values(), default=0.0)
    checks = {
        "no errors": sum(errors.values()) == 0,
        "views stored == beacons answered (total and per day)": stored == beacons.answered == daily,
        f"each web worker < {MEMORY_LIMIT_MB} MB": 0 < peak < MEMORY_LIMIT_MB,
        "no 'database is locked'": locked == 0,
        "collector stored articles during the load": after["articles"] > collecting["articles"],
    }
    engine = "PostgreSQL" + (" + Redis" if args.redis_url else "") if args.database_url else "SQLite"
    print(f"\nbench/soak: {engine}, {args.workers} web workers, {args.connections} connections, {elapsed:.0f} s, "
          f"load average {bench.load_average()}")
    print("| page requests | req/s | p50 ms | p99 ms | errors (connect/read/write/timeout/>=400/beacon) | beacons answered "
          "| views stored (total/daily) | articles collected | peak RSS per web worker MB | peak PSS MB | 'database is locked' |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {result['requests']:.0f} | {result['requests'] / (result['duration_us'] / 1e6):.0f} "
          f"| {result['p50_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} "
          f"| {'/'.join(str(errors[n]) for n in ('connect', 'read', 'write', 'timeout', 'failed', 'beacons'))} "
          f"| {beacons.answered} | {stored}/{daily} "
          f"| {after['articles'] - collecting['articles']} "
          f"| {', '.join(f'{mb:.0f}' for mb in sorted(memory.peak.values())) or 'none seen'} "
          f"| {', '.join(f'{mb:.0f}' for mb in sorted(memory.peak_pss.values())) or 'none seen'} | {locked} |")
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    for failure in beacons.failed[:5]:
        print(f"  beacon failed: {failure}")
    site.shutdown()
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
