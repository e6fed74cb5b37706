"""huiwen and its peers behind one interface: bytes (+url) in, Result out.

Every extractor receives the page's raw bytes; those that only accept text get them
decoded with huiwen's decode_html inside the timed call, so decoding cost is counted
for everyone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from huiwen.text.charset import decode_html


@dataclass
class Result:
    text: str = ""
    title: str | None = None
    author: str | None = None
    date: datetime | date | str | None = None
    #: Only extractors that tell the editor apart from the author fill this in.
    editor: str | None = None


Extractor = Callable[[bytes, str | None, str], Result]  # html, url, language


def _huiwen() -> Extractor:
    from huiwen.extract import extract

    def run(html: bytes, url: str | None, language: str) -> Result:
        article = extract(html, url)
        return Result(article.text, article.title, article.author, article.published_at, article.editor)

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    def run(html: bytes, url: str | None, language: str) -> Result:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if document is None:
            return Result()
        return Result(document.text or "", document.title, document.author, document.date)

    return run


def _gne() -> Extractor:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(html: bytes, url: str | None, language: str) -> Result:
        try:
            data = extractor.extract(decode_html(html), host=url or "")
        except Exception:  # GNE raises on pages it cannot handle; count as empty
            return Result()
        return Result(data.get("content") or "", data.get("title"), data.get("author"), data.get("publish_time"))

    return run


def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    logging.getLogger("readability").setLevel(logging.CRITICAL)

    def run(html: bytes, url: str | None, language: str) -> Result:
        try:
            document = Document(decode_html(html), url=url)
            body = lxml.html.fromstring(document.summary())
            text = "\n".join(t.strip() for t in body.itertext() if t.strip())
            return Result(text, document.short_title())
        except Exception:
            return Result()

    return run


def _newspaper() -> Extractor:
    import newspaper
    import tldextract.tldextract as tld

    # newspaper resolves domains with tldextract, which otherwise downloads the public
    # suffix list on first use and stalls for seconds per page without network.
    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=())

    def run(html: bytes, url: str | None, language: str) -> Result:
        try:
            article = newspaper.Article(url or "http://example.com/", language=language)
            article.download(input_html=decode_html(html))
            article.parse()
        except Exception:
            return Result()
        return Result(article.text, article.title, " ".join(article.authors) or None, article.publish_date)

    return run


FACTORIES: dict[str, Callable[[], Extractor]] = {
    "huiwen": _huiwen,
    "trafilatura": _trafilatura,
    "gne": _gne,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
}


def load(names: list[str]) -> tuple[dict[str, Extractor], list[str]]:
    """Instantiate the extractors that are installed; return (available, missing)."""
    available, missing = {}, []
    for name in names:
        try:
            available[name] = FACTORIES[name]()
        except ImportError:
            missing.append(name)
    return available, missing
