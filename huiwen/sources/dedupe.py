"""Is this text a story we already hold? Exact content hash first, then MinHash LSH.

An LSH index like datasketch's MinHashLSH lives in one process's memory (or Redis); the
bands are stored as rows here instead, so every worker on every machine sees the same index
through the database that already holds the articles, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection

from huiwen.db import insert_rows
from huiwen.news.models import Article
from huiwen.sources.models import Fingerprint, SignatureBand
from huiwen.text import NEAR_DUPLICATE_JACCARD, content_hash, minhash

if TYPE_CHECKING:
    # Not at run time: web processes import this module (the admin) but never make or
    # compare signatures, and numpy is ~20 MB of each one's memory.
    import numpy as np

#: 20 bands of 6 rows use 120 of the 128 permutations. Pairs at Jaccard 0.8 share a band
#: with probability 1-(1-0.8⁶)²⁰ ≈ 0.998, pairs at 0.5 with ≈ 0.27 and at 0.3 with ≈ 0.01;
#: every candidate is then checked against the threshold on the full signature.
BANDS, ROWS = 20, 6
#: Candidates checked per text, most band keys shared first.
MAX_CANDIDATES = 50


@dataclass(frozen=True)
class Match:
    article: Article
    similarity: float


@dataclass(frozen=True)
class TextPrint:
    """What dedupe needs of a text, computed once and before any lock is taken: its exact
    hash, its MinHash signature and the LSH band keys of that signature."""

    content_hash: str
    signature: np.ndarray
    band_keys: tuple[int, ...]


def print_of(text: str) -> TextPrint:
    signature = minhash(text)
    return TextPrint(content_hash(text), signature, tuple(band_keys(signature)))


#: How a signature's 32-bit values are stored, and read back.
_STORED = "<u4"


def stored_signature(signature: np.ndarray) -> bytes:
    """The signature as its ``Fingerprint`` row holds it."""
    return signature.astype(_STORED).tobytes()


def band_keys(signature: np.ndarray) -> list[int]:
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].astype(_STORED).tobytes()
        digest = hashlib.blake2b(band.to_bytes(1, "big") + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


#: The first halves of PostgreSQL's two-key advisory locks taken for ingestion (their own
#: key spaces, apart from the one-key locks elsewhere): texts' band keys and URL keys; the
#: second half is derived per band or URL.
_INGEST_LOCK_SPACE = 0x6877
_URL_LOCK_SPACE = 0x6878


def lock_for_ingest(texts: Iterable[TextPrint], url_keys: Iterable[str] = ()) -> None:
    """Hold, until this transaction ends, the right to look for copies of ``texts`` and
    store them, and to record the pages of ``url_keys``.

    Two workers ingesting the same story from two sources at once would both find no
    duplicate and both store it. SQLite needs nothing here: Django opens its transactions
    with BEGIN IMMEDIATE (see settings), which already lets one writer in at a time.
    PostgreSQL takes one advisory lock per band key (an exact copy has the same bands):
    only texts that could match each other wait for one another, and unrelated stories
    are stored side by side by any number of workers. A batch of pages is stored in one
    transaction, so the URLs are locked as well, first: two workers holding the same two
    URLs (listed in two feeds) in opposite order would otherwise each wait for the
    other's uncommitted page row. Each kind of lock is taken at once and in sorted order
    (unnest yields an array in order), so two workers never wait for each other in a
    circle; two keys folding onto one 32-bit lock only make a worker wait needlessly.
    """
    if connection.vendor != "postgresql":
        return
    urls = {int(key[:8], 16) for key in url_keys}  # a URL key is a hex SHA-1
    bands = {key & 0xFFFF_FFFF for text in texts for key in text.band_keys}
    with connection.cursor() as cursor:
        for space, folded in ((_URL_LOCK_SPACE, urls), (_INGEST_LOCK_SPACE, bands)):
            if folded:
                locks = sorted(key - (1 << 32) if key >= 1 << 31 else key for key in folded)
                cursor.execute("SELECT count(pg_advisory_xact_lock(%s, key)) FROM unnest(%s::integer[]) AS key", [space, locks])


def find_duplicate(text: TextPrint) -> Match | None:
    """The held article this text duplicates (exactly, or at or above
    ``NEAR_DUPLICATE_JACCARD`` estimated Jaccard similarity of character shingles)."""
    rows = _candidates(text)
    for article_id, stored_hash, _signature, status in rows:
        if stored_hash == text.content_hash:
            return Match(_held(article_id, status), 1.0)
    if not rows:
        return None
    import numpy as np

    # huiwen.text.similarity on every candidate at once: the share of equal values.
    stored = np.frombuffer(b"".join(row[2] for row in rows), dtype=_STORED).reshape(len(rows), -1)
    similarities = np.count_nonzero(stored == text.signature, axis=1) / stored.shape[1]
    best = int(np.argmax(similarities))  # the first of equals: the most band keys shared
    if similarities[best] < NEAR_DUPLICATE_JACCARD:
        return None
    article_id, _hash, _signature, status = rows[best]
    return Match(_held(article_id, status), float(similarities[best]))


def _candidates(text: TextPrint) -> list[tuple[int, str, bytes, str]]:
    """``(article, content hash, signature, article status)`` of the stored text with the
    same content hash and of those sharing a band key with ``text``, most keys shared first.

    Two plain queries, the second only when there is a candidate: most texts collected
    are new stories with none. It runs under the ingest lock for every page. On
    PostgreSQL at 100k stored texts the one query joining the candidates to their
    fingerprints and articles cost 0.7 ms, of which planning the join was most (running
    it 0.09 ms, prepared statements did not help), against 0.27 ms for the lookup of
    keys alone (bench/collect/dedupe.py)."""
    quote = connection.ops.quote_name
    fingerprints, bands, articles = (quote(model._meta.db_table) for model in (Fingerprint, SignatureBand, Article))
    of_band, article, shared = quote(SignatureBand._meta.get_field("fingerprint").column), quote("article_id"), quote("shared")
    marks = ", ".join(["%s"] * len(text.band_keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {article}, %s AS {shared} FROM {fingerprints} WHERE {quote('content_hash')} = %s"
            f" UNION ALL SELECT {of_band}, count(*) FROM {bands} WHERE {quote('key')} IN ({marks}) GROUP BY {of_band}"
            f" ORDER BY {shared} DESC LIMIT %s",
            [BANDS + 1, text.content_hash, *text.band_keys, MAX_CANDIDATES],
        )
        order = {}
        for article_id, _shared in cursor.fetchall():
            order.setdefault(article_id, len(order))  # an exact copy also shares its bands
        if not order:
            return []
        cursor.execute(
            f"SELECT f.{article}, f.{quote('content_hash')}, f.{quote('signature')}, a.{quote('status')} FROM {fingerprints} f"
            f" JOIN {articles} a ON a.{quote('id')} = f.{article} WHERE f.{article} IN ({', '.join(['%s'] * len(order))})",
            list(order),
        )
        rows = [(article_id, stored_hash, bytes(signature), status) for article_id, stored_hash, signature, status in cursor.fetchall()]
    return sorted(rows, key=lambda row: order[row[0]])


def _held(article_id: int, status: str) -> Article:
    """The matched article, with what collection reads of it (its status)."""
    return Article.from_db(connection.alias, ["id", "status"], [article_id, status])


def remember(article: Article, text: TextPrint, *, new: bool = False) -> None:
    """Index the article's text so later copies are found (replaces an older index).

    A plain update, then an insert when there was nothing to update, and no savepoints
    (``update_or_create`` takes two); a ``new`` article, the collector's case, has nothing
    to update: two inserts."""
    fields = {"content_hash": text.content_hash, "signature": stored_signature(text.signature)}
    if not new and Fingerprint.objects.filter(article=article).update(**fields):
        SignatureBand.objects.filter(fingerprint_id=article.pk).delete()
    else:
        insert_rows(Fingerprint, ["article", *fields], [(article.pk, *fields.values())])
    # The fingerprint's key is its article's.
    insert_rows(SignatureBand, ["fingerprint", "key"], [(article.pk, key) for key in sorted(set(text.band_keys))])
