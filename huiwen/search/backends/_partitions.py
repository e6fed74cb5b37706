"""The index in partitions by publication time, the same on both engines.

Each engine keeps its index in a series of tables, *partitions* of about
``PARTITION_ROWS`` articles (``search_partition`` lists them with the lowest *time key*
each holds: partition *p* holds exactly the keys from its ``low_key`` up to the next
one's). A time key is ``published_at`` in milliseconds × 1000 + the article id modulo
1000, so keys order articles by time.

Why: both engines pay for a query word in proportion to how many articles hold it,
whatever the LIMIT. FTS5's ``bm25()`` weighs each word by counting, on every query, every
row holding it; a GIN bitmap scan decodes the word's whole posting list. At a million
articles a common word cost 40–200 ms on SQLite and 0.5–2.5 s on PostgreSQL that way.
A query reads the newest partition first and an older one only while it has fewer than
N candidates (``candidates``), so a common word is weighed and found among the newest
``PARTITION_ROWS`` articles, and a rare one reads every partition's short lists.

A partition is opened when the newest is full and the newest due article arrives (a
scheduled article moves into the new partition when its time falls in its range), so
partitions fill in publication order; an article published late goes to the partition
its time belongs to; ``huiwen reindex`` writes oldest first.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone

from huiwen.search.backends import Candidate, Document

__all__ = ["PARTITION_ROWS", "PartitionedIndex", "key_moment", "time_key"]

#: Articles per partition: a common word is weighed and found among this many at most.
PARTITION_ROWS = 50_000
KEY_SPREAD = 1000
#: A partition this full tells how common a query's matches are in the older ones.
MIN_FORETELLING_ROWS = 1000
LOWEST_KEY, HIGHEST_KEY = -(2**63), 2**63 - 1

REGISTRY = (
    "CREATE TABLE IF NOT EXISTS search_partition"
    " (number INTEGER PRIMARY KEY, low_key BIGINT NOT NULL UNIQUE, size INTEGER NOT NULL DEFAULT 0)"
)


def time_key(moment: datetime, article_id: int = KEY_SPREAD - 1) -> int:
    """The key of an article published at ``moment``: its millisecond × 1000 + article
    id mod 1000 (with the default, the last key of that millisecond)."""
    return math.floor(moment.timestamp() * 1000) * KEY_SPREAD + article_id % KEY_SPREAD


def key_moment(key: int) -> datetime:
    """The first moment of a key's millisecond."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=key // KEY_SPREAD)


def chunks(values: Sequence, size: int = 500) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


class Partitions:
    """The partitions as they are now, oldest first."""

    def __init__(self, cursor):
        cursor.execute("SELECT number, low_key, size FROM search_partition ORDER BY low_key")
        rows = cursor.fetchall()
        self.numbers = [row[0] for row in rows]
        self.lows = [row[1] for row in rows]
        self.sizes = [row[2] for row in rows]
        self._resized: set[int] = set()

    def holding(self, key: int) -> int:
        """The position of the partition a key belongs to."""
        return max(0, bisect_right(self.lows, key) - 1)

    def grow(self, position: int, count: int) -> None:
        self.sizes[position] += count
        self._resized.add(position)

    def save_sizes(self, cursor) -> None:
        cursor.executemany(
            "UPDATE search_partition SET size = %s WHERE number = %s",
            [(self.sizes[position], self.numbers[position]) for position in sorted(self._resized)],
        )
        self._resized.clear()

    def last_key(self, position: int) -> int:
        return self.lows[position + 1] - 1 if position + 1 < len(self.lows) else HIGHEST_KEY

    def newest_first(self, low: int, high: int) -> Iterator[tuple[int, int, int]]:
        """(position, first key, last key) of each partition meeting keys [low, high],
        clipped to them, newest first."""
        for position in range(len(self.numbers) - 1, -1, -1):
            start, end = max(low, self.lows[position]), min(high, self.last_key(position))
            if start <= end:
                yield position, start, end


