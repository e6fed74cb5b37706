from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do.
    A restore raising it has changed nothing (or, past the database, says what it did)."""
