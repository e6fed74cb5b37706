"""Search engines behind one interface, chosen by the database in use.

Both store the same thing — an article's folded, segmented text as space-separated
tokens (``huiwen.search.text``), plus its category and tags as facet terms — and both
answer a query with a *bounded candidate set*: the newest ``SEARCH_CANDIDATES``
matches, each with the engine's relevance (FTS5's BM25, PostgreSQL's ``ts_rank``).
Ranking happens in that set (``huiwen.search.query``): reading the newest matches in
index order stops after N rows, while ranking every match of a common word reads them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from django.db import connection

__all__ = ["Candidate", "Document", "backend"]


@dataclass(frozen=True, slots=True)
class Document:
    article_id: int
    published_at: datetime
    title: str  # tokens, space-separated
    body: str  # tokens, space-separated
    category_id: int | None
    tag_ids: tuple[int, ...]


class Candidate(NamedTuple):
    key: int  # the engine's row key (the article id on PostgreSQL, a time key on SQLite)
    timestamp: float  # published_at, seconds since the epoch
    relevance: float  # larger is better


@lru_cache(maxsize=4)
def _backend_for(vendor: str):
    if vendor == "sqlite":
        from huiwen.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if vendor == "postgresql":
        from huiwen.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise NotImplementedError(f"no search backend for the {vendor} database")


def backend():
    """The engine for the default database."""
    return _backend_for(connection.vendor)
