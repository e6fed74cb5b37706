"""Content-Encoding decoding with bounded output per step.

httpx's own decoders hand each network chunk to the decompressor in one call, and one
64 KiB chunk of a gzip bomb inflates to ~64 MB, of a brotli bomb to gigabytes, before
any size cap can look at it. These decoders never produce more than ``PIECE`` bytes per
step, so the caller's byte counter stops a bomb after at most ``max_bytes + PIECE``.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterable, Iterator

from huiwen.fetch.errors import DecodingError

try:
    import brotli
except ImportError:  # brotli is optional: without it we simply do not advertise "br"
    brotli = None

PIECE = 64 * 1024

# Only brotli >= 1.2 can bound its output (``output_buffer_limit``); older versions would
# reopen exactly the hole this module closes.
_HAS_BROTLI = brotli is not None and hasattr(brotli.Decompressor, "can_accept_more_data")

ACCEPT_ENCODING = "gzip, deflate, br" if _HAS_BROTLI else "gzip, deflate"


def decode(chunks: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """Undo ``content_encoding`` (possibly a list, applied in order) over a raw byte stream."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    stream: Iterator[bytes] = iter(chunks)
    for coding in reversed(codings):
        stream = _decoder(coding)(stream)
    return stream


def _decoder(coding: str) -> Callable[[Iterator[bytes]], Iterator[bytes]]:
    if coding == "identity":
        return lambda stream: stream
    if coding in ("gzip", "x-gzip"):
        return lambda stream: _inflate(stream, 16 + zlib.MAX_WBITS, coding)
    if coding == "deflate":
        return _deflate
    if coding == "br" and _HAS_BROTLI:
        return _unbrotli
    raise DecodingError(
        f"the server used Content-Encoding {coding!r}, which we did not ask for and cannot "
        f"decode (we send Accept-Encoding: {ACCEPT_ENCODING})"
    )


def _inflate(chunks: Iterator[bytes], wbits: int, coding: str) -> Iterator[bytes]:
    decompressor = zlib.decompressobj(wbits)
    finished_one = False
    for chunk in chunks:
        data = chunk
        while True:
            try:
                out = decompressor.decompress(data, PIECE)
            except zlib.error as exc:
                if finished_one:
                    return  # junk after a complete stream: browsers ignore it, so do we
                raise DecodingError(f"the {coding} body is corrupt ({exc})") from exc
            if out:
                yield out
            if decompressor.eof:
                # gzip allows several members back to back; a new decompressor reads the next.
                finished_one = True
                data = decompressor.unused_data
                decompressor = zlib.decompressobj(wbits)
                continue
            data = decompressor.unconsumed_tail
            # A full PIECE means zlib may still hold output even with no input left.
            if not data and len(out) < PIECE:
                break


def _deflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    # "deflate" should be zlib-wrapped, but enough servers send raw deflate that browsers
    # accept both; the zlib header is recognisable from its first two bytes.
    first = next(chunks, b"")
    zlib_wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and ((first[0] << 8) | first[1]) % 31 == 0
    wbits = zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS
    return _inflate(itertools.chain([first], chunks), wbits, "deflate")


def _unbrotli(chunks: Iterator[bytes]) -> Iterator[bytes]:
    decompressor = brotli.Decompressor()
    for chunk in chunks:
        data = chunk
        while True:
            try:
                out = decompressor.process(data, output_buffer_limit=PIECE)
            except brotli.error as exc:
                raise DecodingError(f"the br body is corrupt ({exc})") from exc
            if out:
                yield out
            if decompressor.is_finished():
                return
            # After a limited call, brotli must be drained with empty input before it
            # accepts more; it may hold output even once it would accept more input.
            data = b""
            if not out and decompressor.can_accept_more_data():
                break
