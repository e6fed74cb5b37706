"""Text normalisation shared by fingerprints and scoring."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text"]

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_text(text: str) -> str:
    """NFKC-fold, lowercase, and drop whitespace and punctuation.

    Two copies of one story that differ only in full-width vs half-width characters,
    spacing or punctuation (common between syndicating Chinese sites) normalise equal.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    return _NOT_WORD.sub("", folded)
