"""What a web process imports: reader pages, search and the takedown form load none of
collection's machinery, which is for workers; and the search dictionaries are loaded
once, by `huiwen serve` before it forks its workers, which then share them.

Memory per web worker is a benchmark (bench/soak), never a test; what is checked here is
structure, which does not flake: the modules a fresh process has loaded after serving
each kind of request through the WSGI application, as `huiwen serve` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from conftest import database_url, free_port

# Collection, fetching and feed parsing (~14 MB together) and the signature maths, only
# workers and the admin's source preview use them.
WORKER_ONLY = ("huiwen.collect", "huiwen.extract", "huiwen.fetch", "huiwen.sources.collector", "httpx", "feedparser",
               "numpy")

SERVE = """
import io, json, sys
from huiwen.wsgi import application

def get(path):
    path, _, query = path.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "HTTP_HOST": "testserver", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
    statuses = []
    b"".join(application(environ, lambda status, headers, *exc: statuses.append(status)))
    return statuses[0]

loaded = {}
for kind, paths in json.loads(sys.argv[1]).items():
    statuses = [get(path) for path in paths]
    loaded[kind] = {"statuses": statuses, "modules": sorted(sys.modules)}
print(json.dumps(loaded))
"""


@pytest.mark.django_db(transaction=True)
def test_reader_requests_load_no_collection_machinery(make_article, tmp_path):
    article = make_article(title="城东新区完成老旧小区改造")
    requests = {
        "pages": ["/", f"/article/{article.pk}.html", "/category/local/", "/rss.xml", "/en/takedown/", "/takedown/"],
        "search": ["/search/?q=%E6%94%B9%E9%80%A0"],
    }
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "huiwen.settings", "HUIWEN_DATA_DIR": str(tmp_path),
           "HUIWEN_DATABASE_URL": database_url(), "HUIWEN_SITE_URL": "http://testserver", "HUIWEN_REDIS_URL": ""}
    result = subprocess.run([sys.executable, "-c", SERVE, json.dumps(requests)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.splitlines()[-1])

    for kind, seen in loaded.items():
        assert set(seen["statuses"]) == {"200 OK"}, (kind, seen["statuses"])
        present = [name for name in WORKER_ONLY if name in seen["modules"]]
        assert not present, f"serving {kind} imported {present}"
    # The dictionaries load with the first search, not with reader pages.
    assert not {"rjieba", "opencc"} & set(loaded["pages"]["modules"])
    assert {"rjieba", "opencc"} <= set(loaded["search"]["modules"])


def test_what_a_process_keeps_per_listing_is_bounded(client, db, make_article, monkeypatch):
    """A crawler paging through every tag leaves at most ``size`` listing counts behind."""
    from huiwen.news import listings
    from huiwen.news.models import Tag

    assert listings._memo.size == listings.KEPT
    monkeypatch.setattr(listings._memo, "size", 2)  # the bound at work, without 5,000 tags
    listings._memo.clear()
    for number in range(4):
        tag = Tag.objects.create(name=f"话题{number}")
        make_article(title=f"第{number}篇").tags.add(tag)
        assert client.get(f"/tags/{tag.pk}/").status_code == 200
    assert 0 < len(listings._memo._entries) <= 2


def test_serve_loads_the_search_dictionaries_before_forking_its_workers(tmp_path):
    """rjieba's extension is mapped in granian's parent process before any request, so
    the workers forked from it share its dictionary instead of each loading one."""
    import httpx

    port = free_port()
    env = {**os.environ, "HUIWEN_DATA_DIR": str(tmp_path), "HUIWEN_DATABASE_URL": database_url(), "HUIWEN_REDIS_URL": ""}
    assert subprocess.run([sys.executable, "-m", "huiwen", "init"], env=env, capture_output=True, timeout=300).returncode == 0
    server = subprocess.Popen([sys.executable, "-m", "huiwen", "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code in (200, 503):
                    break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "huiwen serve did not come up"
                time.sleep(0.2)

        def mapped(pid: int) -> str:
            return open(f"/proc/{pid}/maps").read()

        workers = [int(pid) for pid in open(f"/proc/{server.pid}/task/{server.pid}/children").read().split()]
        assert "rjieba" in mapped(server.pid), "the parent did not load the dictionaries"
        assert workers and all("rjieba" in mapped(pid) for pid in workers), "no worker inherited them"
    finally:
        server.terminate()
        server.wait(timeout=30)
