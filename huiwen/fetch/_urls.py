"""Turn a caller's (or a redirect's) URL string into the ``httpx.URL`` we will request."""

from __future__ import annotations

from ipaddress import IPv6Address
from urllib.parse import urlsplit, urlunsplit

import httpx

from huiwen.fetch.addresses import parse_ip_host
from huiwen.fetch.errors import InvalidURL

_SCHEMES = ("http", "https")


def normalise_url(raw: str) -> httpx.URL:
    """Validate ``raw`` and spell numeric hosts canonically (``0x7f.1`` → ``127.0.0.1``).

    The transport checks every address it connects to whatever this returns, so this is
    not the SSRF boundary; it exists to refuse early, with a clear message, URLs a browser
    would read differently from httpx, and to drop the fragment that servers never see.
    """
    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"{raw!r} is not a valid URL ({exc}); check the host and port") from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise InvalidURL(
            f"{raw!r} uses scheme {scheme or '(none)'!r}; only http:// and https:// URLs can "
            f"be fetched"
        )
    if "\\" in parts.netloc:
        raise InvalidURL(
            f"{raw!r} has a backslash in its host part; browsers read it as '/', other "
            f"parsers as part of the host, so it is refused"
        )
    if "@" in parts.netloc:
        raise InvalidURL(
            f"{raw!r} contains credentials (user@host); they are refused because parsers "
            f"disagree on which part is the host. Remove the part before '@'"
        )
    host = parts.hostname
    if not host:
        raise InvalidURL(f"{raw!r} has no host")
    if port == 0:
        raise InvalidURL(f"{raw!r} has port 0, which cannot be connected to")
    try:
        address = parse_ip_host(host)
    except ValueError as exc:
        raise InvalidURL(f"{raw!r}: {exc}; fix the address or use a DNS name") from exc
    netloc = parts.netloc
    if address is not None:
        netloc = f"[{address}]" if isinstance(address, IPv6Address) else str(address)
        if port is not None:
            netloc += f":{port}"
    try:
        url = httpx.URL(urlunsplit((scheme, netloc, parts.path or "/", parts.query, "")))
    except httpx.InvalidURL as exc:
        raise InvalidURL(f"{raw!r} is not a valid URL ({exc})") from exc
    if address is not None and parse_ip_host(url.host) != address:
        raise InvalidURL(f"{raw!r} is ambiguous: its host can be read as more than one address")
    return url
