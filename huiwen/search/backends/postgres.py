"""PostgreSQL: a tsvector over the segmented text, GIN-indexed.

``to_tsvector('simple', …)`` over our space-separated tokens keeps each token as one
lexeme (the ``simple`` configuration neither stems nor drops words), title tokens
weighted A and body tokens B. Facets are lexemes ``#c<id>`` / ``#t<id>`` added with
``array_to_tsvector``, which the parser can never produce from text (it drops ``#``).
A query is ``plainto_tsquery('simple', token)`` per token joined with ``&&``, each token
a bound parameter, so reader text is never parsed as tsquery syntax.

Each partition (``_partitions.py``) is a table ``search_tsv_<number>`` with its own GIN
and date indexes. Candidates are the newest N matches. The planner's cost model does not know that a
tsvector is expensive to read (a few µs a row), so the plan is chosen here (``_plan``)
from the planner's own estimate of the matches and the ``published_at`` histogram: a
rare word reads the GIN posting list (which says which rows match without reading their
tsvectors), a middling one ANDs it with a date window sized to hold about 2N matches,
a common one walks the newest rows in date order testing each; a window that came up
short is widened to the whole partition. ``ts_rank`` then reads only the N chosen rows.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction

from huiwen.search.backends import Candidate, Document
from huiwen.search.backends._partitions import PartitionedIndex, Partitions, key_moment, time_key

_TSV = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || array_to_tsvector(%s::text[])"
)


def _facets(document: Document) -> list[str]:
    terms = [f"#t{tag_id}" for tag_id in document.tag_ids]
    if document.category_id:
        terms.insert(0, f"#c{document.category_id}")
    return terms


def _parts(query: str, params: list):
    """The single-word tsqueries a query is made of, each with its parameter."""
    pieces = query[1:-1].split(" && ")  # the query is "(a && b && …)"
    return list(zip(pieces, params, strict=True))


def _published_between(since, until) -> tuple[list[str], list]:
    """SQL conditions and parameters for ``since <= published_at <= until`` (either
    bound may be None)."""
    conditions, params = [], []
    if until is not None:
        conditions.append("published_at <= %s")
        params.append(until)
    if since is not None:
        conditions.append("published_at >= %s")
        params.append(since)
    return conditions, params


def _tsquery(tokens, category_id, tag_id) -> tuple[str, list]:
    parts = ["plainto_tsquery('simple', %s)"] * len(tokens)
    params: list = list(tokens)
    for facet in ([f"#c{int(category_id)}"] if category_id is not None else []) + (
        [f"#t{int(tag_id)}"] if tag_id is not None else []
    ):
        # Built from integers only; quoted so the '#' is part of the lexeme.
        parts.append("%s::tsquery")
        params.append(f"'{facet}'")
    return "(" + " && ".join(parts) + ")", params


class PostgresBackend(PartitionedIndex):
    vendor = "postgresql"
    reads_together = True

    def table(self, number: int) -> str:
        return f"search_tsv_{int(number)}"

    @staticmethod
    def _has_registry(cursor) -> bool:
        cursor.execute("SELECT to_regclass('search_partition') IS NOT NULL")
        return cursor.fetchone()[0]

    def _create_table(self, cursor, table: str) -> None:
        cursor.execute(
            f"CREATE TABLE {table} (article_id bigint PRIMARY KEY, published_at timestamptz NOT NULL, tsv tsvector NOT NULL)"
        )
        # Kept in the row (compressed if it helps) rather than in the TOAST table: testing a
        # row's tsvector then costs a heap read instead of a TOAST index lookup and chunks.
        cursor.execute(f"ALTER TABLE {table} ALTER COLUMN tsv SET STORAGE MAIN")
        cursor.execute(f"CREATE INDEX {table}_tsv ON {table} USING gin (tsv)")
        cursor.execute(f"CREATE INDEX {table}_recent ON {table} (published_at DESC, article_id DESC)")

    def _stored_keys(self, cursor, article_ids: Sequence[int], partitions: Partitions) -> list[tuple[int, int]]:
        ids = list(article_ids)
        if not ids:
            return []
        tables = self.tables(partitions)
        # One round trip: each partition's primary key is probed for the ids.
        cursor.execute(
            " UNION ALL ".join(f"SELECT article_id, published_at FROM {table} WHERE article_id = ANY(%s)" for table in tables),
            [ids] * len(tables),
        )
        return [(article_id, time_key(published_at, article_id)) for article_id, published_at in cursor.fetchall()]

    def _insert(self, cursor, table: str, rows: list[tuple[int, Document]]) -> None:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, published_at, tsv) VALUES (%s, %s, {_TSV})",
            [(d.article_id, d.published_at, d.title, d.body, _facets(d)) for _key, d in rows],
        )

    def _delete(self, cursor, table: str, stored: list[tuple[int, int]]) -> None:
        cursor.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", [[article_id for article_id, _key in stored]])

    def _move(self, cursor, source: str, target: str, low_key: int) -> int:
        cursor.execute(
            f"WITH moved AS (DELETE FROM {source} WHERE published_at >= %s RETURNING article_id, published_at, tsv)"
            f" INSERT INTO {target} (article_id, published_at, tsv) SELECT * FROM moved",
            [key_moment(low_key)],
        )
        return cursor.rowcount

    def _newest_due_key(self, cursor, table: str, now_key: int) -> int | None:
        cursor.execute(
            f"SELECT article_id, published_at FROM {table} WHERE published_at < %s"
            " ORDER BY published_at DESC, article_id DESC LIMIT 1",
            [key_moment(now_key + 1)],
        )
        row = cursor.fetchone()
        return time_key(row[1], row[0]) if row else None

    def _optimize(self, cursor, table: str) -> None:
        cursor.execute(f"ANALYZE {table}")

    @contextmanager
    def _reading(self):
        with transaction.atomic(), connection.cursor() as cursor:
            yield cursor
            # SET LOCAL lasts until the outermost transaction ends, which may be the
            # caller's: put the planner back as it was (an error rolls the savepoint
            # back, which undoes the settings too).
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")

    def _newest(self, cursor, table, tokens, category_id, tag_id, since, until, start_key, end_key, limit):
        query, query_params = _tsquery(tokens, category_id, tag_id)
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on")
        plan, low = self._plan(cursor, table, query, query_params, limit, since, until)
        while True:
            if plan == "scan":
                # A common word: walk the newest rows in date order and test each
                # row's tsvector (IS TRUE keeps the GIN index out), stopping after N.
                match = f"(tsv @@ {query}) IS TRUE"
            else:
                # Bitmap scans only: the GIN index says which rows match without
                # reading their tsvectors, ANDed with the date window if there is one.
                cursor.execute("SET LOCAL enable_indexscan = off")
                match = f"tsv @@ {query}"
            dated, bounds = _published_between(low, until)
            conditions, params = [match, *dated], [*query_params, *bounds]
            # The newest matches are chosen by their row addresses (a narrow sort), and
            # only those rows' tsvectors are read again for ts_rank.
            cursor.execute(
                f"SELECT d.article_id, extract(epoch FROM d.published_at), ts_rank(d.tsv, {query}) FROM ("
                f"SELECT ctid FROM {table} WHERE {' AND '.join(conditions)}"
                " ORDER BY published_at DESC, article_id DESC LIMIT %s) AS newest"
                f" JOIN {table} AS d ON d.ctid = newest.ctid",
                [*query_params, *params, limit],
            )
            rows = cursor.fetchall()
            if len(rows) >= limit or low == since:
                break
            # Fewer matches in the window than estimated: all of the partition then.
            plan, low = "bitmap", since
        return [Candidate(article_id, float(epoch), float(rank)) for article_id, epoch, rank in rows]

    def _newest_together(self, cursor, tables, tokens, category_id, tag_id, since, until, limit) -> list[Candidate]:
        """The newest ``limit`` matches of several partitions in one statement, each read
        by its GIN index: one round of planning and one round trip instead of one per
        partition, for matches too few to fill the page from any one of them."""
        query, query_params = _tsquery(tokens, category_id, tag_id)
        cursor.execute("SET LOCAL enable_indexscan = off")
        dated, bounds = _published_between(since, until)
        conditions = [f"tsv @@ {query}", *dated]
        # Every row lies in the partition its time belongs to: the reader's bounds are
        # all each table needs.
        selects = [
            f"(SELECT article_id, published_at, ts_rank(tsv, {query}) AS rank FROM {table} WHERE {' AND '.join(conditions)})"
            for table in tables
        ]
        cursor.execute(
            "SELECT article_id, extract(epoch FROM published_at), rank FROM (" + " UNION ALL ".join(selects) + ") AS matches"
            " ORDER BY published_at DESC, article_id DESC LIMIT %s",
            [*([*query_params, *query_params, *bounds] * len(tables)), limit],
        )
        return [Candidate(article_id, float(epoch), float(rank)) for article_id, epoch, rank in cursor.fetchall()]

    # Measured costs per row (µs): testing a row's tsvector on a date walk, decoding one
    # entry of a GIN posting list, visiting a matching row from a bitmap.
    _TEST_ROW, _GIN_ENTRY, _VISIT = 4.0, 0.3, 1.5

    def _plan(self, cursor, table: str, query: str, params: list, limit: int, since, until):
        """Choose how to find the newest ``limit`` matches, from the planner's estimate of
        the matches (PostgreSQL keeps lexeme frequencies for tsvector columns) and the
        date histogram: ("scan" | "bitmap", lower date bound or ``since``)."""
        cursor.execute(
            "SELECT c.reltuples::bigint, s.histogram_bounds::text FROM pg_class c LEFT JOIN pg_stats s"
            " ON s.tablename = %s AND s.attname = 'published_at' AND s.schemaname = current_schema()"
            " WHERE c.oid = %s::regclass",
            [table, table],
        )
        total, histogram = cursor.fetchone()
        if not total or total <= 0 or not histogram:
            return "bitmap", since  # never analysed: a small or new index
        estimated = min(float(total), self._estimate(cursor, table, query, params))
        # Each word's posting list is decoded whole by a GIN scan, and the planner takes
        # words for independent, so related words (most of a query's) match more rows
        # than it says: the bitmap costs are reckoned from each word's own estimate.
        parts = _parts(query, params)
        singles = (
            [min(float(total), self._estimate(cursor, table, part, [value])) for part, value in parts]
            if len(parts) > 1 else [estimated]
        )
        decoded = sum(singles) * self._GIN_ENTRY
        # The true matches lie between the planner's (independent words) and the rarest
        # word's; the geometric mean stands for them in the costs.
        likely = (estimated * min(singles)) ** 0.5
        window = 2 * limit * total / estimated  # the newest rows holding ~2N matches at least
        # Counted down from ``until``: rows published after it (scheduled articles, or an
        # "until" in the past) are no candidates, and a window among them holds none.
        top = self._quantile_at(histogram, until) if until is not None else 1.0
        costs = {
            ("bitmap", False): decoded + likely * self._VISIT,
            ("bitmap", True): decoded + window * likely / total * self._VISIT,
            ("scan", True): min(window, limit * total / likely) * self._TEST_ROW,
        }
        if window >= top * total:
            costs = {("bitmap", False): 0.0}
        kind, windowed = min(costs, key=costs.get)
        if not windowed:
            return kind, since
        low = self._date_at(histogram, top - window / total)
        if low is None:
            return "bitmap", since
        if since is not None and since >= low:
            return kind, since  # the reader's own bound is the narrower window
        return kind, low

    @staticmethod
    def _estimate(cursor, table: str, query: str, params: list) -> float:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE tsv @@ {query}", params)
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return max(1.0, float(plan[0]["Plan"]["Plan Rows"]))

    @staticmethod
    def _bounds(histogram: str) -> list[datetime]:
        return [datetime.fromisoformat(b.strip('"')) for b in histogram.strip("{}").split(",")]

    @classmethod
    def _quantile_at(cls, histogram: str, moment: datetime) -> float:
        """The share of rows published by ``moment``, read from the histogram of
        ``published_at`` by interpolation (the inverse of ``_date_at``)."""
        bounds = cls._bounds(histogram)
        if len(bounds) < 2 or moment >= bounds[-1]:
            return 1.0
        if moment <= bounds[0]:
            return 0.0
        index = bisect_right(bounds, moment) - 1
        within = (moment - bounds[index]) / (bounds[index + 1] - bounds[index]) if bounds[index + 1] > bounds[index] else 0.0
        return (index + within) / (len(bounds) - 1)

    @classmethod
    def _date_at(cls, histogram: str, quantile: float):
        """The date below which ``quantile`` of the rows lie, read from the histogram of
        ``published_at`` (101 bounds, 1 % of the rows between two) by interpolation."""
        bounds = cls._bounds(histogram)
        if len(bounds) < 2 or quantile <= 0:
            return None
        position = min(quantile, 1.0) * (len(bounds) - 1)
        index = min(int(position), len(bounds) - 2)
        return bounds[index] + (bounds[index + 1] - bounds[index]) * (position - index)

    def article_ids(self, keys: Sequence[int]) -> dict[int, int]:
        return {key: key for key in keys}

    def _all_ids(self, cursor):
        cursor.execute(" UNION ALL ".join(f"SELECT article_id FROM {table}" for table in self.tables(Partitions(cursor))))
        return [row[0] for row in cursor.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + " + ".join(f"pg_total_relation_size('{table}')" for table in self.tables(Partitions(cursor)))
                + " + pg_total_relation_size('search_partition')"
            )
            return int(cursor.fetchone()[0] or 0)
