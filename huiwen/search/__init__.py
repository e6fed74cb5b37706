"""Chinese full-text search: SQLite FTS5 or PostgreSQL tsvector, behind ``search()``."""


def search(query, **kwargs):
    from huiwen.search.query import search as _search

    return _search(query, **kwargs)
