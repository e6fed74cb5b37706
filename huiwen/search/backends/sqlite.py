"""SQLite FTS5: the embedded engine.

``search_fts`` holds three columns — title tokens, body tokens and facet terms
(``c<category id>``, ``t<tag id>``) — tokenised by ``unicode61``, which here only splits
on the spaces between our tokens. Its rowid is a *time key*: ``published_at`` in
milliseconds × 1000 + the article id modulo 1000, so "the newest matches" is FTS5's
cheap ``ORDER BY rowid DESC`` and "published by now", "since" and "until" are rowid
ranges it applies while reading the index. ``search_document`` maps article ids to keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection

from huiwen.search.backends import Candidate, Document

_KEY_SPREAD = 1000
# BM25 column weights: a match in the title counts four times one in the body; facets
# are filters only.
_WEIGHTS = (4.0, 1.0, 0.0)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS search_document (article_id INTEGER PRIMARY KEY, rowkey INTEGER NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, facets, tokenize = 'unicode61')",
]
DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_document"]


def time_key(moment: datetime, article_id: int = _KEY_SPREAD - 1) -> int:
    """The rowid range of a moment: its millisecond × 1000 + article id mod 1000 (with
    the default, the last key of that millisecond)."""
    return math.floor(moment.timestamp() * 1000) * _KEY_SPREAD + article_id % _KEY_SPREAD


def _facets(document: Document) -> str:
    terms = [f"t{tag_id}" for tag_id in document.tag_ids]
    if document.category_id:
        terms.insert(0, f"c{document.category_id}")
    return " ".join(terms)


def _phrase(token: str) -> str:
    # Tokens are letters and digits only (huiwen.search.text); quoting still makes each
    # a plain string to FTS5 whatever it is, never an operator or a column name.
    return '"' + token.replace('"', '""') + '"'


class SqliteBackend:
    vendor = "sqlite"

    def create_schema(self, cursor) -> None:
        for statement in SCHEMA:
            cursor.execute(statement)

    def drop_schema(self, cursor) -> None:
        for statement in DROP:
            cursor.execute(statement)

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        with connection.cursor() as cursor:
            self._delete(cursor, [d.article_id for d in documents])
            rows = []
            docs = []
            wanted = [time_key(d.published_at, d.article_id) for d in documents]
            taken = self._taken(cursor, wanted)
            for document, key in zip(documents, wanted):
                # Two articles of one millisecond with ids 1000 apart would share a key;
                # the later one takes the next free key below (a millisecond earlier at most).
                while key in taken or (key != wanted[len(rows)] and self._taken(cursor, [key])):
                    key -= 1
                taken.add(key)
                rows.append((document.article_id, key))
                docs.append((key, document.title, document.body, _facets(document)))
            cursor.executemany("INSERT INTO search_document (article_id, rowkey) VALUES (%s, %s)", rows)
            cursor.executemany("INSERT INTO search_fts (rowid, title, body, facets) VALUES (%s, %s, %s, %s)", docs)
        return len(documents)

    @staticmethod
    def _taken(cursor, keys: Sequence[int]) -> set[int]:
        taken: set[int] = set()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start:start + 500])
            cursor.execute(f"SELECT rowkey FROM search_document WHERE rowkey IN ({','.join(['%s'] * len(chunk))})", chunk)
            taken.update(row[0] for row in cursor.fetchall())
        return taken

    def _delete(self, cursor, article_ids: Sequence[int]) -> None:
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start:start + 500])
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM search_fts WHERE rowid IN (SELECT rowkey FROM search_document WHERE article_id IN ({marks}))",
                chunk,
            )
            cursor.execute(f"DELETE FROM search_document WHERE article_id IN ({marks})", chunk)

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
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def match_expression(self, tokens: Sequence[str], category_id: int | None, tag_id: int | None) -> str:
        expression = "{title body} : (" + " AND ".join(_phrase(token) for token in tokens) + ")"
        if category_id is not None:
            expression += f' AND facets : "c{int(category_id)}"'
        if tag_id is not None:
            expression += f' AND facets : "t{int(tag_id)}"'
        return expression

    def candidates(self, tokens, *, category_id, tag_id, since, until, limit) -> list[Candidate]:
        low = time_key(since, 0) if since else -(2**63)
        high = time_key(until) if until else 2**63 - 1
        sql = (
            "SELECT rowid, bm25(search_fts, %s, %s, %s) FROM search_fts"
            " WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*_WEIGHTS, self.match_expression(tokens, category_id, tag_id), low, high, limit])
            rows = cursor.fetchall()
        # FTS5's bm25() is negative, more negative for a better match.
        return [Candidate(key, key / 1_000_000, -score) for key, score in rows]

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
                    " OR name LIKE 'sqlite_autoindex_search_document%%'"
                )
                return int(cursor.fetchone()[0] or 0)
            except Exception:  # dbstat is a compile-time option
                return 0
