"""Fetching pages and feeds from the public web: politely, within limits, SSRF-safe.

    from huiwen.fetch import Fetcher, FetchPolicy, FetchError

    with Fetcher(FetchPolicy(host_delay=2.0)) as fetcher:
        try:
            result = fetcher.fetch(url, etag=previous.etag, last_modified=previous.last_modified)
        except FetchError as exc:
            record_failure(url, exc)          # str(exc) says what went wrong and what to do
        else:
            if not result.not_modified:
                store(result.url, result.text)

Pure Python, no Django. See docs/fetching.md for the policy knobs and the SSRF model.
"""

from huiwen.fetch.addresses import AddressGuard, Resolver, forbidden_reason, parse_ip_host
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
from huiwen.fetch.fetcher import Fetcher, check_url
from huiwen.fetch.policy import DEFAULT_USER_AGENT, FetchPolicy
from huiwen.fetch.result import FetchResult

__all__ = [
    "DEFAULT_USER_AGENT",
    "AddressGuard",
    "BlockedAddress",
    "DecodingError",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "HTTPStatusError",
    "InvalidURL",
    "NetworkError",
    "Resolver",
    "RobotsDisallowed",
    "Timeout",
    "TooLarge",
    "TooManyRedirects",
    "check_url",
    "forbidden_reason",
    "parse_ip_host",
]
