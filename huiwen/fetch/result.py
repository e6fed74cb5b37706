"""What a successful fetch returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import httpx

__all__ = ["FetchResult"]


@dataclass(frozen=True)
class FetchResult:
    """A 2xx response (``content`` is the decompressed body) or a 304.

    ``etag`` and ``last_modified`` are what to send next time; after a 304 that did not
    repeat them they are the caller's previous values.
    """

    #: The final URL, after redirects.
    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    #: The ``charset`` parameter of Content-Type, if the server sent one.
    encoding_declared: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    #: Each URL that answered with a redirect, in the order they were visited.
    redirects: list[str] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        """The body decoded the way a browser would (BOM, header, ``<meta>``, detection)."""
        # Imported here: huiwen.text pulls in the Chinese segmenter, which a fetch that
        # only needs bytes (feeds, robots) should not pay for.
        from huiwen.text.charset import decode_html

        return decode_html(self.content, self.encoding_declared)
