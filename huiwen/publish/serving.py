"""The embedded front: answer published pages from their files before Django runs.

It does what nginx's ``try_files`` + ``gzip_static`` do in production: a GET or HEAD
without a query for a path that maps to a published file gets that file (its ``.gz``
copy when the client accepts gzip) with ETag, Last-Modified and 304s; everything else —
misses, live routes, forms, other methods — goes to the application. Each request looks
at the folder afresh (one ``stat``), so a page deleted by an unpublish is gone at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from huiwen.publish._files import compressed, content_type, public_file

__all__ = ["PublishedFiles"]

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class PublishedFiles:
    """WSGI middleware serving ``root`` (the public folder) in front of ``app``, adding
    ``headers`` (the security headers Django's middleware would have sent) to each file."""

    def __init__(self, app: WSGIApp, root: Path, headers: Iterable[tuple[str, str]] = ()) -> None:
        self.app = app
        self.root = root
        self.headers = list(headers)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
            return self.app(environ, start_response)
        try:
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return self.app(environ, start_response)
        file = public_file(self.root, path)
        if file is None:
            return self.app(environ, start_response)
        # The page itself decides, as for nginx's try_files: a copy left beside a page
        # being deleted is never served.
        try:
            stream = open(file, "rb")
        except OSError:
            return self.app(environ, start_response)
        encoding = None
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            try:
                gzipped = open(compressed(file), "rb")
            except OSError:
                pass
            else:
                stream.close()
                stream, encoding = gzipped, "gzip"
        status = os.fstat(stream.fileno())
        etag = f'"{status.st_mtime_ns:x}-{status.st_size:x}"'
        headers = [
            ("Content-Type", content_type(file)),
            ("ETag", etag),
            ("Last-Modified", formatdate(status.st_mtime, usegmt=True)),
            ("Cache-Control", "no-cache"),
            ("Vary", "Accept-Encoding"),
            *self.headers,
        ]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        if _not_modified(environ, etag, status.st_mtime):
            stream.close()
            start_response("304 Not Modified", headers)
            return []
        headers.append(("Content-Length", str(status.st_size)))
        start_response("200 OK", headers)
        if method == "HEAD":
            stream.close()
            return []
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(stream, 65536) if wrapper else _read(stream)


def _read(stream) -> Iterable[bytes]:
    with stream:
        yield stream.read()


def _not_modified(environ: dict, etag: str, mtime: float) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return etag in (tag.strip().removeprefix("W/") for tag in if_none_match.split(",")) or if_none_match.strip() == "*"
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        try:
            return int(mtime) <= parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False
