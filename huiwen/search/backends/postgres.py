"""PostgreSQL: a tsvector over the segmented text, GIN-indexed.

``to_tsvector('simple', …)`` over our space-separated tokens keeps each token as one
lexeme (the ``simple`` configuration neither stems nor drops words), title tokens
weighted A and body tokens B. Facets are lexemes ``#c<id>`` / ``#t<id>`` added with
``array_to_tsvector``, which the parser can never produce from text (it drops ``#``).
A query is ``plainto_tsquery('simple', token)`` per token joined with ``&&``, each token
a bound parameter, so reader text is never parsed as tsquery syntax.

Candidates are the newest matches: ``ORDER BY published_at DESC LIMIT N`` with both the
GIN index and a ``(published_at DESC, article_id DESC)`` index for the planner to choose
from — for a common word it walks the newest rows and stops after N matches, for a rare
one it reads the GIN posting list and sorts the few rows found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from huiwen.search.backends import Candidate, Document

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_document (
        article_id bigint PRIMARY KEY,
        published_at timestamptz NOT NULL,
        tsv tsvector NOT NULL
    )""",
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
        params: list = list(tokens)
        for facet in ([f"#c{int(category_id)}"] if category_id is not None else []) + (
            [f"#t{int(tag_id)}"] if tag_id is not None else []
        ):
            # Built from integers only; quoted so the '#' is part of the lexeme.
            parts.append("%s::tsquery")
            params.append(f"'{facet}'")
        query = " && ".join(parts)
        conditions = ["tsv @@ q.query"]
        if since is not None:
            conditions.append("published_at >= %s")
        if until is not None:
            conditions.append("published_at <= %s")
        sql = (
            "SELECT article_id, extract(epoch FROM published_at), ts_rank(tsv, q.query)"
            f" FROM search_document, (SELECT {query} AS query) AS q"
            f" WHERE {' AND '.join(conditions)}"
            " ORDER BY published_at DESC, article_id DESC LIMIT %s"
        )
        params += [value for value in (since, until) if value is not None]
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [Candidate(article_id, float(epoch), float(rank)) for article_id, epoch, rank in rows]

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
