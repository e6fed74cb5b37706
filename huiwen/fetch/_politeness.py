"""Per-host concurrency limit and spacing between requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class _Host:
    slots: threading.BoundedSemaphore
    next_start: float = field(default=0.0)


class HostGate:
    """At most ``max_concurrent`` requests per host, starts at least ``delay`` apart (or
    the longer ``min_delay`` a host asked for in its robots.txt).

    Start times are handed out under a lock, so waiting threads are spaced evenly instead
    of all waking at once when the delay has passed.
    """

    def __init__(self, max_concurrent: int, delay: float) -> None:
        self._max_concurrent = max_concurrent
        self._delay = delay
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    @contextmanager
    def slot(self, host: str, min_delay: float = 0.0) -> Iterator[None]:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _Host(threading.BoundedSemaphore(self._max_concurrent))
        with state.slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, state.next_start)
                state.next_start = start + max(self._delay, min_delay)
            if start > now:
                time.sleep(start - now)
            yield
