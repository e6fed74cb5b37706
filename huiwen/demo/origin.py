"""The demo's own feed, served by the portal itself from its static files, so the demo
collects over HTTP without the internet.

The site's address is usually loopback, which the fetch policy refuses; it is allowed for
URLs under the demo feed's folder on the site's own origin, and for nothing else.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from django.conf import settings

#: Under STATIC_URL: huiwen/portal/static/huiwen/demo/.
FEED_FOLDER = "huiwen/demo/"


def feed_url() -> str:
    return f"{settings.SITE_URL}{settings.STATIC_URL}{FEED_FOLDER}feed.xml"


def is_demo_feed(url: str) -> bool:
    return url.startswith(f"{settings.SITE_URL}{settings.STATIC_URL}{FEED_FOLDER}")


def own_origin_networks() -> tuple[str, ...]:
    """``address:port`` entries for the fetch policy that reach the site's own origin."""
    parts = urlsplit(settings.SITE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)}
    except OSError:
        return ()
    return tuple(f"[{address}]:{port}" if ":" in address else f"{address}:{port}" for address in sorted(addresses))
