"""Chinese-aware text utilities: segmentation, summaries, keywords, charset decoding and
near-duplicate fingerprints. Pure functions, no Django."""

from huiwen.text.charset import decode_html
from huiwen.text.enrich import Enrichment, enrich, keywords, summarize
from huiwen.text.fingerprint import (
    NEAR_DUPLICATE_JACCARD,
    content_hash,
    is_near_duplicate,
    minhash,
    similarity,
)
from huiwen.text.keywords import Candidate, DocumentFrequencies, KeywordPolicy, rank_keywords
from huiwen.text.normalize import normalize_text
from huiwen.text.segment import segment
from huiwen.text.summary import SummaryPolicy

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "Candidate",
    "DocumentFrequencies",
    "Enrichment",
    "KeywordPolicy",
    "SummaryPolicy",
    "content_hash",
    "decode_html",
    "enrich",
    "is_near_duplicate",
    "keywords",
    "minhash",
    "normalize_text",
    "rank_keywords",
    "segment",
    "similarity",
    "summarize",
]
