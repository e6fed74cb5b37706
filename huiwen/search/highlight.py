"""Snippets: a window of the article's own text with the query's tokens marked.

Matching is done on the folded text (``fold_aligned``), so a Traditional query marks
the Simplified words and the reverse, and the marks are put back on the original
characters. Everything else is HTML-escaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from huiwen.search.text import fold_aligned

__all__ = ["snippet"]

WINDOW = 120
_LEAD = 30


def _matches(folded: str, tokens: list[str]) -> list[tuple[int, int]]:
    spans = []
    for token in tokens:
        start = folded.find(token)
        while start != -1:
            spans.append((start, start + len(token)))
            start = folded.find(token, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)


def snippet(texts: list[str], tokens: list[str], window: int = WINDOW) -> SafeString:
    """The first of ``texts`` (summary, body start…) where a token occurs, cut to about
    ``window`` characters around the first match, matches in ``<mark>``; the start of
    the first non-empty text, unmarked, when no token occurs in any of them."""
    for text in texts:
        text = " ".join(text.split())
        if not text:
            continue
        folded, origin = fold_aligned(text)
        folded_spans = _matches(folded, tokens)
        if not folded_spans:
            continue
        # Back to positions in the original text.
        spans = [(origin[s], origin[e - 1] + 1) for s, e in folded_spans]
        first = spans[0][0]
        start = max(0, first - _LEAD)
        end = min(len(text), start + window)
        body = _render(text, spans, start, end)
        return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))
    for text in texts:
        text = " ".join(text.split())
        if text:
            return mark_safe(escape(text[:window]) + ("…" if len(text) > window else ""))
    return mark_safe("")
