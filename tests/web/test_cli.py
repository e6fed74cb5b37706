"""The `huiwen` command as an operator uses it."""

from __future__ import annotations

import os
import subprocess
import sys


def run_huiwen(*args: str, data_dir, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir), **(extra_env or {})}
    env.pop("HUIWEN_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "huiwen", *args], env=env, capture_output=True, text=True, timeout=300)


def test_init_is_idempotent_and_demo_loads_once(tmp_path):
    assert run_huiwen("init", "--quiet", data_dir=tmp_path).returncode == 0
    assert run_huiwen("init", "--quiet", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "huiwen.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0

    first = run_huiwen("demo", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Loaded 16 demo articles." in first.stdout
    second = run_huiwen("demo", "--no-serve", data_dir=tmp_path)
    assert "not loaded again" in second.stdout
    passwords = [line.rsplit("password ", 1)[1] for line in (first.stdout + second.stdout).splitlines() if "password" in line]
    assert len(passwords) == 2 and passwords[0] != passwords[1]

    counted = run_huiwen("manage", "shell", "-c",
                         "from huiwen.news.models import Article; print(Article.objects.published().count())",
                         data_dir=tmp_path)
    assert counted.stdout.strip().splitlines()[-1] == "16"


def test_unknown_command_is_a_clear_error(tmp_path):
    result = run_huiwen("frobnicate", data_dir=tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr
