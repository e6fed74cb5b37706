"""Fetcher behaviour against a real loopback server: content, charsets, compression,
redirects, conditional GET, retries, timeouts, robots.txt and politeness."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from itertools import pairwise

import pytest
from fetchkit import Site, StubResolver, VirtualClock, connections, gate_clock, make_fetcher, redirect, respond, site  # noqa: F401 - pytest fixtures

from huiwen.fetch import (
    DEFAULT_USER_AGENT,
    FetchPolicy,
    HTTPStatusError,
    InvalidURL,
    NetworkError,
    RobotsDisallowed,
    Timeout,
    TooManyRedirects,
)
from huiwen.fetch._decode import ACCEPT_ENCODING

PAGE = "<html><head><title>汇文</title></head><body><p>今日新闻</p></body></html>"


def test_plain_page(site: Site, make_fetcher) -> None:
    site.routes["/"] = respond(200, PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"})

    result = make_fetcher().fetch(site.url("/"))

    assert result.status == 200
    assert result.url == site.url("/")
    assert result.content == PAGE.encode()
    assert result.text == PAGE
    assert result.encoding_declared == "utf-8"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert not result.not_modified and result.redirects == []
    sent = site.seen[-1].headers
    assert sent["User-Agent"] == DEFAULT_USER_AGENT and sent["User-Agent"].startswith("huiwen/")
    assert sent["Accept-Language"].startswith("zh-CN")
    assert "Cookie" not in sent


def test_user_agent_is_configurable(site: Site, make_fetcher) -> None:
    site.routes["/"] = respond(200, b"ok")
    make_fetcher(user_agent="huiwen-staging/0 (+ops@example.org)").fetch(site.url("/"))
    assert site.seen[-1].headers["User-Agent"] == "huiwen-staging/0 (+ops@example.org)"


def test_fragment_is_not_sent(site: Site, make_fetcher) -> None:
    site.routes["/a"] = respond(200, b"ok")
    result = make_fetcher().fetch(site.url("/a?x=1#section"))
    assert site.seen[-1].path == "/a?x=1"
    assert result.url == site.url("/a?x=1")


@pytest.mark.parametrize("label", ["gbk", "GB2312", "gb18030"])
def test_gbk_declared_page_decodes(site: Site, make_fetcher, label: str) -> None:
    body = "<html><body>北京时间：国内新闻·财经频道</body></html>".encode("gbk")
    site.routes["/gbk"] = respond(200, body, {"Content-Type": f"text/html; charset={label}"})

    result = make_fetcher().fetch(site.url("/gbk"))

    assert result.content == body
    assert result.encoding_declared == label.lower()
    assert "国内新闻·财经频道" in result.text


def _deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", _deflate_raw),
        ("gzip, gzip", lambda data: gzip.compress(gzip.compress(data))),
    ],
)
def test_compressed_bodies_are_decoded(site: Site, make_fetcher, coding, encode) -> None:
    body = PAGE.encode() * 2000  # several decoder pieces
    site.routes["/z"] = respond(200, encode(body), {"Content-Encoding": coding})
    assert make_fetcher().fetch(site.url("/z")).content == body


def test_multi_member_gzip_and_trailing_junk(site: Site, make_fetcher) -> None:
    body = gzip.compress(b"first ") + gzip.compress(b"second") + b"\0\0junk"
    site.routes["/z"] = respond(200, body, {"Content-Encoding": "gzip"})
    assert make_fetcher().fetch(site.url("/z")).content == b"first second"


def test_brotli_body_is_decoded(site: Site, make_fetcher) -> None:
    brotli = pytest.importorskip("brotli")
    if "br" not in ACCEPT_ENCODING:
        pytest.skip("installed brotli cannot bound its output, so br is not advertised")
    body = PAGE.encode() * 2000
    site.routes["/br"] = respond(200, brotli.compress(body), {"Content-Encoding": "br"})
    assert make_fetcher().fetch(site.url("/br")).content == body


def test_redirect_chain_with_every_code(site: Site, make_fetcher) -> None:
    site.routes["/r1"] = redirect("/r2", 301)
    site.routes["/r2"] = redirect(site.url("/r3"), 302)
    site.routes["/r3"] = redirect("r4", 303)  # relative to /r3
    site.routes["/r4"] = redirect("/r5?q=1", 307)
    site.routes["/r5"] = redirect(f"//127.0.0.1:{site.port}/done", 308)
    site.routes["/done"] = respond(200, b"arrived")

    result = make_fetcher().fetch(site.url("/r1"))

    assert result.content == b"arrived"
    assert result.url == site.url("/done")
    assert result.redirects == [site.url(p) for p in ("/r1", "/r2", "/r3", "/r4", "/r5?q=1")]


def test_redirect_loop_stops_after_max_redirects(site: Site, make_fetcher) -> None:
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")

    with pytest.raises(TooManyRedirects) as caught:
        make_fetcher(obey_robots=False).fetch(site.url("/a"))

    assert sum(site.hits.values()) == 6  # the first request plus five redirects followed
    assert len(caught.value.redirects) == 6
    assert caught.value.url == site.url("/a")
    assert "max_redirects=5" in str(caught.value)


def test_redirect_limit_is_configurable(site: Site, make_fetcher) -> None:
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = respond(200, b"ok")
    with pytest.raises(TooManyRedirects):
        make_fetcher(max_redirects=0).fetch(site.url("/a"))


@pytest.mark.parametrize(
    "location", ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1:70/", "javascript:alert(1)"]
)
def test_redirect_to_other_scheme_is_refused(site: Site, make_fetcher, location: str) -> None:
    site.routes["/r"] = redirect(location)
    with pytest.raises(InvalidURL, match="only http:// and https://"):
        make_fetcher().fetch(site.url("/r"))


def test_etag_and_last_modified_give_not_modified(site: Site, make_fetcher) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"}

    def conditional(handler) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            respond(304, headers={"ETag": '"v1"'})(handler)
        else:
            respond(200, b"feed body", validators)(handler)

    site.routes["/feed"] = conditional
    fetcher = make_fetcher()

    first = fetcher.fetch(site.url("/feed"))
    second = fetcher.fetch(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)

    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', validators["Last-Modified"])
    assert second.not_modified and second.status == 304
    assert second.content == b"" and second.text == ""
    assert second.etag == '"v1"'
    assert second.last_modified == validators["Last-Modified"]  # kept although the 304 omitted it
    sent = site.seen[-1].headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == validators["Last-Modified"]
    assert "If-None-Match" not in site.seen[-2].headers


def test_503_then_200_is_retried(site: Site, make_fetcher) -> None:
    def flaky(handler) -> None:
        if site.hits["/flaky"] == 1:
            respond(503, b"busy")(handler)
        else:
            respond(200, b"recovered")(handler)

    site.routes["/flaky"] = flaky
    assert make_fetcher().fetch(site.url("/flaky")).content == b"recovered"
    assert site.hits["/flaky"] == 2


def test_persistent_5xx_gives_up_after_max_retries(site: Site, make_fetcher) -> None:
    site.routes["/down"] = respond(502, b"bad gateway")
    with pytest.raises(HTTPStatusError) as caught:
        make_fetcher(max_retries=2).fetch(site.url("/down"))
    assert caught.value.status == 502
    assert site.hits["/down"] == 3


def test_404_is_not_retried(site: Site, make_fetcher) -> None:
    with pytest.raises(HTTPStatusError, match="HTTP 404; the page is gone") as caught:
        make_fetcher().fetch(site.url("/missing"))
    assert caught.value.status == 404
    assert site.hits["/missing"] == 1


def test_429_retry_after_is_honoured(site: Site, make_fetcher, monkeypatch) -> None:
    answers = iter([respond(429, headers={"Retry-After": "1"}), respond(200, b"ok")])
    site.routes["/rl"] = lambda handler: next(answers)(handler)
    clock = VirtualClock()
    monkeypatch.setattr("huiwen.fetch.fetcher.time", clock)
    assert make_fetcher().fetch(site.url("/rl")).content == b"ok"
    assert clock.sleeps == [1.0]  # the server's 1 s, not our 10 ms backoff


def test_retry_after_beyond_cap_fails_fast_with_the_delay(site: Site, make_fetcher, monkeypatch) -> None:
    site.routes["/rl"] = respond(429, headers={"Retry-After": "3600"})
    clock = VirtualClock()
    monkeypatch.setattr("huiwen.fetch.fetcher.time", clock)
    with pytest.raises(HTTPStatusError, match="max_retry_after") as caught:
        make_fetcher().fetch(site.url("/rl"))
    assert clock.sleeps == []  # gave up at once instead of waiting to retry
    assert (caught.value.status, caught.value.retry_after) == (429, 3600)
    assert site.hits["/rl"] == 1


def test_slow_server_read_timeout(site: Site, make_fetcher) -> None:
    released = threading.Event()

    def slow(handler) -> None:
        released.wait(30)  # answers only once the test is over
        respond(200, b"late")(handler)

    site.routes["/slow"] = slow
    try:
        with pytest.raises(Timeout, match="read_timeout"):
            make_fetcher(read_timeout=0.3).fetch(site.url("/slow"))
        assert not released.is_set()  # gave up while the server still held the answer
    finally:
        released.set()


def test_trickling_server_hits_total_timeout(site: Site, make_fetcher) -> None:
    sent: list[int] = []
    done = threading.Event()

    def trickle(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):  # each byte arrives well within read_timeout
            if done.wait(0.05):
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()
            sent.append(1)

    site.routes["/trickle"] = trickle
    try:
        with pytest.raises(Timeout, match="total_timeout"):
            make_fetcher(read_timeout=1.0, total_timeout=0.5).fetch(site.url("/trickle"))
        assert len(sent) < 100  # cut off mid-body, not after the whole trickle
    finally:
        done.set()


def test_connection_refused_is_a_network_error(site: Site, make_fetcher) -> None:
    with socket_bound_but_closed() as port:
        fetcher = make_fetcher(allow_networks=(f"127.0.0.1:{port}",))
        with pytest.raises(NetworkError, match="ConnectError"):
            fetcher.fetch(f"http://127.0.0.1:{port}/")


def test_a_dns_lookup_that_hangs_times_out(site: Site, make_fetcher) -> None:
    released = threading.Event()
    answered = threading.Event()

    def hanging_resolver(host: str, port: int) -> list[str]:
        released.wait(30)  # a DNS server that never answers
        answered.set()
        return ["93.184.216.34"]

    fetcher = make_fetcher(resolver=hanging_resolver, connect_timeout=0.3)
    try:
        with pytest.raises(Timeout, match="timed out resolving host 'slow-dns.example'"):
            fetcher.fetch("http://slow-dns.example/")
        assert not answered.is_set()  # gave up while the lookup still hung
    finally:
        released.set()


def test_unresolvable_name_fails_cleanly(site: Site, make_fetcher) -> None:
    fetcher = make_fetcher(resolver=StubResolver())
    with pytest.raises(NetworkError, match="could not resolve host 'news.invalid'"):
        fetcher.fetch("http://news.invalid/")
    empty = make_fetcher(resolver=lambda host, port: [])
    with pytest.raises(NetworkError, match="resolved to no addresses"):
        empty.fetch("http://news.invalid/")


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "data:text/html,hi",
     "javascript:alert(1)", "example.com/no-scheme", "http:///path", "http://user:pw@example.com/",
     "http://example.com:99999/", "http://example.com:0/", "http://127.0.0.1\\.evil.com/"],
)
def test_invalid_urls(make_fetcher, url: str) -> None:
    with pytest.raises(InvalidURL):
        make_fetcher().fetch(url)


# --- robots.txt -------------------------------------------------------------------------


def test_robots_disallow_is_honoured_and_cached(site: Site, make_fetcher) -> None:
    site.routes["/robots.txt"] = respond(
        200, b"User-agent: *\nDisallow: /\n\nUser-agent: huiwen\nDisallow: /private\n"
    )
    site.routes["/public"] = respond(200, b"hello")
    site.routes["/private/x"] = respond(200, b"secret")
    fetcher = make_fetcher()

    assert fetcher.fetch(site.url("/public")).content == b"hello"
    with pytest.raises(RobotsDisallowed, match="disallows .*/private/x for user agent 'huiwen'"):
        fetcher.fetch(site.url("/private/x"))
    assert fetcher.fetch(site.url("/public?again")).content == b"hello"

    assert site.hits["/private/x"] == 0
    assert site.hits["/robots.txt"] == 1


def test_robots_checked_on_redirect_target(site: Site, make_fetcher) -> None:
    site.routes["/robots.txt"] = respond(200, b"User-agent: *\nDisallow: /private\n")
    site.routes["/go"] = redirect("/private")
    with pytest.raises(RobotsDisallowed):
        make_fetcher().fetch(site.url("/go"))
    assert site.hits["/private"] == 0


def test_robots_can_be_ignored_by_policy(site: Site, make_fetcher) -> None:
    site.routes["/robots.txt"] = respond(200, b"User-agent: *\nDisallow: /\n")
    site.routes["/"] = respond(200, b"ok")
    assert make_fetcher(obey_robots=False).fetch(site.url("/")).content == b"ok"
    assert site.hits["/robots.txt"] == 0


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_robots_4xx_allows_everything(site: Site, make_fetcher, status: int) -> None:
    site.routes["/robots.txt"] = respond(status)
    site.routes["/"] = respond(200, b"ok")
    assert make_fetcher().fetch(site.url("/")).content == b"ok"


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_5xx_disallows_for_now(site: Site, make_fetcher, status: int) -> None:
    site.routes["/robots.txt"] = respond(status)
    site.routes["/"] = respond(200, b"ok")
    with pytest.raises(RobotsDisallowed, match=f"answered HTTP {status}"):
        make_fetcher().fetch(site.url("/"))
    assert site.hits["/"] == 0


def test_robots_redirect_loop_counts_as_missing(site: Site, make_fetcher) -> None:
    site.routes["/robots.txt"] = redirect("/robots.txt")
    site.routes["/"] = respond(200, b"ok")
    assert make_fetcher().fetch(site.url("/")).content == b"ok"


# --- politeness -------------------------------------------------------------------------


def test_at_most_two_requests_in_flight_per_host(site: Site, make_fetcher) -> None:
    def slow(handler) -> None:
        time.sleep(0.15)
        respond(200, b"ok")(handler)

    site.routes["/slow"] = slow
    fetcher = make_fetcher(obey_robots=False)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            fetcher.fetch(site.url(f"/slow?{i}"))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert site.hits["/slow"] == 8
    assert site.max_in_flight == 2


def _route_recording_starts(clock: VirtualClock, starts: list[float]):
    """Answers "ok" and notes the gate's clock when each request arrives (requests are
    sent one after another, so it reads the start the gate gave that request)."""
    ok = respond(200, b"ok")

    def route(handler) -> None:
        starts.append(clock.now)
        ok(handler)

    return route


def test_min_delay_between_requests_to_a_host(site: Site, make_fetcher, gate_clock: VirtualClock) -> None:
    starts: list[float] = []
    site.routes["/"] = _route_recording_starts(gate_clock, starts)
    fetcher = make_fetcher(obey_robots=False, host_delay=0.2)
    for _ in range(3):
        fetcher.fetch(site.url("/"))
    assert starts == pytest.approx([0.0, 0.2, 0.4])
    assert gate_clock.sleeps == pytest.approx([0.2, 0.2])


def test_robots_crawl_delay_spaces_requests_up_to_a_cap(site: Site, make_fetcher, gate_clock: VirtualClock) -> None:
    starts: list[float] = []
    site.routes["/robots.txt"] = respond(200, b"User-agent: *\nCrawl-delay: 0.3\n")
    site.routes["/"] = _route_recording_starts(gate_clock, starts)
    fetcher = make_fetcher(host_delay=0)
    for _ in range(3):
        fetcher.fetch(site.url("/"))
    assert [b - a for a, b in pairwise(starts)] == pytest.approx([0.3, 0.3])

    site.routes["/robots.txt"] = respond(200, b"User-agent: *\nCrawl-delay: 3\n")
    capped = make_fetcher(host_delay=0, max_crawl_delay=0.05)
    starts.clear()
    for _ in range(3):
        capped.fetch(site.url("/"))
    assert [b - a for a, b in pairwise(starts)] == pytest.approx([0.05, 0.05])
    assert max(gate_clock.sleeps) <= 0.3  # never the host's 3 s


def test_queueing_for_a_host_does_not_eat_the_total_timeout(site: Site, make_fetcher) -> None:
    site.routes["/"] = respond(200, b"ok")
    fetcher = make_fetcher(obey_robots=False, host_delay=0.4, total_timeout=0.3)
    fetcher.fetch(site.url("/"))
    assert fetcher.fetch(site.url("/")).content == b"ok"  # waited 0.4 s for its turn


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        FetchPolicy(max_per_host=0)
    with pytest.raises(TypeError):
        FetchPolicy(allow_networks="127.0.0.1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a network"):
        from huiwen.fetch import Fetcher

        Fetcher(FetchPolicy(allow_networks=("localhost",)))


class socket_bound_but_closed:
    """A loopback port that nothing listens on (bound then released)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        pass