class PartitionedIndex:
    """What both engines share: the partition registry, where an article goes, and
    reading partitions newest first. Each engine says how a partition is stored and read
    (the methods below ``# --- engine``)."""

    vendor: str

    def create_schema(self, cursor) -> None:
        cursor.execute(REGISTRY)
        for statement in self.own_schema:
            cursor.execute(statement)
        cursor.execute("SELECT count(*) FROM search_partition")
        if not cursor.fetchone()[0]:
            self._open(cursor, 0, LOWEST_KEY)

    def drop_schema(self, cursor) -> None:
        if self._has_registry(cursor):
            cursor.execute("SELECT number FROM search_partition")
            for (number,) in cursor.fetchall():
                self._drop_table(cursor, self.table(number))
        cursor.execute("DROP TABLE IF EXISTS search_partition")
        for table in self.own_tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def tables(self, partitions: Partitions) -> list[str]:
        return [self.table(number) for number in partitions.numbers]

    def _open(self, cursor, number: int, low_key: int) -> None:
        self._create_table(cursor, self.table(number))
        cursor.execute("INSERT INTO search_partition (number, low_key) VALUES (%s, %s)", [number, low_key])

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        with connection.cursor() as cursor:
            partitions = Partitions(cursor)
            self._remove(cursor, [d.article_id for d in documents], partitions)
            keyed = sorted(self._keys(cursor, documents), key=lambda pair: pair[0])
            placed: dict[int, list[tuple[int, Document]]] = defaultdict(list)
            for key, document in keyed:
                if self._opens_partition(cursor, partitions, key):
                    partitions = self._split(cursor, partitions, key)
                position = partitions.holding(key)
                partitions.grow(position, 1)
                placed[partitions.numbers[position]].append((key, document))
            for number, rows in placed.items():
                self._insert(cursor, self.table(number), rows)
            partitions.save_sizes(cursor)
        return len(documents)

    def _opens_partition(self, cursor, partitions: Partitions, key: int) -> bool:
        """A full newest partition makes way for the newest current article: one that
        is due by now and newer than every due article indexed."""
        if partitions.sizes[-1] < PARTITION_ROWS or key <= partitions.lows[-1]:
            return False
        now_key = time_key(timezone.now())
        if key > now_key:
            return False  # scheduled: where it belongs is decided when the present reaches it
        newest_due = self._newest_due_key(cursor, self.table(partitions.numbers[-1]), now_key)
        return newest_due is None or key > newest_due

    def _split(self, cursor, partitions: Partitions, key: int) -> Partitions:
        """Open a partition from ``key``'s millisecond on, and move into it what the
        previous newest held from there (scheduled articles, see _opens_partition)."""
        partitions.save_sizes(cursor)
        low_key = key - key % KEY_SPREAD
        previous, number = partitions.numbers[-1], max(partitions.numbers) + 1
        self._open(cursor, number, low_key)
        moved = self._move(cursor, self.table(previous), self.table(number), low_key)
        if moved:
            cursor.execute("UPDATE search_partition SET size = size - %s WHERE number = %s", [moved, previous])
            cursor.execute("UPDATE search_partition SET size = %s WHERE number = %s", [moved, number])
        return Partitions(cursor)

    def _remove(self, cursor, article_ids: Sequence[int], partitions: Partitions) -> None:
        stored = self._stored_keys(cursor, article_ids, partitions)
        if not stored:
            return
        by_position: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for article_id, key in stored:
            by_position[partitions.holding(key)].append((article_id, key))
        for position, held in by_position.items():
            self._delete(cursor, self.table(partitions.numbers[position]), held)
            partitions.grow(position, -len(held))
        partitions.save_sizes(cursor)
        self._forget(cursor, stored)

    def remove(self, article_ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            self._remove(cursor, list(article_ids), Partitions(cursor))

    def clear(self) -> None:
        # Dropped and made again (in the caller's transaction): quicker than deleting
        # rows, which FTS5 reads back one by one.
        with connection.cursor() as cursor:
            self.drop_schema(cursor)
            self.create_schema(cursor)

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            for table in self.tables(Partitions(cursor)):
                self._optimize(cursor, table)

    def candidates(self, tokens, *, category_id, tag_id, since, until, limit) -> list[Candidate]:
        """The newest ``limit`` matches published in [since, until], each with the
        engine's relevance, read from the newest partition back."""
        low = time_key(since, 0) if since else LOWEST_KEY
        high = time_key(until) if until else HIGHEST_KEY
        found: list[Candidate] = []
        with self._reading() as cursor:
            partitions = Partitions(cursor)
            ranges = list(partitions.newest_first(low, high))
            for index, (position, start, end) in enumerate(ranges):
                # The same range as moments, exact where it is the reader's own bound.
                first = since if start == low else key_moment(start)
                last = until if end == high else key_moment(end + 1) - timedelta(microseconds=1)
                newest = self._newest(cursor, self.table(partitions.numbers[position]), tokens, category_id, tag_id,
                                      first, last, start, end, limit - len(found))
                found.extend(newest)
                older = [older for older, _start, _end in ranges[index + 1:]]
                if len(found) >= limit or not older:
                    break
                if self.reads_together and self._foretells_all(partitions, position, start, end, len(newest), older,
                                                                limit - len(found)):
                    found.extend(self._newest_together(
                        cursor, [self.table(partitions.numbers[each]) for each in older], tokens, category_id, tag_id,
                        since, until, limit - len(found),
                    ))
                    break
        return found

    @staticmethod
    def _foretells_all(partitions: Partitions, position: int, start: int, end: int, matches: int,
                       older: list[int], wanted: int) -> bool:
        """Whether a partition read whole says the ``older`` ones will all be needed: its
        share of matches, over the rows they hold, would not give ``wanted``."""
        # The newest partition counts as whole up to "now": what lies past is scheduled.
        newest = position + 1 == len(partitions.lows)
        whole = start == partitions.lows[position] and (newest or end == partitions.last_key(position))
        rows = partitions.sizes[position]
        if not whole or rows < MIN_FORETELLING_ROWS:
            return False
        return matches / rows * sum(partitions.sizes[p] for p in older) < wanted

    def indexed_ids(self) -> list[int]:
        with connection.cursor() as cursor:
            return sorted(self._all_ids(cursor))

    # --- engine ------------------------------------------------------------------------

    own_schema: Sequence[str] = ()  # the engine's tables besides the partitions
    own_tables: Sequence[str] = ()
    #: Whether reading several partitions in one statement saves the engine work
    #: (PostgreSQL plans each query, FTS5 costs little more than its matches).
    reads_together = False

    @staticmethod
    def _has_registry(cursor) -> bool:
        raise NotImplementedError

    def table(self, number: int) -> str:
        raise NotImplementedError

    def _create_table(self, cursor, table: str) -> None:
        raise NotImplementedError

    def _drop_table(self, cursor, table: str) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def _keys(self, cursor, documents: list[Document]) -> list[tuple[int, Document]]:
        """Each document's time key, kept wherever the engine keeps them."""
        return [(time_key(d.published_at, d.article_id), d) for d in documents]

    def _stored_keys(self, cursor, article_ids: Sequence[int], partitions: Partitions) -> list[tuple[int, int]]:
        """(article id, key) of those of ``article_ids`` in the index."""
        raise NotImplementedError

    def _forget(self, cursor, stored: list[tuple[int, int]]) -> None:
        """Whatever the engine keeps of removed keys besides the partitions."""

    def _insert(self, cursor, table: str, rows: list[tuple[int, Document]]) -> None:
        raise NotImplementedError

    def _delete(self, cursor, table: str, stored: list[tuple[int, int]]) -> None:
        raise NotImplementedError

    def _move(self, cursor, source: str, target: str, low_key: int) -> int:
        """Move the rows of ``source`` from ``low_key`` on into ``target``; how many."""
        raise NotImplementedError

    def _newest_due_key(self, cursor, table: str, now_key: int) -> int | None:
        raise NotImplementedError

    def _optimize(self, cursor, table: str) -> None:
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager:
        """The cursor a query's partitions are read with."""
        return connection.cursor()

    def _newest(self, cursor, table: str, tokens, category_id, tag_id, since, until, start_key: int, end_key: int,
                limit: int) -> list[Candidate]:
        """The newest ``limit`` matches in one partition, within keys [start_key,
        end_key] (or, the same, moments [since, until] where not None)."""
        raise NotImplementedError

    def _newest_together(self, cursor, tables: list[str], tokens, category_id, tag_id, since, until,
                         limit: int) -> list[Candidate]:
        """The newest ``limit`` matches in [since, until] of several partitions at once
        (engines that ``reads_together``)."""
        raise NotImplementedError

    def _all_ids(self, cursor) -> Iterable[int]:
        raise NotImplementedError

