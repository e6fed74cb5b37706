"""collectstatic compresses only the static files that changed since the last run."""

from __future__ import annotations

import gzip
import io
import os
import re

from django.core.management import call_command
from django.test import override_settings


def _collect() -> int:
    """Run collectstatic; how many compressed copies it wrote."""
    out = io.StringIO()
    call_command("collectstatic", "--noinput", stdout=out)
    written = re.search(r"(\d+) post-processed", out.getvalue())
    return int(written.group(1)) if written else 0


def test_unchanged_files_are_not_compressed_again(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    page_css = extra / "dashboard-test.css"
    page_css.write_text(".bar { fill: #1d4ed8; }\n" * 200)
    root = tmp_path / "static"
    with override_settings(STATIC_ROOT=str(root), STATICFILES_DIRS=[str(extra)]):
        assert _collect() > 0
        copies = {path: path.stat().st_mtime_ns for path in root.rglob("*") if path.suffix in (".gz", ".br")}
        assert root / "dashboard-test.css.gz" in copies

        assert _collect() == 0
        assert {path: path.stat().st_mtime_ns for path in copies} == copies

        page_css.write_text(".bar { fill: #b42318; }\n" * 200)
        os.utime(page_css, (page_css.stat().st_atime, page_css.stat().st_mtime + 5))
        assert _collect() == 2  # its .gz and .br, nothing else
        assert b"b42318" in gzip.decompress((root / "dashboard-test.css.gz").read_bytes())
