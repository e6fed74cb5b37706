"""huiwen backup / restore: a round trip brings back the database (whichever engine the
suite runs on: SQLite's backup API, or pg_dump/pg_restore), uploaded media, published
pages and the secret key; bad archives are refused before anything is touched."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

import pytest
from django.db import connection

from huiwen.backup import BackupError, backup, restore
from huiwen.news.models import Article
from huiwen.publish import publisher


@pytest.fixture
def site(settings, tmp_path, public_folder):
    """A data dir, media and public folder of this test's own, with something in each."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR.mkdir()
    (settings.DATA_DIR / "secret_key").write_text("key-of-the-backed-up-site")
    (settings.MEDIA_ROOT / "promos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "promos" / "logo.png").write_bytes(b"\x89PNG logo bytes")
    return settings


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_database_media_pages_and_key(site, tmp_path, make_article, public_folder):
    kept = make_article(title="备份之前的文章")
    publisher.publish([kept.get_absolute_url()])
    page = next(public_folder.rglob(f"{kept.pk}.html"))
    page_bytes = page.read_bytes()

    archive = backup(tmp_path / "site.tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(BackupError, match="already exists"):
        backup(archive)

    # Everything changes after the backup...
    Article.objects.all().delete()
    make_article(title="备份之后才有的文章")
    (site.MEDIA_ROOT / "promos" / "logo.png").unlink()
    (site.MEDIA_ROOT / "stray.txt").write_text("not in the backup")
    shutil.rmtree(public_folder)
    (site.DATA_DIR / "secret_key").write_text("a new key")

    manifest = restore(archive)

    # ...and the restore brings back exactly what was backed up.
    assert manifest["engine"] == {"sqlite": "sqlite", "postgresql": "postgresql"}[connection.vendor]
    assert list(Article.objects.values_list("pk", "title")) == [(kept.pk, "备份之前的文章")]
    assert Article.objects.get(pk=kept.pk).category.slug == "local"
    assert (site.MEDIA_ROOT / "promos" / "logo.png").read_bytes() == b"\x89PNG logo bytes"
    assert not (site.MEDIA_ROOT / "stray.txt").exists()
    assert page.read_bytes() == page_bytes
    assert (site.DATA_DIR / "secret_key").read_text() == "key-of-the-backed-up-site"
    assert not [p.name for p in site.DATA_DIR.parent.rglob(".*") if "restor" in p.name or "backup" in p.name]


def tar_with(path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_bad_archives_are_refused_and_change_nothing(site, tmp_path, make_article):
    make_article(title="不能丢的文章")
    good = backup(tmp_path / "good.tar")
    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = {"format": 1, "huiwen": "0.1.0", "engine": other_engine, "created": "2026-11-30T00:00:00+00:00",
                "database": "database.sqlite3" if other_engine == "sqlite" else "database.pgdump"}
    cases = {
        "garbage.tar": (b"this is no archive", "not a readable huiwen backup"),
        "empty.tar": ({}, "no readable manifest.json"),
        "escape.tar": ({"../outside.txt": b"x"}, "not a readable huiwen backup"),
        "newer.tar": ({"manifest.json": json.dumps({**manifest, "format": 9}).encode()}, "format 9"),
        "nodump.tar": ({"manifest.json": json.dumps(manifest).encode()},
                       "database dump is missing"),
        "engine.tar": ({"manifest.json": json.dumps(manifest).encode(), manifest["database"]: b"x"},
                       f"holds a {other_engine} database"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content) if isinstance(content, bytes) else tar_with(path, content)
        with pytest.raises(BackupError, match=message):
            restore(path)
    with pytest.raises(BackupError, match="does not exist"):
        restore(tmp_path / "missing.tar")
    assert list(Article.objects.values_list("title", flat=True)) == ["不能丢的文章"]
    assert (site.MEDIA_ROOT / "promos" / "logo.png").exists() and not (tmp_path / "outside.txt").exists()
    restore(good)
    assert list(Article.objects.values_list("title", flat=True)) == ["不能丢的文章"]


def test_commands_round_trip_a_fresh_sqlite_site(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("HUIWEN_")}
    env.update(HUIWEN_DATA_DIR=str(tmp_path / "data"))

    def huiwen(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "huiwen", *arguments], env=env, capture_output=True,
                              text=True, timeout=300)

    def titles() -> str:
        return huiwen("manage", "shell", "-c",
                      "from huiwen.news.models import Article; print(sorted(Article.objects.values_list('title', flat=True)))"
                      ).stdout.splitlines()[-1]

    assert huiwen("demo", "--no-serve").returncode == 0
    before = titles()
    assert before.count(",") >= 5
    made = huiwen("backup", str(tmp_path / "site.tar"))
    assert made.returncode == 0 and "Backed up to" in made.stdout, made.stderr
    assert huiwen("manage", "shell", "-c", "from huiwen.news.models import Article; Article.objects.all().delete()").returncode == 0
    assert titles() == "[]"
    refused = huiwen("restore", str(tmp_path / "nothing-here.tar"))
    assert refused.returncode == 1 and "does not exist" in refused.stderr
    restored = huiwen("restore", str(tmp_path / "site.tar"))
    assert restored.returncode == 0 and "Restored the sqlite backup" in restored.stdout, restored.stderr
    assert titles() == before
