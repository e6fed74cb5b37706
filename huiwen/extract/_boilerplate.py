"""Lines one source repeats across many of its articles: that source's furniture.

Learned from the bodies a source already delivered (promotions, notices and widget text
no general rule knows), then dropped from that source's pages at extraction time:
``extract(html, boilerplate=learned)``. Which articles are read and where the learned
lines are kept is the caller's business (the sources app keeps them in the database, so
every worker shares them); this module only counts and matches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree, html

from huiwen.extract._dom import collapse_whitespace

__all__ = ["BoilerplatePolicy", "article_lines", "line_key", "recurring_lines"]


@dataclass(frozen=True)
class BoilerplatePolicy:
    """When a line that recurs across a source's articles is that source's furniture."""

    #: The latest articles of a source that are read when learning.
    sample: int = 200
    #: A line must recur in at least this many different articles...
    min_articles: int = 5
    #: ...and in at least this share of the articles read: a line in 5 of 200 articles
    #: is a recurring phrase of the news ("新华社北京电"), not the site's furniture.
    min_share: float = 0.3
    #: Longer lines are story however often they recur (a background paragraph a desk
    #: reprints under every follow-up is still read by whoever opens one story).
    max_line_chars: int = 300


# Every element that the stored body writes a line with (see Block.as_html).
_LINE_TAGS = ("p", "h2", "h3", "li", "blockquote", "pre", "td")


def line_key(text: str) -> str:
    """The form a line is learned and matched in: whitespace collapsed."""
    return collapse_whitespace(text)


def article_lines(body_html: str) -> set[str]:
    """The distinct lines of a stored article body (one per paragraph, heading, list item)."""
    if not body_html.strip():
        return set()
    try:
        fragments = html.fragments_fromstring(body_html)
    except (etree.ParserError, ValueError):
        return set()
    lines = set()
    for fragment in fragments:
        if not isinstance(fragment, etree._Element):
            continue
        for element in fragment.iter(*_LINE_TAGS):
            if element.find(".//p") is None and (text := line_key("".join(element.itertext()))):
                lines.add(text)
    return lines


def recurring_lines(articles: Iterable[set[str]], policy: BoilerplatePolicy = BoilerplatePolicy()) -> dict[str, int]:
    """Lines that recur across ``articles`` (each the set of one article's lines) often
    enough to be furniture, with the number of articles each appears in."""
    counts: Counter[str] = Counter()
    read = 0
    for lines in articles:
        read += 1
        counts.update(line for line in lines if len(line) <= policy.max_line_chars)
    needed = max(policy.min_articles, policy.min_share * read)
    return {line: count for line, count in counts.items() if count >= needed}
