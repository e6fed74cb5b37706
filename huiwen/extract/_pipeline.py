"""The extraction pipeline: bytes in, :class:`Extracted` out, as the stages that
docs/extraction.md lists, in that order. Each stage lives in its own module."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime, time
from functools import lru_cache

from huiwen.extract._boilerplate import line_key
from huiwen.extract._bylines import Credits, read_credits, writer_named_as_source
from huiwen.extract._clean import drop_chrome, drop_unwanted_tags
from huiwen.extract._comments import story_before_comments
from huiwen.extract._dates import date_from_url, fetch_time
from huiwen.extract._documents import find_signature, issuing_body
from huiwen.extract._dom import parse_html
from huiwen.extract._furniture import drop_furniture, drop_learned, drop_tail_furniture
from huiwen.extract._header import (
    credits_after_title,
    credits_in,
    find_marked_subtitle,
    read_page_lines,
    signed_below,
)
from huiwen.extract._interviews import speaker_turns
from huiwen.extract._metadata import choose_title, marked_author, read_declared_metadata
from huiwen.extract._policy import (
    ExtractPolicy,
    current_policy,
    reset_policy,
    using_policy,
)
from huiwen.extract._result import Block, Extracted
from huiwen.extract._shaping import (
    promote_headings,
    strip_end_marker,
    take_closing_credit,
    take_credit_lines,
    take_headline_line,
    take_subtitle,
)
from huiwen.extract._threads import split_opening_post

__all__ = ["extract"]


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    fetched_at: datetime | None = None,
    boilerplate: Collection[str] = frozenset(),
    policy: ExtractPolicy = ExtractPolicy(),
) -> Extracted:
    """Extract the article from an HTML document (bytes are decoded like a browser would).

    ``fetched_at`` (default: now) anchors relative stamps ("3小时前", "昨天 10:20") and is
    the latest date accepted. ``boilerplate`` holds lines learned as the furniture of the
    page's source (see :func:`recurring_lines`): body lines equal to one are dropped.
    ``policy`` holds every threshold, word set and shared pattern the stages use.
    """
    token = fetch_time.set(fetched_at)
    policy_token = using_policy(policy)
    try:
        return _extract(html, url, frozenset(map(line_key, boilerplate)))
    finally:
        reset_policy(policy_token)
        fetch_time.reset(token)


def _extract(html: bytes | str, url: str | None, learned: frozenset[str]) -> Extracted:
    policy = current_policy()
    root = parse_html(html)
    if root is None:
        return Extracted(canonical_url=url)
    meta = read_declared_metadata(root, url)
    drop_unwanted_tags(root)
    page_lines = read_page_lines(root)
    title, title_element = choose_title(root, meta, page_lines)
    header_credits, header_date_is_near = credits_after_title(page_lines, title, speaker_turns(page_lines))
    marked_subtitle = find_marked_subtitle(root, title_element)
    # Author markup (rel=author, a blog's archive links) is read before its sidebar goes
    # with the chrome, and only when neither the header nor the metadata names anyone.
    marked_authors = marked_author(root) if not (header_credits.authors or meta.authors) else []
    credit_holders = drop_chrome(root)
    # Several stages read every paragraph as a credit line: read each text once per page
    # (the Credits found are merged from, never changed).
    read_block = lru_cache(maxsize=policy.max_blocks)(read_credits)
    raw_blocks = story_before_comments(root, meta.base_url)

    body_credits = Credits()
    raw_blocks = drop_tail_furniture(drop_furniture(drop_learned(raw_blocks, learned), title))
    if title is None:
        title, raw_blocks = take_headline_line(raw_blocks)
    signed_at, signature = find_signature(raw_blocks)
    raw_blocks, opening_post = split_opening_post(raw_blocks, read_block)
    turns = speaker_turns([raw.block.text for raw in raw_blocks])
    kept_lines = {id(raw) for raw in raw_blocks if raw is signature or raw.block.text in turns}
    raw_blocks = take_credit_lines(raw_blocks, body_credits, keep=kept_lines, read=read_block)
    if marked_subtitle:
        subtitle = marked_subtitle
        raw_blocks = [raw for raw in raw_blocks if raw.block.text != marked_subtitle]
    else:
        subtitle, raw_blocks = take_subtitle(raw_blocks)
    blocks = promote_headings(raw_blocks)
    strip_end_marker(blocks)
    take_closing_credit(blocks, body_credits)

    credits = Credits()
    for found in (opening_post, header_credits, body_credits, *(credits_in(el) for el in credit_holders)):
        credits.merge(found)
    visible = header_credits.published_at if header_date_is_near else None
    published_at = _best_date(
        meta.published_at, visible or meta.time_element or credits.published_at or meta.script_date, date_from_url(url)
    )
    if signed_at and published_at and 0 < (published_at.astimezone(signed_at.tzinfo).date() - signed_at.date()).days <= policy.max_signing_days:
        # An official document is dated by its signature; the site posts it a day or two later.
        published_at = signed_at
    authors = (
        credits.authors or meta.authors or marked_authors or signed_below(page_lines, blocks)
        or issuing_body(page_lines) or writer_named_as_source(credits.source)
    )
    lead_image = meta.image or next((b.src for b in blocks if b.type == "image"), None)
    return Extracted(
        title=title,
        subtitle=subtitle,
        published_at=published_at,
        author=" ".join(authors) if authors else None,
        editor=credits.editor,
        source=credits.source or meta.account or meta.source,
        blocks=blocks,
        lead_image=lead_image,
        language=meta.language or _guess_language(blocks),
        canonical_url=meta.canonical_url,
    )


def _best_date(declared: datetime | None, visible: datetime | None, from_url: datetime | None) -> datetime | None:
    """Declared dates win, except a bare day when the page shows that day with a time."""
    if declared and visible and declared.date() == visible.date() and declared.time() == time(0):
        return visible
    return declared or visible or from_url


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _guess_language(blocks: list[Block]) -> str | None:
    policy = current_policy()
    sample = "".join(block.text for block in blocks[: policy.language_sample_blocks])[: policy.language_sample_chars]
    if not sample:
        return None
    if len(_HAN.findall(sample)) >= len(sample) * policy.min_han_share:
        return "zh"
    return None
