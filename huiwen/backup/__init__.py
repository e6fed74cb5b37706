"""Backing up a site into one archive and restoring it: the database, uploaded media,
published pages and the generated secret key.

    from huiwen.backup import BackupError, backup, restore

    backup(Path("/srv/backups/huiwen-2026-11-30.tar.gz"))   # online: the site keeps running
    restore(Path("/srv/backups/huiwen-2026-11-30.tar.gz"))  # replaces the site's data

SQLite is copied with its online backup API (a consistent snapshot while writers go on),
PostgreSQL with ``pg_dump``/``pg_restore``. A restore checks the whole archive before it
touches anything, and restores the database in one transaction.
"""

from huiwen.backup._archive import FORMAT, BackupError, backup, restore

__all__ = ["FORMAT", "BackupError", "backup", "restore"]
