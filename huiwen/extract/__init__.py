"""Article extraction: ``extract(html, url) -> Article``. Pure Python, no Django.

The pipeline lives in :mod:`huiwen.extract.pipeline`; byte decoding is
:func:`huiwen.text.charset.decode_html`, shared with the fetcher.
"""

from huiwen.extract.article import Article, Block
from huiwen.extract.pipeline import extract

__all__ = ["Article", "Block", "extract"]
