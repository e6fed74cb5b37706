"""The extraction result: typed body blocks plus article metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from html import escape
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from huiwen.text import Enrichment

BlockType = Literal["paragraph", "heading", "list", "table", "image", "quote", "code"]


@dataclass
class Block:
    type: BlockType
    text: str = ""
    level: int | None = None
    items: list[str] | None = None
    rows: list[list[str]] | None = None
    src: str | None = None
    alt: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.type == "heading":
            data["level"] = self.level
        elif self.type == "list":
            data["items"] = list(self.items or [])
        elif self.type == "table":
            data["rows"] = [list(row) for row in self.rows or []]
        elif self.type == "image":
            data["src"] = self.src
            data["alt"] = self.alt
        return data

    def as_html(self) -> str:
        if self.type == "heading":
            level = 2 if (self.level or 2) <= 2 else 3
            return f"<h{level}>{escape(self.text)}</h{level}>"
        if self.type == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in self.items or [])
            return f"<ul>{items}</ul>"
        if self.type == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                for row in self.rows or []
            )
            return f"<table>{rows}</table>"
        if self.type == "image":
            return f'<img src="{escape(self.src or "")}" alt="{escape(self.alt or "")}">'
        if self.type == "quote":
            return f"<blockquote><p>{escape(self.text)}</p></blockquote>"
        if self.type == "code":
            return f"<pre><code>{escape(self.text)}</code></pre>"
        return f"<p>{escape(self.text)}</p>"


@dataclass
class Extracted:
    title: str | None = None
    subtitle: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    editor: str | None = None
    source: str | None = None
    blocks: list[Block] = field(default_factory=list)
    lead_image: str | None = None
    language: str | None = None
    canonical_url: str | None = None

    @property
    def text(self) -> str:
        """Plain body: one line per block; images contribute their caption-less nothing."""
        return "\n".join(block.text for block in self.blocks if block.text)

    @cached_property
    def enrichment(self) -> Enrichment:
        """Summary and keywords from one segmentation of the body. Computed on first use:
        callers that only need the body (dedupe, benchmarks) should not pay for it."""
        from huiwen.text import enrich

        return enrich(self.blocks, title=self.title or "")

    @property
    def summary(self) -> str:
        return self.enrichment.summary

    @property
    def keywords(self) -> list[str]:
        return self.enrichment.keywords

    @property
    def html(self) -> str:
        return "\n".join(block.as_html() for block in self.blocks)

    def as_dict(self, *, enrich: bool = True) -> dict[str, Any]:
        """JSON-serialisable view of the article; ``enrich=False`` leaves out the summary
        and keywords, which load the segmentation dictionaries (about 1.5 s)."""
        record = {
            "title": self.title,
            "subtitle": self.subtitle,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "author": self.author,
            "editor": self.editor,
            "source": self.source,
            "text": self.text,
            "blocks": [block.as_dict() for block in self.blocks],
            "lead_image": self.lead_image,
            "language": self.language,
            "canonical_url": self.canonical_url,
            "html": self.html,
        }
        if enrich:
            record["summary"] = self.summary
            record["keywords"] = self.keywords
        return record
