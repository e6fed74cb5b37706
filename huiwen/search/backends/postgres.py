"""PostgreSQL: a tsvector over the segmented text, GIN-indexed.

``to_tsvector('simple', …)`` over our space-separated tokens keeps each token as one
lexeme (the ``simple`` configuration neither stems nor drops words), title tokens
weighted A and body tokens B. Facets are lexemes ``#c<id>`` / ``#t<id>`` added with
``array_to_tsvector``, which the parser can never produce from text (it drops ``#``).
A query is ``plainto_tsquery('simple', token)`` per token joined with ``&&``, each token
a bound parameter, so reader text is never parsed as tsquery syntax.

Candidates are the newest N matches. The planner's cost model does not know that a
tsvector is expensive to read (a few µs a row), so the plan is chosen here (``_plan``)
from the planner's own estimate of the matches and the ``published_at`` histogram: a
rare word reads the GIN posting list (which says which rows match without reading their
tsvectors), a middling one ANDs it with a date window sized to hold about 2N matches,
a common one walks the newest rows in date order testing each; a window that came up
short is widened to everything. ``ts_rank`` then reads only the N chosen rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from huiwen.search.backends import Candidate, Document

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_document (
        article_id bigint PRIMARY KEY,
        published_at timestamptz NOT NULL,
        tsv tsvector NOT NULL
    )""",
    # Kept in the row (compressed if it helps) rather than in the TOAST table: testing a
    # row's tsvector then costs a heap read instead of a TOAST index lookup and chunks.
    "ALTER TABLE search_document ALTER COLUMN tsv SET STORAGE MAIN",
    "CREATE INDEX IF NOT EXISTS search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS search_document_recent ON search_document (published_at DESC, article_id DESC)",
]
DROP = ["DROP TABLE IF EXISTS search_document"]

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
    return list(zip(pieces, params))


