"""Fixtures shared by every test module.

Files under ``../shared`` (the seed page, extraction corpora, security corpora) are read
in place and never copied into the repository. When the folder is missing a test that
needs it skips with a reason — except in CI (``CI=true``), where a missing folder is a
broken checkout and must fail loudly.
"""

from __future__ import annotations

import os
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


@pytest.fixture
def seed_dir() -> Path:
    return require_shared("seed")
