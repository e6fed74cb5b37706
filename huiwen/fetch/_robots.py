"""robots.txt rules per origin, cached for ``FetchPolicy.robots_ttl``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

#: Google reads at most this much of a robots.txt and ignores the rest.
ROBOTS_MAX_BYTES = 500 * 1024
#: A robots.txt that could not be read (5xx, network) pauses the host; try again after
#: this long rather than for the full TTL, since the outage is likely short.
_FAILURE_TTL = 600.0


@dataclass(frozen=True)
class RobotsRules:
    """Parsed rules, or a blanket verdict when the file could not be used."""

    parser: Protego | None
    #: Used when ``parser`` is None: True = allow all (4xx), False = disallow all (5xx).
    allow_all: bool
    #: Why a blanket verdict was reached, for the error message.
    note: str = ""

    def allows(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float:
        """Seconds the site asks between requests (``Crawl-delay``), 0 when it says nothing."""
        if self.parser is None:
            return 0.0
        return float(self.parser.crawl_delay(agent) or 0.0)

    @property
    def ttl_cap(self) -> float | None:
        return _FAILURE_TTL if self.parser is None and not self.allow_all else None


class RobotsCache:
    """Remembers rules per origin and makes concurrent callers share one download."""

    def __init__(self, ttl: float) -> None:
        self._ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, RobotsRules]] = {}
        self._loading: dict[str, threading.Lock] = {}

    def get(self, origin: str, load: Callable[[], RobotsRules]) -> RobotsRules:
        with self._lock:
            origin_lock = self._loading.setdefault(origin, threading.Lock())
        with origin_lock:
            entry = self._entries.get(origin)
            if entry is not None and entry[0] > time.monotonic():
                return entry[1]
            rules = load()
            ttl = min(self._ttl, rules.ttl_cap or self._ttl)
            self._entries[origin] = (time.monotonic() + ttl, rules)
            return rules


def parse(content: bytes) -> RobotsRules:
    return RobotsRules(Protego.parse(content.decode("utf-8", errors="replace")), allow_all=True)
