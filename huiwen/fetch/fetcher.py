"""The fetcher: one polite, SSRF-safe GET with redirects, retries and a size cap."""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin

import httpx

from huiwen.fetch import _robots
from huiwen.fetch._decode import ACCEPT_ENCODING, decode
from huiwen.fetch._politeness import HostGate
from huiwen.fetch._transport import GuardedTransport
from huiwen.fetch._urls import normalise_url
from huiwen.fetch.addresses import AddressGuard, Resolver
from huiwen.fetch.errors import (
    BlockedAddress,
    DecodingError,
    FetchError,
    HTTPStatusError,
    InvalidURL,
    NetworkError,
    RobotsDisallowed,
    Timeout,
    TooLarge,
    TooManyRedirects,
)
from huiwen.fetch.policy import FetchPolicy
from huiwen.fetch.result import FetchResult

__all__ = ["Fetcher", "check_url"]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,*/*;q=0.8"
)


def check_url(url: str, policy: FetchPolicy = FetchPolicy(), *, resolver: Resolver | None = None) -> None:  # noqa: B008
    """Refuse, without fetching, a URL the fetcher would refuse: not http(s), malformed,
    or a host that resolves to an address the policy does not allow.

    Raises :class:`InvalidURL` or :class:`BlockedAddress`; :class:`NetworkError` or
    :class:`Timeout` when the host cannot be resolved now (which may be temporary, so a
    caller saving a source may accept it and let collection report it).
    """
    parsed = normalise_url(url)
    AddressGuard(policy.allow_networks, resolver).resolve(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80),
                                                          timeout=policy.connect_timeout)


class Fetcher:
    """Fetches URLs for the collector. Thread-safe: share one per process.

    ``resolver`` replaces the system DNS lookup (tests, or a resolver pinned to a trusted
    DNS server); ``ssl_context`` replaces the default certifi-based verification.
    """

    def __init__(
        self,
        policy: FetchPolicy = FetchPolicy(),  # noqa: B008 - frozen, so sharing is safe
        *,
        resolver: Resolver | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.policy = policy
        # No httpx.Client on top: it reads proxy settings from the environment (which would
        # route around the address check) and builds the next redirect request even when
        # not following redirects, raising on any odd Location a server sends.
        self._transport = GuardedTransport(AddressGuard(policy.allow_networks, resolver), ssl_context)
        self._headers = {
            "User-Agent": policy.user_agent,
            "Accept": _ACCEPT,
            "Accept-Language": policy.accept_language,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        self._gate = HostGate(policy.max_per_host, policy.host_delay)
        self._robots = _robots.RobotsCache(policy.robots_ttl)

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url``; pass the previous ``etag``/``last_modified`` to allow a 304.

        Raises only :class:`FetchError` subclasses for anything that can go wrong on the
        network or with the URL.
        """
        try:
            return self._fetch(url, etag, last_modified)
        except FetchError as exc:
            exc.url = url
            raise

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        deadline = _Deadline(self.policy.total_timeout)
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        answer, redirects = self._follow(
            normalise_url(url),
            conditional,
            deadline,
            limit=self.policy.max_bytes,
            truncate=False,
            obey_robots=self.policy.obey_robots,
            retries=self.policy.max_retries,
        )
        if answer.status == 304:
            return FetchResult(
                url=str(answer.url),
                status=304,
                headers=answer.headers,
                content=b"",
                encoding_declared=None,
                etag=answer.headers.get("etag", etag),
                last_modified=answer.headers.get("last-modified", last_modified),
                not_modified=True,
                redirects=redirects,
            )
        if not 200 <= answer.status < 300:
            raise HTTPStatusError(
                f"{answer.url} answered HTTP {answer.status}{_status_hint(answer.status)}",
                status=answer.status,
                retry_after=_retry_after(answer.headers),
            )
        return FetchResult(
            url=str(answer.url),
            status=answer.status,
            headers=answer.headers,
            content=answer.content,
            encoding_declared=answer.encoding,
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
            redirects=redirects,
        )

    def _follow(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        deadline: _Deadline,
        *,
        limit: int,
        truncate: bool,
        obey_robots: bool,
        retries: int,
    ) -> tuple[_Answer, list[str]]:
        # Redirects are followed here rather than by httpx so that every hop goes through
        # URL validation, robots.txt and the per-host gate (the address check happens in
        # the transport, on every connection, whoever follows the redirect).
        redirects: list[str] = []
        while True:
            crawl_delay = self._check_robots(url, deadline) if obey_robots else 0.0
            answer = self._request(
                url, headers, deadline, limit=limit, truncate=truncate, retries=retries, min_delay=crawl_delay
            )
            location = answer.headers.get("location")
            if answer.status not in _REDIRECT_STATUSES or location is None:
                return answer, redirects
            redirects.append(str(url))
            if len(redirects) > self.policy.max_redirects:
                raise TooManyRedirects(
                    f"more than FetchPolicy.max_redirects={self.policy.max_redirects} redirects "
                    f"({' -> '.join(redirects)} -> ...); the site may be in a redirect loop",
                    redirects=redirects,
                )
            url = _redirect_target(url, location)

    def _request(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        deadline: _Deadline,
        *,
        limit: int,
        truncate: bool,
        retries: int,
        min_delay: float = 0.0,
    ) -> _Answer:
        attempt = 0
        while True:
            queued = time.monotonic()
            with self._gate.slot(url.host, min_delay):
                # Waiting for our own politeness limits is not the server being slow.
                deadline.extend(time.monotonic() - queued)
                request = httpx.Request(
                    "GET",
                    url,
                    headers={**self._headers, **headers},
                    extensions={"timeout": deadline.timeout(self.policy).as_dict()},
                )
                response = self._transport.handle_request(request)
                response.request = request
                try:
                    status = response.status_code
                    content = b""
                    if 200 <= status < 300:
                        content = _read_body(response, deadline, limit, truncate)
                finally:
                    response.close()
            answer = _Answer(url, status, response.headers, content, response.charset_encoding)
            if attempt >= retries or status not in self.policy.retry_statuses:
                return answer
            time.sleep(self._retry_wait(answer, attempt, deadline))
            attempt += 1

    def _retry_wait(self, answer: _Answer, attempt: int, deadline: _Deadline) -> float:
        after = _retry_after(answer.headers)
        if after is not None and after > self.policy.max_retry_after:
            raise HTTPStatusError(
                f"{answer.url} answered HTTP {answer.status} with Retry-After {after:g}s, more "
                f"than FetchPolicy.max_retry_after={self.policy.max_retry_after:g}s; fetch it "
                f"again after that time",
                status=answer.status,
                retry_after=after,
            )
        wait = after if after is not None else self.policy.retry_backoff * 2**attempt
        if wait >= deadline.remaining():
            raise HTTPStatusError(
                f"{answer.url} answered HTTP {answer.status}; waiting {wait:g}s to retry would "
                f"exceed FetchPolicy.total_timeout={self.policy.total_timeout:g}s",
                status=answer.status,
                retry_after=after,
            )
        return wait

    def _check_robots(self, url: httpx.URL, deadline: _Deadline) -> float:
        """Raise unless robots.txt allows ``url``; return the host's Crawl-delay (capped)."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        rules = self._robots.get(origin, lambda: self._load_robots(url, deadline))
        agent = self.policy.robots_agent
        if rules.allows(str(url), agent):
            return min(rules.crawl_delay(agent), self.policy.max_crawl_delay)
        if rules.parser is None:
            raise RobotsDisallowed(
                f"{origin}/robots.txt {rules.note}; like Google we treat that as 'disallow "
                f"all' and pause this host until it can be read"
            )
        raise RobotsDisallowed(
            f"{origin}/robots.txt disallows {url} for user agent {agent!r}; the site does not "
            f"want it crawled (set FetchPolicy.obey_robots=False only with the owner's consent)"
        )

    def _load_robots(self, page: httpx.URL, deadline: _Deadline) -> _robots.RobotsRules:
        robots_url = page.copy_with(raw_path=b"/robots.txt")
        try:
            answer, _ = self._follow(
                robots_url,
                {},
                deadline,
                limit=_robots.ROBOTS_MAX_BYTES,
                truncate=True,
                obey_robots=False,
                retries=0,
            )
        except BlockedAddress as exc:
            if exc.host == page.raw_host.decode("ascii"):
                raise  # the page's own host is off limits: report that, not robots
            return _robots.RobotsRules(None, allow_all=True)
        except (TooManyRedirects, InvalidURL):
            # Google treats a robots.txt it cannot follow to the end as missing.
            return _robots.RobotsRules(None, allow_all=True)
        except (Timeout, NetworkError) as exc:
            # Not cached: the host is unreachable right now, so the page fetch fails either
            # way ("disallow for now"), and the error should say why.
            raise type(exc)(f"while reading {robots_url}: {exc}") from exc
        except DecodingError as exc:
            return _robots.RobotsRules(None, allow_all=False, note=f"could not be decoded ({exc})")
        if 200 <= answer.status < 300:
            return _robots.parse(answer.content)
        if answer.status == 429 or answer.status >= 500:
            return _robots.RobotsRules(None, allow_all=False, note=f"answered HTTP {answer.status}")
        return _robots.RobotsRules(None, allow_all=True)


@dataclass(frozen=True)
class _Answer:
    url: httpx.URL
    status: int
    headers: httpx.Headers
    content: bytes
    encoding: str | None


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._end = time.monotonic() + seconds

    def extend(self, seconds: float) -> None:
        self._end += seconds

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise Timeout(
                f"the fetch took longer than FetchPolicy.total_timeout={self._seconds:g}s "
                f"(robots.txt, redirects, retries and body together); raise it for slow sources"
            )
        return left

    def timeout(self, policy: FetchPolicy) -> httpx.Timeout:
        left = self.remaining()
        connect, read = min(policy.connect_timeout, left), min(policy.read_timeout, left)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _read_body(response: httpx.Response, deadline: _Deadline, limit: int, truncate: bool) -> bytes:
    """The decompressed body, refusing (or with ``truncate``, cutting) at ``limit`` bytes."""
    too_large = (
        f"the response from {response.url} is larger than FetchPolicy.max_bytes={limit} "
        f"bytes; raise max_bytes if this source is legitimately that big"
    )
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"{too_large} (it declares Content-Length: {declared})", limit=limit)

    def raw():
        # Compressed bytes are capped too: junk after the end of a gzip stream decodes to
        # nothing, so the decoded count alone would let it stream forever.
        received = 0
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > limit:
                if truncate:
                    return
                raise TooLarge(f"{too_large} (before decompression)", limit=limit)
            deadline.remaining()
            yield chunk

    body = bytearray()
    for piece in decode(raw(), response.headers.get("content-encoding")):
        body += piece
        if len(body) > limit:
            if truncate:
                return bytes(body[:limit])
            raise TooLarge(f"{too_large} (after decompression)", limit=limit)
        deadline.remaining()
    return bytes(body)


def _redirect_target(current: httpx.URL, location: str) -> httpx.URL:
    try:
        return normalise_url(urljoin(str(current), location))
    except InvalidURL as exc:
        raise InvalidURL(f"{current} redirected to a URL we will not fetch: {exc}") from exc


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _status_hint(status: int) -> str:
    if status in (404, 410):
        return "; the page is gone, check the URL or retire the source"
    if status in (401, 403):
        return "; the site refuses us (it may block crawlers or need a login)"
    if status == 429:
        return "; we are rate limited, lower FetchPolicy.max_per_host or raise host_delay"
    if 300 <= status < 400:
        return "; a redirect without a usable Location header"
    if status >= 500:
        return "; a server error, try again later"
    return ""
