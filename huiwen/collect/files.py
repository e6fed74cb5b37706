"""Pages already on disk: HTML files, folders of them, and WARC archives (bulk import)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
#: The same cap the fetcher applies to a response, for each archived page.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class LocalDocument:
    url: str
    content: bytes
    declared_charset: str | None = None
    #: Why the document cannot be used, when it can't (too large, not HTML, …).
    problem: str = ""


def documents_from_path(path: Path, *, within: Path | None = None) -> Iterator[LocalDocument]:
    """An HTML file, or every HTML file under a folder (sorted, so runs repeat).

    With ``within``, a file whose real path (symbolic links resolved) lies outside that
    folder is reported, not read.
    """
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix.lower() in _HTML_SUFFIXES)
    for file in files:
        real = file.resolve()
        if within is not None and not real.is_relative_to(within):
            yield LocalDocument(url=real.as_uri(), content=b"", problem=f"{file} leads outside {within}")
            continue
        size = file.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield LocalDocument(url=file.resolve().as_uri(), content=b"", problem=f"file is {size} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit")
            continue
        yield LocalDocument(url=file.resolve().as_uri(), content=file.read_bytes())


def documents_from_warc(path: Path) -> Iterator[LocalDocument]:
    """HTML responses archived in a WARC file (``.warc`` or ``.warc.gz``).

    fastwarc undoes the HTTP transfer and content encodings of each record, so the
    content is the page as a browser would have received it.
    """
    # Opened here, not by fastwarc: given a string it would also fetch URLs (fsspec).
    with path.open("rb") as stream:
        yield from _warc_documents(stream)


def _warc_documents(stream) -> Iterator[LocalDocument]:
    records = ArchiveIterator(
        stream, record_types=WarcRecordType.response, parse_http=True, auto_decode="all",
        stream_detect=True, fsspec_args=False,
    )
    for record in records:
        url = record.headers.get("WARC-Target-URI", "").strip("<>")
        if not url:
            continue
        status = record.http_headers.status_code if record.http_headers else None
        content_type = (record.http_content_type or "").lower()
        if status != 200:
            yield LocalDocument(url=url, content=b"", problem=f"archived response has HTTP status {status}")
        elif content_type and "html" not in content_type:
            yield LocalDocument(url=url, content=b"", problem=f"archived response is {content_type}, not HTML")
        elif record.content_length > MAX_DOCUMENT_BYTES:
            yield LocalDocument(url=url, content=b"", problem=f"archived response is over the {MAX_DOCUMENT_BYTES}-byte limit")
        else:
            yield LocalDocument(url=url, content=record.reader.read(MAX_DOCUMENT_BYTES), declared_charset=record.http_charset)
