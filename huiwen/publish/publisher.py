"""Render reader pages in-process and write them to the public folder.

Rendering goes through Django's own WSGI handler with every middleware, as a reader's
request would, under the site's canonical host (``SITE_URL``): the file is exactly what
Django would have answered. A page that is not a 200 any more (unpublished, removed,
gone) has its file deleted, so the application answers for it again.
"""

from __future__ import annotations

import io
import logging
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils import translation
from huey.contrib.djhuey import HUEY

from huiwen.news import related
from huiwen.publish._files import public_file, remove_leftovers, remove_page, write_page
from huiwen.publish.pages import article_ids, is_published

__all__ = [
    "PUBLISHER_MARK", "PublishError", "batches", "clear", "last_error", "publish", "remove_killed_writes", "store", "unpublish",
]

logger = logging.getLogger(__name__)
#: Pages rendered after one preload of what their articles show around them.
_BATCH = 200
#: Set on the publisher's own requests, which write their files themselves.
PUBLISHER_MARK = "HTTP_X_HUIWEN_PUBLISHER"
#: A temporary file this old is a killed writer's: writing a page takes milliseconds.
KILLED_WRITE_SECONDS = 60
# Kept in the task queue's storage, which web processes and workers share (the default
# local-memory cache is one per process).
_LAST_ERROR_KEY = "huiwen:publish:last-error"


class PublishError(Exception):
    """The public folder could not be written (full disk, read-only, wrong owner)."""


def public_root() -> Path:
    return Path(settings.PUBLIC_ROOT)


@lru_cache(maxsize=1)
def _handler() -> WSGIHandler:
    return WSGIHandler()


def render(path: str) -> tuple[int, bytes, bool]:
    """Status and body of a GET of ``path`` as the site's canonical host would answer it,
    and whether the page is one that lives as a file (``pages.is_published``).

    The handler's ``get_response`` runs every middleware and the view, but not the
    request-started/finished signals, which would close the database connection after
    each page of a rebuild."""
    site = urlsplit(settings.SITE_URL)
    scheme = site.scheme or "http"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if scheme == "https" else 80)),
        "HTTP_HOST": site.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": scheme,
        PUBLISHER_MARK: "1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    request = WSGIRequest(environ)
    # The language middleware activates the page's language for this thread; the caller
    # (a request of its own, a test) keeps the one it had.
    with translation.override(translation.get_language()):
        response = _handler().get_response(request)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, is_published(request.resolver_match)


def publish(paths: Iterable[str], *, on_page: Callable[[str], None] | None = None) -> int:
    """Render each path and write its file, or delete the file of a path that is no
    longer a page. Returns how many files were written. Raises PublishError."""
    root, written = public_root(), 0
    for batch in batches(paths, _BATCH):
        # What article pages show around the article, for the whole batch at once.
        related.preload(article_ids(batch))
        for path in batch:
            written += _publish_one(root, path)
            if on_page:
                on_page(path)
    HUEY.delete(_LAST_ERROR_KEY)
    return written


def batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (itertools.batched from Python 3.12 on)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _publish_one(root: Path, path: str) -> int:
    file = public_file(root, path)
    if file is None:
        return 0
    status, body, published = render(path)
    try:
        if status == 200 and published:
            write_page(file, body)
            return 1
        remove_page(file)
    except OSError as error:
        _fail(f"cannot write {file}: {error.strerror or error}; make sure {root} is writable and has free space "
              "(readers are served by the application meanwhile)")
    return 0


def store(path: str, body: bytes) -> None:
    """Publish a page the application has just rendered for a reader (a miss)."""
    file = public_file(public_root(), path)
    if file is None:
        return
    try:
        write_page(file, body)
    except OSError as error:
        logger.error("could not publish %s: %s", path, error)
        HUEY.put(_LAST_ERROR_KEY, f"cannot write {file}: {error.strerror or error}")


def unpublish(paths: Iterable[str]) -> int:
    """Delete the files of these pages now; readers get the application's answer at once."""
    root, removed = public_root(), 0
    for path in paths:
        file = public_file(root, path)
        if file is None:
            continue
        try:
            removed += remove_page(file)
        except OSError as error:
            _fail(f"cannot delete {file}: {error.strerror or error}; fix the permissions of {root}")
    return removed


def clear(prefix: str) -> None:
    """Delete every published page under the URL ``prefix`` (a language's ``/en/``)."""
    folder = public_file(public_root(), prefix + "index.html")
    if folder is None:
        return
    try:
        shutil.rmtree(folder.parent)
    except FileNotFoundError:
        pass
    except OSError as error:
        _fail(f"cannot delete {folder.parent}: {error.strerror or error}; fix the permissions of {public_root()}")


def remove_killed_writes() -> int:
    """Delete the temporary files that processes killed while writing a page left in the
    public folder (never served; they only take space). Returns how many."""
    try:
        return remove_leftovers(public_root(), KILLED_WRITE_SECONDS)
    except OSError as error:
        _fail(f"cannot delete temporary files in {public_root()}: {error.strerror or error}; fix its permissions")


def last_error() -> str:
    """Why publishing last failed, until a publish succeeds again ('' when it works)."""
    return HUEY.get(_LAST_ERROR_KEY, peek=True) or ""


def _fail(message: str) -> None:
    logger.error("publishing failed: %s", message)
    HUEY.put(_LAST_ERROR_KEY, message)
    raise PublishError(message)
