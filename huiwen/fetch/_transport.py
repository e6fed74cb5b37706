"""An httpx transport that connects only to addresses the :class:`AddressGuard` vetted.

httpx (through httpcore) resolves the host itself when it opens a connection, so checking
the name beforehand leaves a gap: a hostile DNS server can answer the check with a public
address and the connect a second later with 127.0.0.1 (DNS rebinding). Here the lookup,
the check and the connect happen in one place, on one answer. The TLS handshake still
uses the URL's host name for SNI and certificate verification, because httpcore takes
those from the request, not from the socket.

``httpx.HTTPTransport`` cannot take a network backend, so this is the few lines of it
that map an ``httpx.Request`` onto an ``httpcore.ConnectionPool`` that has one.
"""

from __future__ import annotations

import contextlib
import functools
import ssl
from collections.abc import Iterable, Iterator

import httpcore
import httpx

from huiwen.fetch.addresses import AddressGuard
from huiwen.fetch.errors import NetworkError, Timeout


class _GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._guard.resolve(host, port, timeout)
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return self._sync.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # like create_connection: try the next one
                failure = exc
        assert failure is not None  # resolve() never returns an empty list
        raise failure

    def sleep(self, seconds: float) -> None:
        self._sync.sleep(seconds)


@contextlib.contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except httpcore.ConnectTimeout as exc:
        raise Timeout(
            "timed out connecting; raise FetchPolicy.connect_timeout if the host is just slow"
        ) from exc
    except httpcore.ReadTimeout as exc:
        raise Timeout(
            "timed out waiting for the server to send data; raise FetchPolicy.read_timeout "
            "if the host is just slow"
        ) from exc
    except httpcore.TimeoutException as exc:
        raise Timeout(f"timed out ({type(exc).__name__})") from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
        raise NetworkError(f"{type(exc).__name__}: {exc or 'connection failed'}") from exc


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _mapped_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


# Loading the CA bundle takes ~0.1 s; one context serves every fetcher and thread.
_default_ssl_context = functools.cache(httpcore.default_ssl_context)


class GuardedTransport(httpx.BaseTransport):
    def __init__(self, guard: AddressGuard, ssl_context: ssl.SSLContext | None = None) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or _default_ssl_context(),
            network_backend=_GuardedBackend(guard),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _mapped_errors():
            response = self._pool.handle_request(core_request)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
