"""SQLite FTS5: the embedded engine.

Each partition (``_partitions.py``) is an FTS5 table ``search_fts_<number>`` of three
columns — title tokens, body tokens and facet terms (``c<category id>``, ``t<tag id>``) —
tokenised by ``unicode61``, which here only splits on the spaces between our tokens. A
row's rowid is its time key, so "the newest matches" is FTS5's cheap ``ORDER BY rowid
DESC`` and "published by now", "since" and "until" are rowid ranges it applies while
reading. ``search_document`` maps article ids to keys, which are kept distinct here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from huiwen.search.backends import Candidate, Document
from huiwen.search.backends._partitions import PartitionedIndex, Partitions, chunks, time_key

__all__ = ["SqliteBackend", "time_key"]

# BM25 column weights: a match in the title counts four times one in the body; facets
# are filters only.
_WEIGHTS = (4.0, 1.0, 0.0)


def _facets(document: Document) -> str:
    terms = [f"t{tag_id}" for tag_id in document.tag_ids]
    if document.category_id:
        terms.insert(0, f"c{document.category_id}")
    return " ".join(terms)


def _phrase(token: str) -> str:
    # Tokens are letters and digits only (huiwen.search.text); quoting still makes each
    # a plain string to FTS5 whatever it is, never an operator or a column name.
    return '"' + token.replace('"', '""') + '"'


def _marks(values: Sequence) -> str:
    return ",".join(["%s"] * len(values))


class SqliteBackend(PartitionedIndex):
    vendor = "sqlite"
    own_schema = ["CREATE TABLE IF NOT EXISTS search_document (article_id INTEGER PRIMARY KEY, rowkey INTEGER NOT NULL UNIQUE)"]
    own_tables = ["search_document"]

    def table(self, number: int) -> str:
        return f"search_fts_{int(number)}"

    @staticmethod
    def _has_registry(cursor) -> bool:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_partition'")
        return cursor.fetchone() is not None

    def _create_table(self, cursor, table: str) -> None:
        cursor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, facets, tokenize = 'unicode61')")

    def _keys(self, cursor, documents: list[Document]) -> list[tuple[int, Document]]:
        keyed: list[tuple[int, Document]] = []
        wanted = [time_key(d.published_at, d.article_id) for d in documents]
        taken = self._taken(cursor, wanted)
        for document, key in zip(documents, wanted, strict=True):
            # Two articles of one millisecond with ids 1000 apart would share a key;
            # the later one takes the next free key below (a millisecond earlier at most).
            while key in taken or (key != wanted[len(keyed)] and self._taken(cursor, [key])):
                key -= 1
            taken.add(key)
            keyed.append((key, document))
        cursor.executemany(
            "INSERT INTO search_document (article_id, rowkey) VALUES (%s, %s)",
            [(document.article_id, key) for key, document in keyed],
        )
        return keyed

    @staticmethod
    def _taken(cursor, keys: Sequence[int]) -> set[int]:
        taken: set[int] = set()
        for chunk in chunks(keys):
            cursor.execute(f"SELECT rowkey FROM search_document WHERE rowkey IN ({_marks(chunk)})", chunk)
            taken.update(row[0] for row in cursor.fetchall())
        return taken

    def _stored_keys(self, cursor, article_ids: Sequence[int], partitions: Partitions) -> list[tuple[int, int]]:
        # The key map answers for every partition.
        stored: list[tuple[int, int]] = []
        for chunk in chunks(article_ids):
            cursor.execute(f"SELECT article_id, rowkey FROM search_document WHERE article_id IN ({_marks(chunk)})", chunk)
            stored.extend(cursor.fetchall())
        return stored

    def _forget(self, cursor, stored: list[tuple[int, int]]) -> None:
        for chunk in chunks([article_id for article_id, _key in stored]):
            cursor.execute(f"DELETE FROM search_document WHERE article_id IN ({_marks(chunk)})", chunk)

    def _insert(self, cursor, table: str, rows: list[tuple[int, Document]]) -> None:
        cursor.executemany(
            f"INSERT INTO {table} (rowid, title, body, facets) VALUES (%s, %s, %s, %s)",
            [(key, document.title, document.body, _facets(document)) for key, document in rows],
        )

    def _delete(self, cursor, table: str, stored: list[tuple[int, int]]) -> None:
        for chunk in chunks([key for _article_id, key in stored]):
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({_marks(chunk)})", chunk)

    def _move(self, cursor, source: str, target: str, low_key: int) -> int:
        cursor.execute(f"SELECT count(*) FROM {source} WHERE rowid >= %s", [low_key])
        moved = cursor.fetchone()[0]
        if moved:
            cursor.execute(
                f"INSERT INTO {target} (rowid, title, body, facets) SELECT rowid, title, body, facets FROM {source}"
                " WHERE rowid >= %s", [low_key],
            )
            cursor.execute(f"DELETE FROM {source} WHERE rowid >= %s", [low_key])
        return moved

    def _newest_due_key(self, cursor, table: str, now_key: int) -> int | None:
        cursor.execute(f"SELECT rowid FROM {table} WHERE rowid <= %s ORDER BY rowid DESC LIMIT 1", [now_key])
        row = cursor.fetchone()
        return row[0] if row else None

    def _optimize(self, cursor, table: str) -> None:
        cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def match_expression(self, tokens: Sequence[str], category_id: int | None, tag_id: int | None) -> str:
        expression = "{title body} : (" + " AND ".join(_phrase(token) for token in tokens) + ")"
        if category_id is not None:
            expression += f' AND facets : "c{int(category_id)}"'
        if tag_id is not None:
            expression += f' AND facets : "t{int(tag_id)}"'
        return expression

    def _newest(self, cursor, table, tokens, category_id, tag_id, since, until, start_key, end_key, limit) -> list[Candidate]:
        cursor.execute(
            f"SELECT rowid, bm25({table}, %s, %s, %s) FROM {table}"
            f" WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s",
            [*_WEIGHTS, self.match_expression(tokens, category_id, tag_id), start_key, end_key, limit],
        )
        # FTS5's bm25() is negative, more negative for a better match.
        return [Candidate(key, key / 1_000_000, -score) for key, score in cursor.fetchall()]

    def article_ids(self, keys: Sequence[int]) -> dict[int, int]:
        if not keys:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowkey, article_id FROM search_document WHERE rowkey IN ({_marks(keys)})", list(keys))
            return dict(cursor.fetchall())

    def _all_ids(self, cursor):
        cursor.execute("SELECT article_id FROM search_document")
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
