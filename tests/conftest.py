"""Fixtures shared by every test module.

Files under ``../shared`` (the seed page, extraction corpora, security corpora) are read
in place and never copied into the repository. When the folder is missing a test that
needs it skips with a reason — except in CI (``CI=true``), where a missing folder is a
broken checkout and must fail loudly.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


def require_shared(relative: str) -> Path:
    """Return ``../shared/<relative>``, skipping (or failing in CI) when it is absent."""
    path = SHARED_DIR / relative
    if not path.exists():
        message = f"{path} is not present; tests that read ../shared need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def database_url() -> str:
    """A ``HUIWEN_DATABASE_URL`` for the database this test runs on, for processes it starts."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    """A loopback TCP port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_vendor() -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


def pytest_collection_modifyitems(config, items):
    """Tests of one engine's internals (``sqlite_only``, ``postgres_only``) are deselected
    on the other engine, and counted as such in the summary, instead of skipping: CI's
    second run (scripts/test.sh, on PostgreSQL + Redis) runs what the first leaves out."""
    other = {"sqlite": "postgres_only", "postgresql": "sqlite_only"}[_database_vendor()]
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


@pytest.fixture(scope="session", autouse=True)
def fresh_shared_cache():
    """With HUIWEN_REDIS_URL the cache outlives a test run: start each run with it empty,
    as the local-memory cache is."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seed_dir() -> Path:
    return require_shared("seed")


@pytest.fixture
def make_article(db):
    """Create an article; published, in a category, with a rich body, unless told otherwise."""
    from django.utils import timezone

    from huiwen.news.models import Article, Category

    def make(**fields):
        defaults = {
            "title": "城东新区完成老旧小区改造",
            "subtitle": "三年计划提前收官",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timezone.timedelta(hours=2),
            "author": "林晓 周航",
            "editor": "许明",
            "source_name": "江城晚报",
            "source_url": "https://news.example.com/2026/11/01/renovation.html",
            "body_html": (
                "<p>今年以来,城东新区共完成老旧小区改造四十二个,惠及居民一万余户。</p>"
                "<h2>加装电梯 出行更方便</h2>"
                "<p>改造中新增电梯六十部,老人上下楼不再发愁。</p>"
                "<h2>管网更新 用水更放心</h2>"
                "<p>地下管网全部更换,停水次数明显减少。</p>"
            ),
            "category": Category.objects.get_or_create(slug="local", defaults={"name": "地方"})[0],
        }
        defaults.update(fields)
        return Article.objects.create(**defaults)

    return make


@pytest.fixture
def import_from(settings):
    """Let file and WARC sources read from the given folders during this test."""

    def allow(*folders: Path) -> None:
        settings.IMPORT_DIRS = [*settings.IMPORT_DIRS, *(Path(folder).resolve() for folder in folders)]

    return allow


@pytest.fixture(autouse=True)
def public_folder(settings, tmp_path_factory):
    """Each test publishes into a folder of its own, for the host the test client uses,
    and runs queued tasks at once (their storage in memory, not the data dir's queue)."""
    from huey.contrib.djhuey import HUEY

    settings.PUBLIC_ROOT = tmp_path_factory.mktemp("public")
    settings.SITE_URL = "http://testserver"
    was_immediate, HUEY.immediate = HUEY.immediate, True
    yield settings.PUBLIC_ROOT
    HUEY.immediate = was_immediate


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request to an /en/ page leaves
    English active in the thread, as Django's locale middleware does."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