class PostgresBackend:
    vendor = "postgresql"

    def create_schema(self, cursor) -> None:
        for statement in SCHEMA:
            cursor.execute(statement)

    def drop_schema(self, cursor) -> None:
        for statement in DROP:
            cursor.execute(statement)

    def index(self, documents: Iterable[Document]) -> int:
        rows = [
            (d.article_id, d.published_at, d.title, d.body, _facets(d))
            for d in documents
        ]
        if not rows:
            return 0
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_document (article_id, published_at, tsv) VALUES (%s, %s, {_TSV})"
                " ON CONFLICT (article_id) DO UPDATE SET published_at = EXCLUDED.published_at, tsv = EXCLUDED.tsv",
                rows,
            )
        return len(rows)

    def remove(self, article_ids: Iterable[int]) -> None:
        ids = list(article_ids)
        if ids:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_document WHERE article_id = ANY(%s)", [ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")

    def candidates(self, tokens, *, category_id, tag_id, since, until, limit) -> list[Candidate]:
        parts = ["plainto_tsquery('simple', %s)"] * len(tokens)
        query_params: list = list(tokens)
        for facet in ([f"#c{int(category_id)}"] if category_id is not None else []) + (
            [f"#t{int(tag_id)}"] if tag_id is not None else []
        ):
            # Built from integers only; quoted so the '#' is part of the lexeme.
            parts.append("%s::tsquery")
            query_params.append(f"'{facet}'")
        query = "(" + " && ".join(parts) + ")"
        with transaction.atomic(), connection.cursor() as cursor:
            found = self._candidates(cursor, query, query_params, since, until, limit)
            # SET LOCAL lasts until the outermost transaction ends, which may be the
            # caller's: put the planner back as it was (an error rolls the savepoint
            # back, which undoes the settings too).
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
        return found

    def _candidates(self, cursor, query, query_params, since, until, limit) -> list[Candidate]:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan, low = self._plan(cursor, query, query_params, limit, since, until)
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
            conditions = [match, "published_at <= %s"]
            params = [*query_params, until]
            if low is not None:
                conditions.append("published_at >= %s")
                params.append(low)
            # The newest matches are chosen by their row addresses (a narrow sort), and
            # only those rows' tsvectors are read again for ts_rank.
            cursor.execute(
                f"SELECT d.article_id, extract(epoch FROM d.published_at), ts_rank(d.tsv, {query}) FROM ("
                f"SELECT ctid FROM search_document WHERE {' AND '.join(conditions)}"
                " ORDER BY published_at DESC, article_id DESC LIMIT %s) AS newest"
                " JOIN search_document AS d ON d.ctid = newest.ctid",
                [*query_params, *params, limit],
            )
            rows = cursor.fetchall()
            if len(rows) >= limit or low == since:
                break
            # Fewer matches in the window than estimated: all of the index then.
            plan, low = "bitmap", since
        return [Candidate(article_id, float(epoch), float(rank)) for article_id, epoch, rank in rows]

    # Measured costs per row (µs): testing a row's tsvector on a date walk, decoding one
    # entry of a GIN posting list, visiting a matching row from a bitmap.
    _TEST_ROW, _GIN_ENTRY, _VISIT = 4.0, 0.3, 1.5

    def _plan(self, cursor, query: str, params: list, limit: int, since, until):
        """Choose how to find the newest ``limit`` matches, from the planner's estimate of
        the matches (PostgreSQL keeps lexeme frequencies for tsvector columns) and the
        date histogram: ("scan" | "bitmap", lower date bound or ``since``)."""
        cursor.execute(
            "SELECT c.reltuples::bigint, s.histogram_bounds::text FROM pg_class c LEFT JOIN pg_stats s"
            " ON s.tablename = 'search_document' AND s.attname = 'published_at' AND s.schemaname = current_schema()"
            " WHERE c.oid = 'search_document'::regclass"
        )
        total, histogram = cursor.fetchone()
        if not total or total <= 0 or not histogram:
            return "bitmap", since  # never analysed: a small or new index
        estimated = min(float(total), self._estimate(cursor, query, params))
        # Each word's posting list is decoded whole by a GIN scan, and the planner takes
        # words for independent, so related words (most of a query's) match more rows
        # than it says: the bitmap costs are reckoned from each word's own estimate.
        parts = _parts(query, params)
        singles = (
            [min(float(total), self._estimate(cursor, part, [value])) for part, value in parts]
            if len(parts) > 1 else [estimated]
        )
        decoded = sum(singles) * self._GIN_ENTRY
        # The true matches lie between the planner's (independent words) and the rarest
        # word's; the geometric mean stands for them in the costs.
        likely = (estimated * min(singles)) ** 0.5
        window = 2 * limit * total / estimated  # the newest rows holding ~2N matches at least
        costs = {
            ("bitmap", False): decoded + likely * self._VISIT,
            ("bitmap", True): decoded + window * likely / total * self._VISIT,
            ("scan", True): min(window, limit * total / likely) * self._TEST_ROW,
        }
        if window >= total:
            costs = {("bitmap", False): 0.0}
        kind, windowed = min(costs, key=costs.get)
        if not windowed:
            return kind, since
        low = self._date_at(histogram, 1 - window / total)
        if low is None:
            return "bitmap", since
        if since is not None and since >= low:
            return kind, since  # the reader's own bound is the narrower window
        return kind, low

    @staticmethod
    def _estimate(cursor, query: str, params: list) -> float:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document WHERE tsv @@ {query}", params)
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return max(1.0, float(plan[0]["Plan"]["Plan Rows"]))

    @staticmethod
    def _date_at(histogram: str, quantile: float):
        """The date below which ``quantile`` of the rows lie, read from the histogram of
        ``published_at`` (101 bounds, 1 % of the rows between two) by interpolation."""
        from datetime import datetime

        bounds = [datetime.fromisoformat(b.strip('"')) for b in histogram.strip("{}").split(",")]
        if len(bounds) < 2 or quantile <= 0:
            return None
        position = min(quantile, 1.0) * (len(bounds) - 1)
        index = min(int(position), len(bounds) - 2)
        return bounds[index] + (bounds[index + 1] - bounds[index]) * (position - index)

    def article_ids(self, keys: Sequence[int]) -> dict[int, int]:
        return {key: key for key in keys}

    def indexed_ids(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT article_id FROM search_document ORDER BY article_id")
            return [row[0] for row in cursor.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_document')")
            return int(cursor.fetchone()[0] or 0)
