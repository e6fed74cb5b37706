"""SQLite FTS5: the embedded engine.

The index is a series of FTS5 tables, *partitions* by publication time
(``search_fts_<number>``), listed in ``search_partition`` with the lowest key each holds:
partition *p* holds exactly the keys from its ``low_key`` up to the next partition's. Each
has three columns — title tokens, body tokens and facet terms (``c<category id>``,
``t<tag id>``) — tokenised by ``unicode61``, which here only splits on the spaces between
our tokens. A row's rowid is a *time key*: ``published_at`` in milliseconds × 1000 + the
article id modulo 1000, so "the newest matches" is FTS5's cheap ``ORDER BY rowid DESC``
and "published by now", "since" and "until" are rowid ranges it applies while reading.
``search_document`` maps article ids to keys.

Why partitions: FTS5's ``bm25()`` weighs each query word by how many rows of its table
hold the word, and counts them on every query by reading the word's whole posting list —
for a word in most of a million articles, tens of milliseconds, whatever the LIMIT or the
rowid range. A query reads the newest partition first and an older one only while it has
fewer than N candidates, so a common word is weighed and ranked within the newest
``PARTITION_ROWS`` articles, and a rare one reads every partition's short lists. A new
partition is opened when the newest is full and the newest current (not scheduled)
article arrives, so partitions fill in publication order; an article published late goes
to the partition its time belongs to.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.utils import timezone

from huiwen.search.backends import Candidate, Document

#: Articles per partition: a common word's weight is counted over this many at most.
PARTITION_ROWS = 50_000
_KEY_SPREAD = 1000
_LOWEST_KEY, _HIGHEST_KEY = -(2**63), 2**63 - 1
# BM25 column weights: a match in the title counts four times one in the body; facets
# are filters only.
_WEIGHTS = (4.0, 1.0, 0.0)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS search_document (article_id INTEGER PRIMARY KEY, rowkey INTEGER NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS search_partition"
    " (number INTEGER PRIMARY KEY, low_key INTEGER NOT NULL UNIQUE, size INTEGER NOT NULL DEFAULT 0)",
]


def time_key(moment: datetime, article_id: int = _KEY_SPREAD - 1) -> int:
    """The rowid range of a moment: its millisecond × 1000 + article id mod 1000 (with
    the default, the last key of that millisecond)."""
    return math.floor(moment.timestamp() * 1000) * _KEY_SPREAD + article_id % _KEY_SPREAD


def _table(number: int) -> str:
    return f"search_fts_{int(number)}"


def _facets(document: Document) -> str:
    terms = [f"t{tag_id}" for tag_id in document.tag_ids]
    if document.category_id:
        terms.insert(0, f"c{document.category_id}")
    return " ".join(terms)


def _phrase(token: str) -> str:
    # Tokens are letters and digits only (huiwen.search.text); quoting still makes each
    # a plain string to FTS5 whatever it is, never an operator or a column name.
    return '"' + token.replace('"', '""') + '"'


def _chunks(values: Sequence, size: int = 500):
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


class _Partitions:
    """The partitions as they are now, oldest first."""

    def __init__(self, cursor):
        cursor.execute("SELECT number, low_key, size FROM search_partition ORDER BY low_key")
        rows = cursor.fetchall()
        self.numbers = [row[0] for row in rows]
        self.lows = [row[1] for row in rows]
        self.sizes = [row[2] for row in rows]
        self._resized: set[int] = set()

    def grow(self, position: int, count: int) -> None:
        self.sizes[position] += count
        self._resized.add(position)

    def save_sizes(self, cursor) -> None:
        cursor.executemany(
            "UPDATE search_partition SET size = %s WHERE number = %s",
            [(self.sizes[position], self.numbers[position]) for position in sorted(self._resized)],
        )
        self._resized.clear()

    def holding(self, key: int) -> int:
        """The position of the partition a key belongs to."""
        return max(0, bisect_right(self.lows, key) - 1)

    def newest_first(self, low: int, high: int):
        """(table, lowest key, highest key) of each partition meeting [low, high]."""
        for position in range(len(self.numbers) - 1, -1, -1):
            start = max(low, self.lows[position])
            end = min(high, self.lows[position + 1] - 1 if position + 1 < len(self.lows) else _HIGHEST_KEY)
            if start <= end:
                yield _table(self.numbers[position]), start, end


class SqliteBackend:
    vendor = "sqlite"

    def create_schema(self, cursor) -> None:
        for statement in SCHEMA:
            cursor.execute(statement)
        cursor.execute("SELECT count(*) FROM search_partition")
        if not cursor.fetchone()[0]:
            self._open_partition(cursor, 0, _LOWEST_KEY)

    def drop_schema(self, cursor) -> None:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'search_partition'")
        if cursor.fetchone():
            cursor.execute("SELECT number FROM search_partition")
            for (number,) in cursor.fetchall():
                cursor.execute(f"DROP TABLE IF EXISTS {_table(number)}")
        for table in ("search_partition", "search_document"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

    @staticmethod
    def _open_partition(cursor, number: int, low_key: int) -> None:
        cursor.execute(f"CREATE VIRTUAL TABLE {_table(number)} USING fts5(title, body, facets, tokenize = 'unicode61')")
        cursor.execute("INSERT INTO search_partition (number, low_key) VALUES (%s, %s)", [number, low_key])

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        with connection.cursor() as cursor:
            self._delete(cursor, [d.article_id for d in documents])
            keyed = []
            wanted = [time_key(d.published_at, d.article_id) for d in documents]
            taken = self._taken(cursor, wanted)
            for document, key in zip(documents, wanted):
                # Two articles of one millisecond with ids 1000 apart would share a key;
                # the later one takes the next free key below (a millisecond earlier at most).
                while key in taken or (key != wanted[len(keyed)] and self._taken(cursor, [key])):
                    key -= 1
                taken.add(key)
                keyed.append((key, document))
            keyed.sort(key=lambda pair: pair[0])
            partitions = _Partitions(cursor)
            rows: dict[str, list] = defaultdict(list)
            for key, document in keyed:
                if self._opens_partition(cursor, partitions, key):
                    partitions = self._split(cursor, partitions, key)
                position = partitions.holding(key)
                partitions.grow(position, 1)
                rows[_table(partitions.numbers[position])].append((key, document.title, document.body, _facets(document)))
            cursor.executemany(
                "INSERT INTO search_document (article_id, rowkey) VALUES (%s, %s)",
                [(document.article_id, key) for key, document in keyed],
            )
            for table, values in rows.items():
                cursor.executemany(f"INSERT INTO {table} (rowid, title, body, facets) VALUES (%s, %s, %s, %s)", values)
            partitions.save_sizes(cursor)
        return len(documents)

    @staticmethod
    def _opens_partition(cursor, partitions: _Partitions, key: int) -> bool:
        """A full newest partition makes way for the newest current article: one that
        is due by now and newer than every due article indexed."""
        if partitions.sizes[-1] < PARTITION_ROWS or key <= partitions.lows[-1]:
            return False
        now_key = time_key(timezone.now())
        if key > now_key:
            return False  # scheduled: where it belongs is decided when the present reaches it
        cursor.execute("SELECT max(rowkey) FROM search_document WHERE rowkey <= %s", [now_key])
        newest_due = cursor.fetchone()[0]
        return newest_due is None or key > newest_due

    def _split(self, cursor, partitions: _Partitions, low_key: int) -> _Partitions:
        """Open a partition from ``low_key`` on and move into it what the previous newest
        held from there (scheduled articles only, see _opens_partition)."""
        partitions.save_sizes(cursor)
        previous = _table(partitions.numbers[-1])
        number = max(partitions.numbers) + 1
        self._open_partition(cursor, number, low_key)
        cursor.execute(f"SELECT rowid, title, body, facets FROM {previous} WHERE rowid >= %s", [low_key])
        moved = cursor.fetchall()
        if moved:
            cursor.executemany(f"INSERT INTO {_table(number)} (rowid, title, body, facets) VALUES (%s, %s, %s, %s)", moved)
            cursor.execute(f"DELETE FROM {previous} WHERE rowid >= %s", [low_key])
            cursor.execute("UPDATE search_partition SET size = size - %s WHERE number = %s", [len(moved), partitions.numbers[-1]])
            cursor.execute("UPDATE search_partition SET size = %s WHERE number = %s", [len(moved), number])
        return _Partitions(cursor)

    @staticmethod
    def _taken(cursor, keys: Sequence[int]) -> set[int]:
        taken: set[int] = set()
        for chunk in _chunks(keys):
            cursor.execute(f"SELECT rowkey FROM search_document WHERE rowkey IN ({','.join(['%s'] * len(chunk))})", chunk)
            taken.update(row[0] for row in cursor.fetchall())
        return taken

    def _delete(self, cursor, article_ids: Sequence[int]) -> None:
        keys: list[int] = []
        for chunk in _chunks(article_ids):
            cursor.execute(f"SELECT rowkey FROM search_document WHERE article_id IN ({','.join(['%s'] * len(chunk))})", chunk)
            keys.extend(row[0] for row in cursor.fetchall())
        if not keys:
            return
        partitions = _Partitions(cursor)
        by_position: dict[int, list[int]] = defaultdict(list)
        for key in keys:
            by_position[partitions.holding(key)].append(key)
        for position, held in by_position.items():
            for chunk in _chunks(held):
                cursor.execute(f"DELETE FROM {_table(partitions.numbers[position])} WHERE rowid IN ({','.join(['%s'] * len(chunk))})", chunk)
            partitions.grow(position, -len(held))
        partitions.save_sizes(cursor)
        for chunk in _chunks(keys):
            cursor.execute(f"DELETE FROM search_document WHERE rowkey IN ({','.join(['%s'] * len(chunk))})", chunk)

    def remove(self, article_ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            self._delete(cursor, list(article_ids))

    def clear(self) -> None:
        # Dropped and made again (in the caller's transaction): deleting rows from an
        # FTS5 table with its own content reads them back one by one.
        with connection.cursor() as cursor:
            self.drop_schema(cursor)
            self.create_schema(cursor)

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            for number in _Partitions(cursor).numbers:
                cursor.execute(f"INSERT INTO {_table(number)} ({_table(number)}) VALUES ('optimize')")

    def match_expression(self, tokens: Sequence[str], category_id: int | None, tag_id: int | None) -> str:
        expression = "{title body} : (" + " AND ".join(_phrase(token) for token in tokens) + ")"
        if category_id is not None:
            expression += f' AND facets : "c{int(category_id)}"'
        if tag_id is not None:
            expression += f' AND facets : "t{int(tag_id)}"'
        return expression

    def candidates(self, tokens, *, category_id, tag_id, since, until, limit) -> list[Candidate]:
        low = time_key(since, 0) if since else _LOWEST_KEY
        high = time_key(until) if until else _HIGHEST_KEY
        expression = self.match_expression(tokens, category_id, tag_id)
        found: list[Candidate] = []
        with connection.cursor() as cursor:
            for table, start, end in _Partitions(cursor).newest_first(low, high):
                cursor.execute(
                    f"SELECT rowid, bm25({table}, %s, %s, %s) FROM {table}"
                    f" WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s",
                    [*_WEIGHTS, expression, start, end, limit - len(found)],
                )
                # FTS5's bm25() is negative, more negative for a better match.
                found.extend(Candidate(key, key / 1_000_000, -score) for key, score in cursor.fetchall())
                if len(found) >= limit:
                    break
        return found

    def article_ids(self, keys: Sequence[int]) -> dict[int, int]:
        if not keys:
            return {}
        marks = ",".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowkey, article_id FROM search_document WHERE rowkey IN ({marks})", list(keys))
            return dict(cursor.fetchall())

    def indexed_ids(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT article_id FROM search_document ORDER BY article_id")
            return [row[0] for row in cursor.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%%' OR name LIKE 'search_document%%'"
                    " OR name LIKE 'search_partition%%' OR name LIKE 'sqlite_autoindex_search_%%'"
                )
                return int(cursor.fetchone()[0] or 0)
            except Exception:  # dbstat is a compile-time option
                return 0
