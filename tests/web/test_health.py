"""/healthz: 200 while the database, the task queue and the public folder work; 503 naming
the failing part otherwise, with no connection details (the endpoint is public)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import free_port

SECRET = "hunter2-not-for-readers"


def test_a_working_site_is_healthy(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "problems": {}}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_database_is_named_without_its_details(client, db, monkeypatch):
    from django.db import OperationalError, connection

    def refuse():
        raise OperationalError(f'connection to server at "10.1.2.3" failed: password "{SECRET}" rejected')

    with monkeypatch.context() as patched:  # undone before the test database is torn down
        patched.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert set(response.json()["problems"]) == {"database"}
    assert "OperationalError" in response.json()["problems"]["database"]
    assert SECRET not in response.content.decode() and "10.1.2.3" not in response.content.decode()


def test_a_full_or_read_only_public_folder_is_named(client, db, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.PUBLIC_ROOT = blocker / "public"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["problems"] == {"publishing": "the public folder is not writable: Not a directory"}
    settings.PUBLIC_ROOT = tmp_path / "public"
    assert client.get("/healthz").status_code == 200
    assert list((tmp_path / "public").iterdir()) == []  # the probe leaves nothing behind


def test_unreachable_redis_and_database_answer_503_naming_both_and_no_secret(tmp_path):
    """Real failures, no stand-ins: Redis at a closed port with a password in its URL, and
    a SQLite file in a folder that does not exist."""
    probe = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(json.dumps({"status": response.status_code, "body": response.content.decode()}))
"""
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("HUIWEN_")},
        "DJANGO_SETTINGS_MODULE": "huiwen.settings", "HUIWEN_DATA_DIR": str(tmp_path),
        "HUIWEN_REDIS_URL": f"redis://:{SECRET}@127.0.0.1:{free_port()}/0",
        "HUIWEN_DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'huiwen.sqlite3'}",
    }
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 503
    problems = json.loads(seen["body"])["problems"]
    assert set(problems) == {"database", "tasks"}, problems
    assert SECRET not in seen["body"] and "missing" not in seen["body"]
    # The operator's log keeps the details.
    assert "unable to open database file" in result.stderr and "Connection refused" in result.stderr
