"""Values computed from the database and kept in this process between requests, and the
generation tokens that tell every process when to compute them again.

A reader page shows the same few things on every render — site settings, promo cards,
friendly links, categories, the hot list, a listing's page count — and rendering should
not ask the database for them each time. Each process keeps them in a :class:`Memo`;
an entry is used while

- its :class:`Generation` token is the one read when it was computed (a model signal
  "bumps" the generation when something it depends on is saved or deleted), and
- it has not expired: every entry carries an expiry (a short TTL, or a moment at which
  it changes by time alone, e.g. a promo card's window opening).

Where the token lives decides how far a bump reaches:

- with a process-local cache (the default local-memory cache, which is one per process,
  so deleting an entry there would only reach the process that saved), the token is a
  file under ``DATA_DIR/generations/`` that a bump replaces; each read is one ``stat()``,
  and every process on the machine — web workers, the task worker that publishes pages,
  the CLI — sees the bump at once. Processes on other machines (PostgreSQL without Redis)
  see changes when the TTL runs out (``HUIWEN_FURNITURE_SECONDS``);
- with a shared cache (``HUIWEN_REDIS_URL``) the token is a cache key, so a bump reaches
  every machine.

Changes that bypass model signals (``QuerySet.update``, raw SQL) are picked up by the
TTL, or at once by calling :meth:`Generation.bump`. ``migrate`` and ``flush`` bump every
generation. A change made inside a transaction bumps at once and again on commit; if the
transaction rolls back instead, this process drops what it loaded meanwhile (a render in
that transaction may have read the rows that never were), which also keeps tests, each
rolled back, from seeing the previous test's furniture.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_migrate
from django.utils import timezone

logger = logging.getLogger(__name__)

__all__ = ["Generation", "Memo", "forget_all"]

_generations: list[Generation] = []
_memos: list[Memo] = []
# Bumps made inside a transaction that has neither committed nor rolled back yet:
# (connection, the on-commit callback, generation).
_pending: list[tuple[Any, Callable[[], None], Generation]] = []


_PROCESS_LOCAL_CACHES = {
    f"{LocMemCache.__module__}.{LocMemCache.__name__}", f"{DummyCache.__module__}.{DummyCache.__name__}",
}


def _shared_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in _PROCESS_LOCAL_CACHES


_tags: dict[tuple, str] = {}


def _database_tag() -> str:
    """Names the database the cached values come from: generations belong to a database,
    so test runs side by side (one test database per process) do not bump each other."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    identity = (db["ENGINE"], db.get("HOST") or "", str(db.get("PORT") or ""), str(db["NAME"]))
    tag = _tags.get(identity)
    if tag is None:
        tag = _tags[identity] = hashlib.sha1("|".join(identity).encode()).hexdigest()[:12]
    return tag


def _prune(folder: Path) -> None:
    """Delete other databases' stamps not bumped for an hour (each test run has its own
    database, so they would pile up). Harmless if one is still in use: a missing stamp is
    a changed token, and its processes load once more."""
    own, stale = _database_tag(), time.time() - 3600
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.startswith(own) and entry.stat().st_mtime < stale:
                    os.unlink(entry.path)
    except OSError:
        pass


