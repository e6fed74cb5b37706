"""Dumping and loading the database, per engine. Each dump is one file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from huiwen.backup._errors import BackupError

ENGINES = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def engine_of(settings_dict: dict) -> str:
    try:
        return ENGINES[settings_dict["ENGINE"]]
    except KeyError:
        raise BackupError(f"cannot back up a {settings_dict['ENGINE']} database: only SQLite and PostgreSQL") from None


def dump(settings_dict: dict, into: Path) -> None:
    if engine_of(settings_dict) == "sqlite":
        _copy_sqlite(Path(settings_dict["NAME"]), into)
    else:
        _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={into}",
             settings_dict=settings_dict)


def load(settings_dict: dict, dump_file: Path) -> None:
    """Replace the database's contents with the dump, all or nothing."""
    if engine_of(settings_dict) == "sqlite":
        _check_sqlite(dump_file)
        _copy_sqlite(dump_file, Path(settings_dict["NAME"]))
    else:
        _run("pg_restore", "--list", str(dump_file), settings_dict=None)  # a readable dump, before anything is dropped
        _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", f"--dbname={settings_dict['NAME']}", str(dump_file), settings_dict=settings_dict)


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while other connections write (in
    one step, so the target changes in one transaction). ``cp`` could copy a torn file."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(target, timeout=30)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as error:
        raise BackupError(f"copying SQLite database {source} to {target} failed: {error}") from error
    finally:
        reader.close()


def _check_sqlite(file: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
                raise BackupError("the archive's database is not a huiwen database (no django_migrations table)")
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"the archive's database is unreadable: {error}") from error
    if verdict != "ok":
        raise BackupError(f"the archive's database is damaged: {verdict}")


def _run(program: str, *arguments: str, settings_dict: dict | None) -> None:
    """Run a PostgreSQL client with the connection settings in libpq's environment
    variables, so the password is never on a command line other users can read."""
    if not shutil.which(program):
        raise BackupError(f"{program} is not installed; install Debian's postgresql-client package")
    env = dict(os.environ)
    if settings_dict is not None:
        env.update({
            name: str(value)
            for name, value in {
                "PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
                "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
                "PGDATABASE": settings_dict.get("NAME"),
            }.items()
            if value
        })
    result = subprocess.run([program, *arguments], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip() or f'exit status {result.returncode}'}")
