"""The threaded loopback HTTP server behind TestSite, and its routes."""

from __future__ import annotations

import collections
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from . import column, discovery, hostile
from .layouts import ARTICLE_PAGES

SLOW_DELAY_SECONDS = 5.0
ETAG_PATH = "/etag/a8.html"
ETAG_FEED_PATH = "/etag/feed.xml"
ETAG = '"a8-v1"'
LAST_MODIFIED = format_datetime(datetime(2025, 8, 6, 0, 0, tzinfo=UTC), usegmt=True)
HTML = "text/html; charset=utf-8"


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # Large bodies are streamed: a factory of chunks plus the total length for Content-Length.
    chunks: Callable[[], Iterable[bytes]] | None = None
    length: int | None = None


def _html(body: str, status: int = 200) -> Response:
    return Response(status, {"Content-Type": HTML}, body.encode())


def _redirect(location: str) -> Response:
    return Response(302, {"Location": location, "Content-Type": HTML}, b"<p>moved</p>")


def _not_found() -> Response:
    return _html("<html><body><h1>404 页面不存在</h1></body></html>", 404)


def _article(path: str) -> Response:
    page = ARTICLE_PAGES[path]
    return Response(200, {"Content-Type": page.content_type}, page.body)


def _etag_article(request: Handler) -> Response:
    return _conditional(request, lambda: _article("/news/2025/a8.html"))


def _etag_feed(request: Handler) -> Response:
    return _conditional(request, _discovery(discovery.rss_feed, "application/rss+xml; charset=utf-8"), request)


def _conditional(request: Handler, respond: Callable[..., Response], *args: object) -> Response:
    """A resource that never changes, with validators: 304 to a matching conditional GET."""
    validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = request.headers.get("If-Modified-Since")
    # RFC 9110: If-None-Match, when present, decides alone; weak comparison applies to GET.
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if "*" in tags or ETAG in tags:
            return Response(304, validators)
    elif if_modified_since is not None:
        try:
            if parsedate_to_datetime(if_modified_since) >= parsedate_to_datetime(LAST_MODIFIED):
                return Response(304, validators)
        except (TypeError, ValueError):
            pass  # an unparsable date is ignored, as the RFC requires
    response = respond(*args)
    response.headers.update(validators)
    return response


def _slow(request: Handler) -> Response:
    # Wait on the closing event rather than sleep, so close() never waits for this thread.
    request.server.closing.wait(SLOW_DELAY_SECONDS)
    return _html("<html><body><p>终于加载完成</p></body></html>")


def _bomb(request: Handler) -> Response:
    bomb = hostile.gzip_bomb()
    return Response(
        200,
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        chunks=bomb.chunks,
        length=bomb.compressed_size,
    )


def _discovery(render: Callable[[str], str], content_type: str) -> Callable[[Handler], Response]:
    return lambda request: Response(200, {"Content-Type": content_type}, render(request.server.base_url).encode())