class Generation:
    """A token that changes whenever values derived from some tables must be recomputed."""

    def __init__(self, name: str) -> None:
        self.name = name
        _generations.append(self)

    def _path(self) -> str:
        return os.path.join(settings.DATA_DIR, "generations", f"{_database_tag()}-{self.name}")

    def _cache_key(self) -> str:
        return f"huiwen:generation:{_database_tag()}:{self.name}"

    def token(self) -> Hashable:
        if _shared_cache():
            return caches["default"].get(self._cache_key())
        try:
            stat = os.stat(self._path())
        except OSError:
            return None
        # A bump replaces the file, so the inode changes even within one clock tick.
        return (stat.st_ino, stat.st_mtime_ns)

    def bump(self) -> None:
        """Make every process recompute what depends on this generation."""
        if _shared_cache():
            caches["default"].set(self._cache_key(), uuid.uuid4().hex, None)
        path = Path(self._path())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            temporary.write_bytes(b"")
            os.replace(temporary, path)
        except OSError as error:
            # Other processes then see the change when their entries expire.
            logger.warning("could not bump cache generation %s (%s): %s", self.name, path, error)
        else:
            _prune(path.parent)
        self.forget()

    def forget(self) -> None:
        """Drop what this process keeps of this generation."""
        for memo in _memos:
            if memo.generation is self:
                memo.clear()

    def bump_on_change(self, using: str = DEFAULT_DB_ALIAS, **_signal_kwargs) -> None:
        """A signal receiver: bump now, and again when the transaction commits, so a
        process that reloaded between the two (seeing the old rows) reloads again."""
        self.bump()
        connection = transaction.get_connection(using)
        if connection.in_atomic_block and not self._waiting_for_commit(connection):

            def committed() -> None:
                _discard(entry)
                self.bump()

            entry = (connection, committed, self)
            _pending.append(entry)
            transaction.on_commit(committed, using=using, robust=True)


    def _waiting_for_commit(self, connection) -> bool:
        """Whether this transaction already holds a bump of ours for its commit that a
        rollback of the current savepoint would drop too (then one is enough: a run
        saving 200 articles in one transaction queues one, not 200)."""
        active = set(connection.savepoint_ids)
        for entry in list(_pending):
            if entry[0] is connection and entry[2] is self:
                savepoints = _queued(entry)
                if savepoints is not None and savepoints >= active:
                    return True
        return False


def _queued(entry: tuple) -> set | None:
    """The savepoints a pending bump was queued under, None when it is queued no more."""
    connection, callback, _generation = entry
    for savepoints, waiting, _robust in connection.run_on_commit:
        if waiting is callback:
            return savepoints
    return None


def _forget_rolled_back() -> None:
    """Forget what depends on a bump whose transaction rolled back: its on-commit
    callback was dropped without running."""
    for entry in list(_pending):
        if _queued(entry) is None:
            _discard(entry)
            entry[2].forget()


def _discard(entry: tuple) -> None:
    try:
        _pending.remove(entry)
    except ValueError:  # another thread took it first
        pass


class Memo:
    """Values of one generation kept in this process, each until the generation is
    bumped or the value's own expiry passes (``timezone.now()``, so tests can move it).
    With a ``size``, at most that many values are kept, the oldest dropped first."""

    def __init__(self, generation: Generation, *, size: int | None = None) -> None:
        self.generation = generation
        self.size = size
        self._entries: dict[Hashable, tuple[Hashable, datetime, datetime, Any]] = {}
        _memos.append(self)

    def get(self, key: Hashable, load: Callable[[datetime], tuple[Any, datetime]]) -> Any:
        """The value for ``key``; ``load(now)`` computes it and says until when it holds."""

        def load_one(_missing: list[Hashable], now: datetime) -> tuple[dict[Hashable, Any], datetime]:
            value, expires = load(now)
            return {key: value}, expires

        return self.get_many([key], load_one)[key]

    def get_many(self, keys: Iterable[Hashable],
                 load: Callable[[list[Hashable], datetime], tuple[dict[Hashable, Any], datetime]]) -> dict[Hashable, Any]:
        """The values for ``keys``; ``load(missing, now)`` computes the values of the keys
        not kept (all in one go: a few queries for many, where one each would cost many)
        and says until when they hold."""
        if _pending:
            _forget_rolled_back()
        token = self.generation.token()  # before loading: a bump during the load is not lost
        now = timezone.now()
        found, missing = {}, []
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == token and entry[1] <= now < entry[2]:
                found[key] = entry[3]
            else:
                missing.append(key)
        if missing:
            loaded, expires = load(missing, now)
            for key, value in loaded.items():
                self._entries[key] = (token, now, expires, value)
            found.update(loaded)
            self._drop_oldest()
        return found

    def _drop_oldest(self) -> None:
        while self.size is not None and len(self._entries) > self.size:
            try:
                del self._entries[next(iter(self._entries))]
            except (StopIteration, KeyError, RuntimeError):  # emptied by another thread
                break

    def clear(self) -> None:
        self._entries.clear()


def forget_all() -> None:
    """Drop every value this process keeps (tests; the cold case of the benchmark)."""
    for memo in _memos:
        memo.clear()


def _bump_all(**_signal_kwargs) -> None:
    # After migrate, and after flush (which deletes every row without model signals).
    for generation in _generations:
        generation.bump()


post_migrate.connect(_bump_all, weak=False, dispatch_uid="huiwen-generations-bump-all")
