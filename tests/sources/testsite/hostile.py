"""Bodies for the hostile routes: a gzip bomb, a 50 MB page, broken HTML and a small JPEG.
Large bodies are produced as chunk iterators so no route holds more than a chunk in memory."""

from __future__ import annotations

import functools
import hashlib
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

BOMB_CHUNK = b" " * (1 << 20)
BOMB_CHUNK_COUNT = 1024
BOMB_DECOMPRESSED_SIZE = len(BOMB_CHUNK) * BOMB_CHUNK_COUNT  # 1 GiB

HUGE_PAGE_HEAD = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>超大页面</title></head><body>\n'.encode()
HUGE_PAGE_CHUNK = ("<p>" + "这是一段只为撑大页面体积而重复的填充文字。" * 1000 + "</p>\n").encode()
HUGE_PAGE_CHUNK_COUNT = -(-50 * 1000 * 1000 // len(HUGE_PAGE_CHUNK))  # enough chunks to pass 50 MB
HUGE_PAGE_TAIL = b"</body></html>\n"
HUGE_PAGE_SIZE = len(HUGE_PAGE_HEAD) + len(HUGE_PAGE_CHUNK) * HUGE_PAGE_CHUNK_COUNT + len(HUGE_PAGE_TAIL)


@dataclass(frozen=True)
class GzipBomb:
    header_and_first_chunk: bytes
    repeated_chunk: bytes
    final_block_and_trailer: bytes

    @property
    def compressed_size(self) -> int:
        return (
            len(self.header_and_first_chunk)
            + len(self.repeated_chunk) * (BOMB_CHUNK_COUNT - 1)
            + len(self.final_block_and_trailer)
        )

    def chunks(self) -> Iterator[bytes]:
        yield self.header_and_first_chunk
        for _ in range(BOMB_CHUNK_COUNT - 1):
            yield self.repeated_chunk
        yield self.final_block_and_trailer


@functools.cache
def gzip_bomb() -> GzipBomb:
    """A gzip stream of 1 GiB of spaces, about 1 MB compressed, built in well under a second.

    Compressing 1 GiB outright takes several seconds. But a full flush resets the deflate
    dictionary, so after one the same input chunk always compresses to the same bytes:
    compress the chunk once, repeat its output, and write the gzip trailer (CRC-32 and
    length of the whole 1 GiB) ourselves."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    header_and_first_chunk = compressor.compress(BOMB_CHUNK) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated_chunk = compressor.compress(BOMB_CHUNK) + compressor.flush(zlib.Z_FULL_FLUSH)
    # zlib's own trailer only covers the two chunks it saw, so keep just the final empty block.
    final_block = compressor.flush(zlib.Z_FINISH)[:-8]
    crc = 0
    for _ in range(BOMB_CHUNK_COUNT):
        crc = zlib.crc32(BOMB_CHUNK, crc)
    trailer = struct.pack("<II", crc, BOMB_DECOMPRESSED_SIZE & 0xFFFFFFFF)
    return GzipBomb(header_and_first_chunk, repeated_chunk, final_block + trailer)


def huge_page_chunks() -> Iterator[bytes]:
    yield HUGE_PAGE_HEAD
    for _ in range(HUGE_PAGE_CHUNK_COUNT):
        yield HUGE_PAGE_CHUNK
    yield HUGE_PAGE_TAIL


MALFORMED_DEPTH = 10_000

# Unclosed and stray tags, NUL bytes, invalid UTF-8 (a lone continuation byte, an overlong
# form, a truncated three-byte sequence) and a 10k-deep <div> nest that breaks recursive walkers.
MALFORMED_PAGE = b"".join(
    [
        "<html><head><title>损坏的页面<body>\n".encode(),
        "<p>第一段正文没有结束标签\n<p>第二段".encode(),
        b"\x00\x00",
        "夹着空字节\n".encode(),
        b"<p>\x80\xc0\xaf\xff\xfe\xe4\xb8</p>\n",
        b"<div>" * MALFORMED_DEPTH,
        "最深处的一段文字".encode(),
        b"<table><tr><td>unclosed cell<td><b><i>crossed</b></i>",
        b"</span></font></article>",
        b'<a href="/gbk/a1.html" <img src=x>',
        b"<!-- a comment that never ends",
    ]
)


def _jpeg_bytes() -> bytes:
    """JPEG framing (SOI, JFIF APP0, a comment segment of deterministic noise, EOI): enough
    for sniffing and Content-Type checks, not a decodable picture."""
    noise = b"".join(hashlib.sha256(str(counter).encode()).digest() for counter in range(120))
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return (
        b"\xff\xd8"
        + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
        + b"\xff\xfe" + struct.pack(">H", len(noise) + 2) + noise
        + b"\xff\xd9"
    )


JPEG_BYTES = _jpeg_bytes()
