"""Published files: where a URL path lives under the public folder, written atomically.

The same mapping serves the publisher, the embedded front and nginx's ``try_files``:
``/x/`` is ``x/index.html``, ``/article/1.html`` is that file. Only the shapes of our own
reader URLs map to a file; anything else (dot segments, encoded slashes, NUL, control
characters, very long paths, unknown suffixes) maps to nothing, so no request can name a
file outside the folder or one the publisher did not write.
"""

from __future__ import annotations

import gzip
import os
import secrets
import time
from pathlib import Path

__all__ = [
    "CONTENT_TYPES", "MAX_PATH_CHARS", "compressed", "content_type", "public_file", "remove_leftovers", "remove_page",
    "write_page",
]

#: What each published suffix is served as.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",  # robots.txt
}
#: Feeds keep their own types, which feed readers look at (by file name: the site's,
#: a category's /category/<slug>/rss.xml and a tag's /tags/<id>/atom.xml alike).
_NAMED_TYPES = {
    "rss.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
}
MAX_PATH_CHARS = 512
_COMPRESSED = ".gz"
#: Marks a file being written; a writer killed mid-write leaves one behind (a dotfile,
#: never served), which ``remove_leftovers`` deletes.
_TEMPORARY = ".tmp-"
_BAD_CHARACTERS = frozenset("\\\x00") | {chr(code) for code in range(0x20)} | {"\x7f"}


def public_file(root: Path, url_path: str) -> Path | None:
    """The file that holds ``url_path`` (a decoded path such as ``/en/article/3.html``), or
    None when no published page can live there."""
    if not url_path.startswith("/") or len(url_path) > MAX_PATH_CHARS or _BAD_CHARACTERS.intersection(url_path):
        return None
    relative = url_path[1:] + ("index.html" if url_path.endswith("/") else "")
    segments = relative.split("/")
    if any(not segment or segment.startswith(".") for segment in segments):
        return None
    if Path(segments[-1]).suffix not in CONTENT_TYPES:
        return None
    return root.joinpath(*segments)


def content_type(file: Path) -> str:
    return _NAMED_TYPES.get(file.name) or CONTENT_TYPES[file.suffix]


def compressed(file: Path) -> Path:
    return file.with_name(file.name + _COMPRESSED)


def write_page(file: Path, body: bytes) -> None:
    """Write ``body`` and its gzip copy so that a reader only ever sees a whole file: each
    goes to a hidden temporary file beside it and is renamed over the old one.

    A process killed at any point leaves the old file or the new one, each whole. The
    data is not fsynced before the rename: that would guard against a power cut only, at
    7 ms a page (12 times the write itself, measured here), and ext4's default mount
    (data=ordered with auto_da_alloc) already writes a renamed-over file's data before the
    rename. On other filesystems, rebuild the folder after a power cut (docs/deploy.md)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    # The copy first: for a moment a new .gz beside an old page is harmless, both whole.
    _replace(compressed(file), gzip.compress(body, compresslevel=6, mtime=0))
    _replace(file, body)


def remove_page(file: Path) -> bool:
    """Delete a published page (the page first, so it is gone at once). Whether it was there."""
    existed = False
    for path in (file, compressed(file)):
        try:
            path.unlink()
            existed = True
        except FileNotFoundError:
            pass
    return existed


def remove_leftovers(root: Path, older_than: float) -> int:
    """Delete the temporary files of writes that were killed, those unchanged for
    ``older_than`` seconds (a younger one may be another process's write in progress).
    Returns how many were deleted."""
    cutoff, removed = time.time() - older_than, 0
    # os.walk, not rglob: a folder another process deletes meanwhile (a rebuild clearing
    # a language) is skipped instead of failing the walk.
    for folder, _subfolders, names in os.walk(root):
        for name in names:
            if name.startswith(".") and _TEMPORARY in name:
                temporary = Path(folder, name)
                try:
                    if temporary.stat().st_mtime < cutoff:
                        temporary.unlink()
                        removed += 1
                except FileNotFoundError:
                    pass  # renamed or deleted by its writer meanwhile
    return removed


def _replace(file: Path, data: bytes) -> None:
    temporary = file.with_name(f".{file.name}{_TEMPORARY}{secrets.token_hex(4)}")
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
