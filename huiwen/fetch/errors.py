"""Why a fetch failed.

Every failure the fetcher can meet on the network is one of these, so a collection run
needs a single ``except FetchError`` per URL. Each message says what went wrong and what
to change if the refusal is not wanted.
"""

from __future__ import annotations

__all__ = [
    "BlockedAddress",
    "DecodingError",
    "FetchError",
    "HTTPStatusError",
    "InvalidURL",
    "NetworkError",
    "RobotsDisallowed",
    "Timeout",
    "TooLarge",
    "TooManyRedirects",
]


class FetchError(Exception):
    """Base class. ``url`` is the URL the caller asked for (set once the error leaves
    :meth:`Fetcher.fetch`, also when the failure happened on a redirect hop)."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class InvalidURL(FetchError):
    """The URL (or a redirect's ``Location``) is not an http(s) URL we are willing to send."""


class BlockedAddress(FetchError):
    """The host is, or resolves to, an address outside the public internet (SSRF guard)."""

    def __init__(self, message: str, *, host: str, address: str, reason: str) -> None:
        super().__init__(message)
        self.host = host
        self.address = address
        self.reason = reason


class RobotsDisallowed(FetchError):
    """robots.txt forbids the URL, or could not be read and crawling is paused."""


class TooLarge(FetchError):
    """The body is bigger than ``FetchPolicy.max_bytes`` (counted after decompression)."""

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class TooManyRedirects(FetchError):
    """More than ``FetchPolicy.max_redirects`` hops; ``redirects`` is the chain so far."""

    def __init__(self, message: str, *, redirects: list[str]) -> None:
        super().__init__(message)
        self.redirects = redirects


class HTTPStatusError(FetchError):
    """The final answer was not 2xx or 304 (after any retries).

    ``retry_after`` is the server's Retry-After in seconds when it sent one, so a scheduler
    can come back later instead of the fetcher sleeping in a worker thread.
    """

    def __init__(self, message: str, *, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class Timeout(FetchError):
    """Connecting, reading, or the whole fetch took longer than the policy allows."""


class NetworkError(FetchError):
    """DNS, TCP, TLS or HTTP-protocol failure below the level of a status code."""


class DecodingError(FetchError):
    """The body's Content-Encoding is unsupported or the compressed data is corrupt."""
