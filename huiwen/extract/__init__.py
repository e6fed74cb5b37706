"""Article extraction: ``extract(html, url) -> Extracted``. Pure Python, no Django.

    from huiwen.extract import extract

    extracted = extract(html_bytes, url="https://example.cn/a/1.html")
    extracted.title, extracted.author, extracted.published_at, extracted.blocks

The result is named ``Extracted`` so it never reads like the stored ``news.Article``.
The pipeline (``_pipeline.extract``) runs the stages docs/extraction.md lists, one private
module each; every threshold, word set and shared pattern is in ``_policy.py``. Per-source
boilerplate learning (which lines recur across a source's articles) is
``_boilerplate.py``; its result goes back in as ``extract(..., boilerplate=lines)``.
``parse_date`` reads a date the way the pipeline does (for a source's own date rule).
Byte decoding is :func:`huiwen.text.charset.decode_html`, shared with the fetcher.
"""

from huiwen.extract._boilerplate import (
    BoilerplatePolicy,
    article_lines,
    line_key,
    recurring_lines,
)
from huiwen.extract._dates import parse_date
from huiwen.extract._pipeline import extract
from huiwen.extract._policy import ExtractPolicy
from huiwen.extract._result import Block, Extracted

__all__ = [
    "BoilerplatePolicy",
    "Block",
    "ExtractPolicy",
    "Extracted",
    "article_lines",
    "extract",
    "line_key",
    "parse_date",
    "recurring_lines",
]
