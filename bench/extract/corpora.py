"""Loaders for the dev corpora (read in place from ../shared) and our own labelled pages."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "corpora" / "extraction-dev"
OWN = Path(__file__).resolve().parent / "own"


@dataclass
class Page:
    id: str
    html: bytes
    language: str
    url: str | None = None
    body: str | None = None
    title: str | None = None
    author: str | None = None  # "" means the right answer is "no author"
    date: str | None = None
    must_have: list[str] = field(default_factory=list)
    must_not_have: list[str] = field(default_factory=list)


def _known(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if not value or value.upper().startswith("UNKN") else value


def chinese_wced() -> Iterator[Page]:
    root = DEV / "chinese_wced"
    for path in sorted((root / "original").glob("*.html")):
        page_id = path.stem
        author = (root / "author" / f"{page_id}.txt").read_text(encoding="utf-8").strip()
        date = (root / "date" / f"{page_id}.txt").read_text(encoding="utf-8").strip()
        yield Page(
            id=page_id,
            html=path.read_bytes(),
            language="zh",
            body=(root / "cleaned" / f"{page_id}.txt").read_text(encoding="utf-8"),
            # UNKNOWN author means "none"; an empty file means "not labelled".
            author="" if author.upper() == "UNKNOWN" else (author or None),
            date=_known(date),
        )


def trafilatura_zh() -> Iterator[Page]:
    root = DEV / "trafilatura_zh"
    for url, gold in json.loads((root / "evaldata_zh.json").read_text(encoding="utf-8")).items():
        yield Page(
            id=gold["file"],
            html=(root / "html" / gold["file"]).read_bytes(),
            language="zh",
            url=url,
            title=gold.get("title"),
            author=gold.get("author"),
            date=gold.get("date"),
            must_have=gold.get("with", []),
            must_not_have=gold.get("without", []),
        )


def scrapinghub_aeb() -> Iterator[Page]:
    root = DEV / "scrapinghub_aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, gold in sorted(truth.items()):
        path = root / "html" / f"{page_id}.html.gz"
        yield Page(id=page_id, html=gzip.decompress(path.read_bytes()), language="en", url=gold.get("url"), body=gold["articleBody"])


def own() -> Iterator[Page]:
    for path in sorted(OWN.glob("*.html")):
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        yield Page(
            id=path.stem,
            html=path.read_bytes(),
            language=gold.get("language", "zh"),
            url=gold.get("url"),
            body="\n".join(gold["paragraphs"]),
            title=gold.get("title"),
            author=gold.get("author") or "",
            date=gold.get("published_at"),
            must_not_have=gold.get("must_not_contain", []),
        )


CORPORA = {
    "chinese_wced": chinese_wced,
    "trafilatura_zh": trafilatura_zh,
    "scrapinghub_aeb": scrapinghub_aeb,
    "own": own,
}
