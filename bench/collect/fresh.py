"""A fresh data dir and database for one benchmark child, removed afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


@contextmanager
def fresh_database(postgres_url: str | None, prefix: str) -> Iterator[Path]:
    """Set ``HUIWEN_DATA_DIR`` to a new temporary folder and ``HUIWEN_DATABASE_URL`` to a
    new database on the PostgreSQL server at ``postgres_url`` (or to nothing: SQLite in
    the data dir); yields the folder. The database is dropped and the folder removed after."""
    # A terminated child cleans up too (workers, Redis, the database): SystemExit
    # unwinds the with-blocks, where the default SIGTERM would just end the process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"{prefix} benchmark terminated"))
    data_dir = Path(tempfile.mkdtemp(prefix=f"huiwen-{prefix}-bench-"))
    os.environ.update(HUIWEN_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="huiwen.settings", HUIWEN_DATABASE_URL="")
    created = None
    try:
        if postgres_url:
            import psycopg

            created = f"huiwen_{prefix}_bench_{os.getpid()}"
            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}"')
                admin.execute(f'CREATE DATABASE "{created}"')
            parts = urlsplit(postgres_url)
            os.environ["HUIWEN_DATABASE_URL"] = urlunsplit((parts.scheme, parts.netloc, f"/{created}", parts.query, parts.fragment))
        yield data_dir
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)
        if created:
            import psycopg

            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
