"""Chinese-aware text utilities: segmentation, summaries, keywords, charset decoding and
near-duplicate fingerprints. Pure functions, no Django."""

from huiwen.text.charset import decode_html
from huiwen.text.fingerprint import (
    NEAR_DUPLICATE_JACCARD,
    content_hash,
    is_near_duplicate,
    minhash,
)
from huiwen.text.keywords import keywords
from huiwen.text.normalize import normalize_text
from huiwen.text.segment import segment
from huiwen.text.summary import summarize

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "content_hash",
    "decode_html",
    "is_near_duplicate",
    "keywords",
    "minhash",
    "normalize_text",
    "segment",
    "summarize",
]
