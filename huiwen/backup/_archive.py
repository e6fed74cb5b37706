"""The archive: a tar file (gzip-compressed when its name ends in ``.gz``) holding
``manifest.json``, the database dump, ``media/``, ``public/`` and ``secret_key``."""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from huiwen.backup import _databases
from huiwen.backup._errors import BackupError

__all__ = ["FORMAT", "BackupError", "backup", "restore"]

FORMAT = 1
MANIFEST = "manifest.json"


def _site():
    from django.conf import settings
    from django.db import connection

    folders = {"media": Path(settings.MEDIA_ROOT), "public": Path(settings.PUBLIC_ROOT)}
    return settings, connection.settings_dict, folders


def backup(destination: Path) -> Path:
    """Write the site into the archive ``destination``, which must not exist yet (a
    backup never overwrites another). Written under a temporary name and renamed, so an
    archive at that path is always complete."""
    from huiwen import __version__

    settings, database, folders = _site()
    destination = Path(destination).resolve()
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new name (backups are never overwritten)")
    if not destination.parent.is_dir():
        raise BackupError(f"{destination.parent} is not a folder; create it first")
    engine = _databases.engine_of(database)
    partial = destination.with_name(f".{destination.name}.partial")
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".huiwen-backup-") as scratch:
        dump = Path(scratch) / _databases.DUMP_NAMES[engine]
        _databases.dump(database, dump)
        manifest = {
            "format": FORMAT, "huiwen": __version__, "engine": engine,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": dump.name, "folders": sorted(folders),
        }
        key_file = Path(settings.DATA_DIR) / "secret_key"
        try:
            with tarfile.open(partial, "w:gz" if destination.name.endswith(".gz") else "w") as archive:
                manifest_file = Path(scratch) / MANIFEST
                manifest_file.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
                archive.add(manifest_file, MANIFEST)
                archive.add(dump, dump.name)
                for name, folder in folders.items():
                    if folder.is_dir():
                        archive.add(folder, name)
                if key_file.is_file():
                    archive.add(key_file, "secret_key")
            partial.chmod(0o600)  # it holds the secret key and every account's password hash
            partial.rename(destination)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise BackupError(f"cannot write {destination}: {error.strerror or error}") from error
    return destination


def restore(source: Path) -> dict:
    """Replace the site's database, media, published pages and secret key with the
    archive's; returns its manifest. The archive is read and checked in full first; the
    database is replaced in one transaction, then the folders by renames."""
    from django.db import connections

    settings, database, folders = _site()
    source = Path(source).resolve()
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".huiwen-restore-") as scratch:
        unpacked = Path(scratch)
        manifest = _unpack(source, unpacked)
        engine = _databases.engine_of(database)
        if manifest["engine"] != engine:
            raise BackupError(
                f"{source} holds a {manifest['engine']} database but this site uses {engine}; restore it into a "
                f"site configured for {manifest['engine']} (HUIWEN_DATABASE_URL)"
            )
        connections.close_all()
        _databases.load(database, unpacked / manifest["database"])
        for name, folder in folders.items():
            _swap_in(unpacked / name, folder)
        if (unpacked / "secret_key").is_file():
            key_file = data_dir / "secret_key"
            (unpacked / "secret_key").replace(key_file)
            key_file.chmod(0o600)
    return manifest


def _unpack(source: Path, into: Path) -> dict:
    try:
        with tarfile.open(source) as archive:
            # "data": no absolute paths, no links out, no device files (PEP 706).
            archive.extractall(into, filter="data")
    except FileNotFoundError:
        raise BackupError(f"{source} does not exist") from None
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{source} is not a readable huiwen backup: {error}") from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a huiwen backup: no readable {MANIFEST}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is in backup format {manifest.get('format')!r}; this huiwen reads format {FORMAT}")
    if manifest.get("database") not in _databases.DUMP_NAMES.values() or not (into / manifest["database"]).is_file():
        raise BackupError(f"{source} is incomplete: its database dump is missing")
    return manifest


def _swap_in(new: Path, folder: Path) -> None:
    """Put ``new`` (or an empty folder) at ``folder``: rename the old one aside, the new
    one in, then delete the old, so the folder is never half old and half new."""
    if not new.is_dir():
        new.mkdir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staged = folder.with_name(f".{folder.name}.restoring")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(new, staged)  # the scratch folder may be on another file system
    old = folder.with_name(f".{folder.name}.before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    staged.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