STATIC_ROUTES: dict[str, Callable[[Handler], Response]] = {
    **{path: (lambda request, path=path: _article(path)) for path in ARTICLE_PAGES},
    **{path: (lambda request, path=path: _html(discovery.list_page(path))) for path in discovery.LIST_PAGES},
    "/robots.txt": _discovery(discovery.robots_txt, "text/plain; charset=utf-8"),
    "/feed.xml": _discovery(discovery.rss_feed, "application/rss+xml; charset=utf-8"),
    "/atom.xml": _discovery(discovery.atom_feed, "application/atom+xml; charset=utf-8"),
    "/sitemap.xml": _discovery(discovery.sitemap_index, "application/xml; charset=utf-8"),
    "/sitemap-news.xml": _discovery(discovery.news_sitemap, "application/xml; charset=utf-8"),
    "/sitemap-pages.xml": _discovery(discovery.pages_sitemap, "application/xml; charset=utf-8"),
    "/redirect/private-ip": lambda request: _redirect("http://10.0.0.1/x.html"),
    "/redirect/metadata": lambda request: _redirect("http://169.254.169.254/latest/meta-data/"),
    "/redirect/loopback-other-port": lambda request: _redirect("http://127.0.0.1:1/"),
    "/redirect/loop": lambda request: _redirect("/redirect/loop"),
    "/bomb.html": _bomb,
    "/huge.html": lambda request: Response(
        200, {"Content-Type": HTML}, chunks=hostile.huge_page_chunks, length=hostile.HUGE_PAGE_SIZE
    ),
    "/slow.html": _slow,
    "/malformed.html": lambda request: Response(200, {"Content-Type": HTML}, hostile.MALFORMED_PAGE),
    "/empty.html": lambda request: Response(200, {"Content-Type": HTML}),
    "/notfound.html": lambda request: _not_found(),
    "/error503.html": lambda request: _html("<html><body><h1>服务暂时不可用</h1></body></html>", 503),
    ETAG_PATH: _etag_article,
    ETAG_FEED_PATH: _etag_feed,
    "/binary.jpg": lambda request: Response(200, {"Content-Type": "image/jpeg"}, hostile.JPEG_BYTES),
    "/column/feed.xml": _discovery(lambda base: column.column_feed(base, column.FIRST), "application/rss+xml; charset=utf-8"),
    "/column/feed-later.xml": _discovery(lambda base: column.column_feed(base, column.LATER), "application/rss+xml; charset=utf-8"),
    **{f"/column/{number}.html": (lambda request, number=number: _html(column.article_html(number)))
       for number in range(1, column.LATER + 1)},
}
REDIRECT_CHAIN = re.compile(r"/redirect/chain/(\d+)")


def route(request: Handler, path: str) -> Response:
    if path in request.server.down_paths:
        return _html("<html><body><h1>服务暂时不可用</h1></body></html>", 503)
    if path in STATIC_ROUTES:
        return STATIC_ROUTES[path](request)
    if chain := REDIRECT_CHAIN.fullmatch(path):
        remaining = int(chain.group(1))
        return _redirect(f"/redirect/chain/{remaining - 1}" if remaining else "/news/2025/a8.html")
    return _not_found()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection-reuse code paths get exercised
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus delayed
    # ACK stalls every keep-alive response by about 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._respond(include_body=True)

    def do_HEAD(self) -> None:
        self._respond(include_body=False)

    def _respond(self, include_body: bool) -> None:
        path = urlsplit(self.path).path
        self.server.record_hit(path)
        response = route(self, path)
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.status != 304:
                length = response.length if response.chunks else len(response.body)
                self.send_header("Content-Length", str(length))
            self.end_headers()
            if include_body and response.status != 304:
                for chunk in response.chunks() if response.chunks else (response.body,):
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            # Clients under test abort big or slow bodies on purpose; that is not a server error.
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request stderr log; tests read TestSite.hits instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, hits: collections.Counter[str], hits_lock: threading.Lock) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits = hits
        self.hits_lock = hits_lock
        self.closing = threading.Event()
        self.down_paths: set[str] = set()
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"

    def record_hit(self, path: str) -> None:
        with self.hits_lock:
            self.hits[path] += 1


class TestSite:
    """The test news site on 127.0.0.1 at an ephemeral port, served from a background thread.

    ``hits`` counts requests per path (query string dropped), e.g. to prove that
    /private/secret.html was never fetched; paths in ``down_paths`` answer 503."""

    __test__ = False  # not a pytest test class despite the name

    def __init__(self) -> None:
        self.hits: collections.Counter[str] = collections.Counter()
        self._server = _Server(self.hits, threading.Lock())
        self.host = "127.0.0.1"
        self.port: int = self._server.server_address[1]
        self.base_url = self._server.base_url
        self.down_paths = self._server.down_paths
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="testsite", daemon=True
        )
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base_url + path

    def close(self) -> None:
        if self._server.closing.is_set():
            return
        self._server.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> TestSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_test_site() -> TestSite:
    return TestSite()
