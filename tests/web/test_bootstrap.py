"""scripts/bootstrap.sh installs once and skips pip while nothing it depends on changed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Stands in for the venv's Python: answers -VV and logs every pip call.
FAKE_PYTHON = """#!/bin/sh
if [ "$1" = "-VV" ]; then echo "Python 3.11.7 (fake)"; exit 0; fi
echo "$*" >> "$(dirname "$0")/../pip-calls"
"""


def _checkout(tmp_path: Path) -> Path:
    checkout = tmp_path / "clone"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "bootstrap.sh", checkout / "scripts")
    shutil.copy(REPO / "pyproject.toml", checkout)
    python = checkout / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return checkout


def _bootstrap(checkout: Path, extras: str = "") -> list[str]:
    """Source bootstrap.sh as demo.sh does; the pip commands it ran."""
    calls = checkout / ".venv" / "pip-calls"
    calls.unlink(missing_ok=True)
    env = {**os.environ, "PIP_EXTRAS": extras}
    subprocess.run(["bash", "-c", "source scripts/bootstrap.sh"], cwd=checkout, env=env, check=True, timeout=60)
    return calls.read_text().splitlines() if calls.exists() else []


def test_second_start_skips_pip_until_pyproject_or_extras_change(tmp_path):
    checkout = _checkout(tmp_path)
    first = _bootstrap(checkout)
    assert first == ["-m pip install -q --upgrade pip", "-m pip install -q -e ."]
    assert _bootstrap(checkout) == []

    assert _bootstrap(checkout, "test,bench")[-1] == "-m pip install -q -e .[test,bench]"
    assert _bootstrap(checkout, "test,bench") == []
    assert _bootstrap(checkout) == [], "the demo's own stamp is still current"

    with (checkout / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# a new dependency\n")
    assert _bootstrap(checkout)[-1] == "-m pip install -q -e ."
    assert _bootstrap(checkout) == []


def test_a_failed_install_is_retried_next_time(tmp_path):
    checkout = _checkout(tmp_path)
    python = checkout / ".venv" / "bin" / "python"
    python.write_text(FAKE_PYTHON + 'case "$*" in *" -e ."*) exit 1;; esac\n')
    env = {**os.environ, "PIP_EXTRAS": ""}
    failed = subprocess.run(["bash", "-c", "source scripts/bootstrap.sh"], cwd=checkout, env=env, timeout=60)
    assert failed.returncode != 0
    python.write_text(FAKE_PYTHON)
    assert _bootstrap(checkout)[-1] == "-m pip install -q -e ."
