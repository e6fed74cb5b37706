"""Who is asking: the client's address as seen through the trusted reverse proxies.

Login lockout and rate limits count per address, so the address must be one a client
cannot choose. Behind a proxy REMOTE_ADDR is the proxy itself, and X-Forwarded-For is
only partly trustworthy: a client may send the header with anything in it, and each proxy
appends the address it saw. So with ``PROXY_COUNT`` (``HUIWEN_PROXY_COUNT``) proxies in
front of us, the N-th entry from the right is the one written by the outermost proxy we
run, and everything left of it is the client's own say.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address"]


def client_address(request: HttpRequest) -> str:
    """The client's IP address, normalised (``2001:DB8::1`` and ``2001:db8:0::1`` are one).

    Without proxies (``PROXY_COUNT`` 0) that is REMOTE_ADDR. With N proxies it is the
    N-th X-Forwarded-For entry from the right; when the header has fewer entries or that
    entry is not an IP address, the request did not pass through all of our proxies as
    configured, and REMOTE_ADDR (whoever connected) is the only address we know.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    if hops <= 0:
        return peer
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return peer
