"""Test kit for the fetcher: a real HTTP server on 127.0.0.1 whose routes each test sets,
plus fixtures (imported by the test modules: a conftest.py here would shadow the
top-level one that `from conftest import require_shared` needs).

The fetcher is exercised over real sockets (not a mock transport) because what is under
test is largely what happens on the wire: which address is connected to, how many
requests are in flight, how many bytes are read.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from huiwen.fetch import Fetcher, FetchPolicy

Route = Callable[[BaseHTTPRequestHandler], None]


def respond(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    """A route that answers with a fixed response."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            # Raw UTF-8 on the wire, as servers send a non-ASCII Location.
            handler.send_header(name, value.encode("utf-8").decode("latin-1"))
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return respond(status, headers={"Location": location})


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    """What the server serves and what it has seen."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def allow(self) -> tuple[str, ...]:
        """allow_networks for exactly this server, so every other loopback port stays refused."""
        return (f"127.0.0.1:{self.port}",)


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each response waits out delayed ACKs

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path
            with site.lock:
                site.seen.append(Seen(path, dict(self.headers.items())))
                site.hits[path.split("?")[0]] += 1
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                route = site.routes.get(path.split("?")[0])
                (route or respond(404, b"not found"))(self)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up on purpose (size cap, timeout)
            finally:
                with site.lock:
                    site.in_flight -= 1

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def serve(site: Site, wrap_socket: Callable[[socket.socket], socket.socket] | None = None) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(site))
    server.daemon_threads = True
    if wrap_socket is not None:
        server.socket = wrap_socket(server.socket)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    yield from serve(Site())


#: Fast settings for tests; the defaults are tuned for the internet.
FAST = dict(
    host_delay=0.0,
    retry_backoff=0.01,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=10.0,
)


class VirtualClock:
    """Stands in for the ``time`` module of one fetch module: ``sleep`` advances a virtual
    clock instead of waiting, and is recorded. Spacing and waits are then checked by what
    the code asked for, not by wall-clock gaps that a loaded machine stretches or squeezes
    (server-side arrival times of requests sent 0.2 s apart can land closer together)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def gate_clock(monkeypatch: pytest.MonkeyPatch) -> VirtualClock:
    """The per-host gate (delays between requests to a host) on a virtual clock."""
    clock = VirtualClock()
    monkeypatch.setattr("huiwen.fetch._politeness.time", clock)
    return clock


@pytest.fixture
def make_fetcher(site: Site) -> Iterator[Callable[..., Fetcher]]:
    """``make_fetcher(**policy_overrides, resolver=..., ssl_context=...)``, closed afterwards."""
    made: list[Fetcher] = []

    def make(*, resolver=None, ssl_context=None, **overrides: object) -> Fetcher:
        settings = {**FAST, "allow_networks": site.allow, **overrides}
        fetcher = Fetcher(FetchPolicy(**settings), resolver=resolver, ssl_context=ssl_context)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@dataclass
class Connections:
    """Every TCP connection attempt the process made, as (host, port)."""

    attempts: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Connections:
    record = Connections()
    real = socket.create_connection

    def spy(address, *args, **kwargs):
        record.attempts.append((address[0], address[1]))
        if not ipaddress.ip_address(address[0]).is_loopback:
            # A test that lets the fetcher out fails on the recorded attempt; no packet
            # leaves the machine meanwhile.
            raise ConnectionRefusedError(f"test spy: no connections beyond loopback ({address[0]})")
        return real(address, *args, **kwargs)

    # httpcore's sync backend opens every connection through socket.create_connection.
    monkeypatch.setattr(socket, "create_connection", spy)
    return record


class StubResolver:
    """Answers from a table (what public DNS would say); unknown names do not resolve."""

    def __init__(self, table: dict[str, list[str]] | None = None) -> None:
        self.table = {name.lower(): answers for name, answers in (table or {}).items()}
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        try:
            return self.table[host.lower().removesuffix(".")]  # as DNS: "name." is "name"
        except KeyError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
