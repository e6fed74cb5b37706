"""Size caps: decompression bombs and huge bodies are refused after reading little and
without holding much in memory."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest
from fetchkit import Site, connections, make_fetcher, respond, site  # noqa: F401 - pytest fixtures

from huiwen.fetch import DecodingError, FetchPolicy, TooLarge
from huiwen.fetch import fetcher as fetcher_module
from huiwen.fetch._decode import ACCEPT_ENCODING, PIECE

GiB = 1 << 30
MiB = 1 << 20
DEFAULT_CAP = FetchPolicy().max_bytes


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GiB of zeros as a single gzip member of about 1 MB.

    Compressing a real gigabyte takes seconds; instead one sync-flushed deflate block of
    1 MiB zeros is repeated (its back-references only ever see zeros, so every copy is
    identical and valid), framed with the gzip header and the true CRC and length.
    """
    zeros = bytes(MiB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_SYNC_FLUSH)
    middle = compressor.compress(zeros) + compressor.flush(zlib.Z_SYNC_FLUSH)
    last = compressor.compress(zeros) + compressor.flush()
    crc = 0
    for _ in range(GiB // MiB):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = crc.to_bytes(4, "little") + (GiB % 2**32).to_bytes(4, "little")
    return header + first + middle * (GiB // MiB - 2) + last + trailer


def test_gzip_bomb_fixture_is_what_it_claims(gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 1.1 * MiB
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert d.decompress(gzip_bomb[: 64 * 1024], MiB) == bytes(MiB)


def _bomb_route(site: Site, body: bytes, coding: str) -> None:
    site.routes["/bomb"] = respond(200, body, {"Content-Encoding": coding, "Content-Type": "text/html"})


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes the fetcher decoded from response bodies, counted as they are produced."""
    counted: list[int] = []
    real = fetcher_module.decode

    def counting(chunks, content_encoding):
        for piece in real(chunks, content_encoding):
            counted.append(len(piece))
            yield piece

    monkeypatch.setattr(fetcher_module, "decode", counting)
    return counted


def _fetch_measuring_memory(fetcher, url: str) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge) as caught:
            fetcher.fetch(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, peak


def test_gzip_bomb_is_refused_by_the_decompressed_cap(
    site: Site, make_fetcher, gzip_bomb: bytes, decoded: list[int]
) -> None:
    _bomb_route(site, gzip_bomb, "gzip")

    error, peak = _fetch_measuring_memory(make_fetcher(), site.url("/bomb"))

    assert "after decompression" in str(error) and error.limit == DEFAULT_CAP
    assert peak < 2 * DEFAULT_CAP, f"peak {peak / MiB:.1f} MiB while refusing a 1 GiB bomb"
    # The work done is what was inflated: the cap and one piece, not the gigabyte.
    assert sum(decoded) <= DEFAULT_CAP + PIECE


def test_brotli_bomb_is_refused_by_the_decompressed_cap(site: Site, make_fetcher) -> None:
    brotli = pytest.importorskip("brotli")
    if "br" not in ACCEPT_ENCODING:
        pytest.skip("installed brotli cannot bound its output, so br is not advertised")
    compressor = brotli.Compressor(quality=1)
    zeros = bytes(MiB)
    bomb = b"".join(compressor.process(zeros) for _ in range(GiB // MiB)) + compressor.finish()
    assert len(bomb) < MiB
    _bomb_route(site, bomb, "br")

    error, peak = _fetch_measuring_memory(make_fetcher(), site.url("/bomb"))

    assert "after decompression" in str(error)
    assert peak < 2 * DEFAULT_CAP, f"peak {peak / MiB:.1f} MiB while refusing a 1 GiB bomb"


def test_body_exactly_at_the_cap_is_accepted_one_more_byte_is_not(site: Site, make_fetcher) -> None:
    site.routes["/at"] = respond(200, bytes(1000))
    site.routes["/over"] = respond(200, bytes(1001))
    site.routes["/over-gz"] = respond(200, gzip.compress(bytes(1001)), {"Content-Encoding": "gzip"})
    fetcher = make_fetcher(max_bytes=1000)
    assert len(fetcher.fetch(site.url("/at")).content) == 1000
    with pytest.raises(TooLarge, match="Content-Length: 1001"):
        fetcher.fetch(site.url("/over"))
    with pytest.raises(TooLarge, match="after decompression"):
        fetcher.fetch(site.url("/over-gz"))


class _Huge:
    """A 50 MB body streamed in 1 MiB writes; counts how much actually left the server."""

    def __init__(self, declare_length: bool) -> None:
        self.declare_length = declare_length
        self.sent = 0

    def __call__(self, handler) -> None:
        handler.send_response(200)
        if self.declare_length:
            handler.send_header("Content-Length", str(50 * MiB))
        else:
            handler.send_header("Connection", "close")  # body runs until the socket closes
            handler.close_connection = True
        handler.end_headers()
        chunk = bytes(MiB)
        for _ in range(50):
            handler.wfile.write(chunk)
            self.sent += len(chunk)


def test_50mb_body_with_content_length_is_refused_before_reading(site: Site, make_fetcher, decoded: list[int]) -> None:
    huge = _Huge(declare_length=True)
    site.routes["/huge"] = huge
    with pytest.raises(TooLarge, match="declares Content-Length: 52428800"):
        make_fetcher().fetch(site.url("/huge"))
    assert decoded == []  # not one byte of the body was read


def test_50mb_body_without_length_is_cut_off_at_the_cap(site: Site, make_fetcher) -> None:
    huge = _Huge(declare_length=False)
    site.routes["/huge"] = huge
    with pytest.raises(TooLarge, match="before decompression|after decompression"):
        make_fetcher().fetch(site.url("/huge"))
    time.sleep(0.2)  # let the server notice the closed socket
    assert huge.sent < 40 * MiB


def test_corrupt_and_unknown_encodings_are_decoding_errors(site: Site, make_fetcher) -> None:
    site.routes["/corrupt"] = respond(200, b"\x1f\x8b\x08\x00garbage" * 10, {"Content-Encoding": "gzip"})
    site.routes["/zstd"] = respond(200, b"\x28\xb5\x2f\xfd", {"Content-Encoding": "zstd"})
    fetcher = make_fetcher()
    with pytest.raises(DecodingError, match="gzip body is corrupt"):
        fetcher.fetch(site.url("/corrupt"))
    with pytest.raises(DecodingError, match="'zstd', which we did not ask for"):
        fetcher.fetch(site.url("/zstd"))


def test_robots_txt_beyond_500_kib_is_ignored_like_google_does(site: Site, make_fetcher) -> None:
    padding = b"# filler\n" * (600 * 1024 // 9)
    site.routes["/robots.txt"] = respond(200, b"User-agent: *\n" + padding + b"Disallow: /\n")
    site.routes["/"] = respond(200, b"ok")
    assert make_fetcher().fetch(site.url("/")).content == b"ok"
