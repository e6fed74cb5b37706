"""Every knob of the fetcher, in one immutable object."""

from __future__ import annotations

from dataclasses import dataclass, field

from huiwen import __version__

__all__ = ["DEFAULT_USER_AGENT", "FetchPolicy"]

DEFAULT_USER_AGENT = f"huiwen/{__version__} (+https://github.com/huiwen; news aggregator)"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely, how patiently and how far the fetcher goes.

    The defaults suit a news collector on the public internet; tests narrow the timeouts
    and widen ``allow_networks`` to reach a loopback server.
    """

    #: Identifies us to site owners; the part before the first '/' is also the token
    #: matched against ``User-agent:`` lines in robots.txt.
    user_agent: str = DEFAULT_USER_AGENT
    #: Chinese first, as the portal is; servers that negotiate language honour it.
    accept_language: str = "zh-CN,zh;q=0.9,zh-TW;q=0.8,en;q=0.6"

    #: Seconds to establish TCP (and TLS); DNS lookups are not bounded by it.
    connect_timeout: float = 10.0
    #: Seconds to wait for any next bytes from the server.
    read_timeout: float = 20.0
    #: Seconds for a whole :meth:`Fetcher.fetch`: robots.txt, every redirect, every retry
    #: and backoff. Time spent queueing for a per-host slot does not count.
    total_timeout: float = 60.0

    #: Largest body accepted, counted after decompression (and separately before it).
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5

    #: Extra attempts after a status in ``retry_statuses`` (so up to 1 + max_retries requests).
    max_retries: int = 2
    retry_statuses: frozenset[int] = field(default=frozenset({429, 500, 502, 503, 504}))
    #: First backoff in seconds; doubles with each retry. Retry-After, when sent, wins.
    retry_backoff: float = 1.0
    #: A Retry-After longer than this is not slept on in a worker thread: the fetch fails
    #: with ``HTTPStatusError.retry_after`` set, for the scheduler to come back later.
    max_retry_after: float = 30.0

    #: Requests in flight to one host at once.
    max_per_host: int = 2
    #: Minimum seconds between the starts of two requests to the same host.
    host_delay: float = 1.0

    obey_robots: bool = True
    #: A robots.txt ``Crawl-delay`` longer than ``host_delay`` spaces that host's requests,
    #: up to this many seconds: a site asking for an hour between pages would stall a
    #: worker, so it is read as "as slowly as we go at most".
    max_crawl_delay: float = 30.0
    #: How long a host's robots.txt is reused before it is fetched again.
    robots_ttl: float = 3600.0

    #: Networks that may be fetched although the SSRF guard would refuse them, e.g.
    #: ``("10.20.0.0/16",)`` for an intranet feed server or ``("127.0.0.1:8080",)`` for one
    #: local port. Entries are CIDRs or addresses, optionally ``address:port`` /
    #: ``[v6-address]:port``.
    allow_networks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.max_per_host < 1:
            raise ValueError("FetchPolicy.max_per_host must be at least 1")
        if self.max_bytes < 1 or self.max_redirects < 0 or self.max_retries < 0:
            raise ValueError("FetchPolicy limits must not be negative (max_bytes at least 1)")
        if isinstance(self.allow_networks, str):
            raise TypeError("FetchPolicy.allow_networks is a tuple of strings, not one string")

    @property
    def robots_agent(self) -> str:
        return self.user_agent.split("/", 1)[0].strip()
