"""`huiwen publish --all` killed with SIGKILL at a random moment, and killed in the middle
of writing a file (half its bytes written): every file left in the public folder is a
whole page, feed or sitemap (and its .gz a whole copy), what a killed write left behind
is never served, and the next full publish completes the set and sweeps those leftovers
away."""

from __future__ import annotations

import gzip
import os
import random
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import database_url
from django.core.management import call_command
from django.utils import timezone

from huiwen.news.models import Article, Category, Tag
from huiwen.publish import pages, publisher
from huiwen.publish._files import compressed, public_file, remove_leftovers

ARTICLES = 240
KILLS = 1

# `huiwen publish --all` whose Nth file opened for writing in the public folder gets
# half of its first write and then the whole process group is killed: a crash at the
# worst moment, whatever way the publisher writes files.
DIES_WRITING = """
import builtins, io, os, signal, sys
root, fatal, opened = os.environ["HUIWEN_PUBLIC_ROOT"], int(sys.argv[1]), [0]
real_open = io.open

class Dying:
    def __init__(self, stream):
        self.stream = stream
    def write(self, data):
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        os.killpg(0, signal.SIGKILL)
    def __enter__(self):
        return self
    def __exit__(self, *exc_info):
        self.stream.close()
    def __getattr__(self, name):
        return getattr(self.stream, name)

def dying_open(file, mode="r", *args, **kwargs):
    stream = real_open(file, mode, *args, **kwargs)
    if "w" in mode and os.fspath(file).startswith(root):
        opened[0] += 1
        if opened[0] == fatal:
            return Dying(stream)
    return stream

builtins.open = io.open = dying_open
from huiwen.cli import main
sys.exit(main(["publish", "--all"]))
"""


def publish_all(folder: Path, *, dies_at_write: int | None = None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "huiwen.settings",
        "HUIWEN_DATA_DIR": str(folder / "data"),
        "HUIWEN_DATABASE_URL": database_url(),
        "HUIWEN_PUBLIC_ROOT": str(folder / "public"),
        "HUIWEN_SITE_URL": "http://testserver",
        "HUIWEN_REDIS_URL": "",
    }
    with open(folder / "publish.log", "ab") as log:
        # Its own session: the kill takes the rendering processes it forks down with it.
        command = ["-m", "huiwen", "publish", "--all"] if dies_at_write is None else ["-c", DIES_WRITING, str(dies_at_write)]
        return subprocess.Popen([sys.executable, *command], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def pages_in(root: Path) -> int:
    # os.walk skips a folder the publisher deletes meanwhile (it clears /en/ first).
    return sum(name.endswith(".html") for _folder, _subfolders, names in os.walk(root) for name in names)


def kill_at_random(process: subprocess.Popen, root: Path, rng: random.Random) -> int:
    """SIGKILL ``process`` once a random number of pages is in the folder (or it ends)."""
    target = rng.randrange(1, ARTICLES)
    while process.poll() is None and pages_in(root) < target:
        time.sleep(0.005)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return target


def died_writing(folder: Path, rng: random.Random) -> int:
    """Run a publish that dies in its Nth file write, N at random; returns N."""
    fatal = rng.randrange(1, ARTICLES // 2)  # each rendering process writes more files than that
    process = publish_all(folder, dies_at_write=fatal)
    process.wait(timeout=300)
    assert process.returncode == -signal.SIGKILL, (folder / "publish.log").read_text()[-3000:]
    return fatal


def assert_whole(file: Path, body: bytes, where: str) -> None:
    try:
        if file.suffix == ".html":
            text = body.decode("utf-8")
            assert text.lstrip().lower().startswith("<!doctype html>") and text.rstrip().endswith("</html>")
        elif file.suffix == ".xml":
            ElementTree.fromstring(body)  # a cut feed or sitemap does not parse
        else:
            assert body.decode("utf-8").strip()
    except (AssertionError, UnicodeDecodeError, ElementTree.ParseError) as error:
        raise AssertionError(f"{where}: {file} is not whole ({len(body)} bytes)") from error


def served_files(root: Path) -> list[Path]:
    """The files a request can name (what nginx and the embedded front serve)."""
    found = []
    for file in root.rglob("*"):
        if file.is_file() and not file.name.endswith(".gz"):
            path = "/" + file.relative_to(root).as_posix()
            if public_file(root, path) == file:
                found.append(file)
    return found


def store_articles() -> None:
    """ARTICLES published articles in two categories under eight tags, stored in bulk (no
    signals: nothing is published before the test's own run)."""
    categories = [Category.objects.create(slug=slug, name=name) for slug, name in (("local", "地方"), ("city", "城市"))]
    tags = [Tag.objects.create(name=f"话题{number}") for number in range(8)]
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(title=f"第{number}篇:城东新区完成老旧小区改造", status=Article.Status.PUBLISHED, source_name="江城晚报",
                published_at=now - timezone.timedelta(minutes=number), category=categories[number % 2],
                body_html="<p>今年以来,城东新区共完成老旧小区改造四十二个,惠及居民一万余户。</p>" * 20)
        for number in range(ARTICLES))
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=article.pk, tag_id=tags[number % len(tags)].pk) for number, article in enumerate(articles))


