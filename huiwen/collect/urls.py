"""Canonical article URLs: one spelling per article, so one row per article."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track the click, not select the content. Chinese portals add
# their own (spm, from, share tokens) to the usual analytics ones.
_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "spm", "from", "share_token", "sharer_shareid", "sharer_sharetime", "scene",
    "clicktime", "enterid", "isappinstalled", "wfr", "source", "ref", "ref_src",
    "_hsenc", "_hsmi", "vd_source", "share_source", "share_medium",
})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")) or lowered in _TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, default port, fragment and tracking parameters
    dropped, remaining parameters sorted. Path case is kept: servers may care."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)))
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def url_key(url: str) -> str:
    """Fixed-width key of the canonical URL, for a unique index that long URLs fit."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()
