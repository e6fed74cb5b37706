"""Static files storage: whitenoise's compression, redone only for files that changed."""

from __future__ import annotations

import os
from typing import Any

from whitenoise.storage import CompressedStaticFilesStorage

__all__ = ["IncrementalCompressedStaticFilesStorage"]


class IncrementalCompressedStaticFilesStorage(CompressedStaticFilesStorage):
    """Every ``huiwen serve`` and ``huiwen demo`` runs collectstatic, and whitenoise
    compresses every file again each time (gzip and brotli: ~3 s of a start). Whitenoise
    gives each compressed copy its original's mtime, and collectstatic only rewrites files
    that changed, so a copy with its original's mtime is current and is kept."""

    #: Whitenoise copies the mtime as a float: nanoseconds are lost on the way.
    _MTIME_TOLERANCE = 0.001

    def post_process(self, paths: dict[str, Any], dry_run: bool = False, **options: Any):
        changed = {path: found for path, found in paths.items() if not self._compressed_copy_is_current(path)}
        return super().post_process(changed, dry_run=dry_run, **options)

    def _compressed_copy_is_current(self, path: str) -> bool:
        original = self.path(path)
        try:
            mtime = os.stat(original).st_mtime
        except FileNotFoundError:
            return False
        for suffix in (".br", ".gz"):
            try:
                if abs(os.stat(original + suffix).st_mtime - mtime) < self._MTIME_TOLERANCE:
                    return True
            except FileNotFoundError:
                continue
        return False