@pytest.mark.django_db(transaction=True)
def test_a_killed_full_publish_leaves_only_whole_pages_and_the_next_one_completes(tmp_path):
    store_articles()
    root = tmp_path / "public"
    seed = random.randrange(2**32)
    rng = random.Random(seed)

    for kill in range(2 * KILLS):
        if kill < KILLS:
            how = f"killed after {kill_at_random(publish_all(tmp_path), root, rng)} pages"
        else:
            how = f"died writing its file {died_writing(tmp_path, rng)}"
        where = f"seed {seed}, kill {kill} ({how})"
        files = served_files(root)
        assert files, f"{where}: nothing published"
        for file in files:
            assert_whole(file, file.read_bytes(), where)
            if compressed(file).exists():
                assert_whole(file, gzip.decompress(compressed(file).read_bytes()), where)
        leftovers = [file for file in root.rglob(".*") if file.is_file()]
        assert all(public_file(root, "/" + file.relative_to(root).as_posix()) is None for file in leftovers), where

    # Leftovers of the kills, aged past what any write in progress could be.
    for file in root.rglob(".*"):
        if file.is_file():
            old = time.time() - 2 * publisher.KILLED_WRITE_SECONDS
            os.utime(file, (old, old))
    finished = publish_all(tmp_path)
    assert finished.wait(timeout=300) == 0, (tmp_path / "publish.log").read_text()[-3000:]

    expected = {public_file(root, path) for path in pages.all_pages()}
    assert len(expected) > ARTICLES
    missing = [file for file in expected if not file.is_file() or not compressed(file).is_file()]
    assert not missing, f"seed {seed}: a later publish did not complete the set: {missing[:5]}"
    for file in expected:
        assert_whole(file, file.read_bytes(), f"seed {seed}, after the last publish")
        assert gzip.decompress(compressed(file).read_bytes()) == file.read_bytes()
    assert not [file for file in root.rglob(".*") if file.is_file()], "temporary files of the killed writes remain"


def test_only_writes_older_than_any_in_progress_count_as_killed(tmp_path):
    killed = tmp_path / "article" / ".3.html.tmp-0a1b2c3d"
    in_progress = tmp_path / ".index.html.tmp-4e5f6a7b"
    page = tmp_path / "index.html"
    for file in (killed, in_progress, page):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(b"<!DOCTYPE html>")
    old = time.time() - 120
    os.utime(killed, (old, old))
    os.utime(page, (old, old))

    assert remove_leftovers(tmp_path, older_than=60) == 1
    assert not killed.exists() and in_progress.exists() and page.exists()


def test_a_full_publish_request_sweeps_killed_writes(db, public_folder, make_article):
    make_article()
    leftover = Path(public_folder) / "article" / ".9.html.tmp-0a1b2c3d"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"<!DOCTYPE html><html><body>cut")
    old = time.time() - 2 * publisher.KILLED_WRITE_SECONDS
    os.utime(leftover, (old, old))

    call_command("publish", all=True, verbosity=0)

    assert not leftover.exists()
