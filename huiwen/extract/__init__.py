"""Article extraction: ``extract(html, url) -> Article``. Pure Python, no Django.

The pipeline lives in :mod:`huiwen.extract.pipeline`; per-source boilerplate learning
(which lines recur across a source's articles) in :mod:`huiwen.extract._boilerplate`,
its result goes back in as ``extract(..., boilerplate=lines)``. Byte decoding is
:func:`huiwen.text.charset.decode_html`, shared with the fetcher.
"""

from huiwen.extract._boilerplate import BoilerplatePolicy, article_lines, line_key, recurring_lines
from huiwen.extract.article import Article, Block
from huiwen.extract.pipeline import extract

__all__ = ["Article", "BoilerplatePolicy", "Block", "article_lines", "extract", "line_key", "recurring_lines"]
