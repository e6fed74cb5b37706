"""Stage: the body's edges and shape: a headline line when the page declares none, credit
lines moved to fields, the subtitle, headings, the end marker and a trailing credit."""

from __future__ import annotations

from collections.abc import Callable

from huiwen.extract._bylines import (
    Credits,
    bracketed_names,
    read_credits,
    take_trailing_credit,
)
from huiwen.extract._content import RawBlock
from huiwen.extract._documents import DOCUMENT_NUMBER
from huiwen.extract._policy import current_policy
from huiwen.extract._result import Block


def take_headline_line(raw_blocks: list[RawBlock]) -> tuple[str | None, list[RawBlock]]:
    """No <title>, og:title or <h1>: a short opening line that is not a sentence is it."""
    policy = current_policy()
    if len(raw_blocks) < 2:
        return None, raw_blocks
    first = raw_blocks[0].block
    if first.type in ("heading", "paragraph") and len(first.text) <= policy.max_heading_chars * 2 and not policy.sentence_end.search(first.text):
        return first.text, raw_blocks[1:]
    return None, raw_blocks



def take_credit_lines(
    raw_blocks: list[RawBlock],
    credits: Credits,
    *,
    keep: frozenset[int] | set[int] = frozenset(),
    read: Callable[[str], Credits] = read_credits,
) -> list[RawBlock]:
    """Move byline, editor and source lines at either end of the body into ``credits``
    (except the blocks whose ids are in ``keep``: a document's signing day, an interview's
    turns)."""
    policy = current_policy()
    edge = policy.byline_search_blocks
    kept = []
    for index, raw in enumerate(raw_blocks):
        if raw.block.type in ("image", "table") or id(raw) in keep:
            kept.append(raw)
            continue
        near_edge = index < edge or index >= len(raw_blocks) - edge
        found = read(raw.block.text)
        if found.is_credit_line and (near_edge or found.editor or found.source):
            credits.merge(found)
            continue
        if near_edge and index < edge and found.authors:
            credits.merge(Credits(authors=found.authors))
        if index >= len(raw_blocks) - 2 and (names := bracketed_names(raw.block.text)):
            credits.merge(Credits(authors=names))  # "（袁源）" closing the story
            continue
        kept.append(raw)
    return kept



def _is_heading_like(raw: RawBlock) -> bool:
    policy = current_policy()
    block = raw.block
    return (
        block.type == "paragraph"
        and (raw.bold or (raw.centered and len(block.text) <= policy.max_heading_chars // 2))
        and len(block.text) <= policy.max_heading_chars
        and not policy.sentence_end.search(block.text)
    )


def take_subtitle(raw_blocks: list[RawBlock]) -> tuple[str | None, list[RawBlock]]:
    """A short bold/centred line opening the body, before any prose, is the subtitle.

    It is the first line after the byline; a section heading never opens an article
    before its lead paragraph, while a deck line does.
    """
    if len(raw_blocks) < 3:
        return None, raw_blocks
    first, second = raw_blocks[0], raw_blocks[1]
    if DOCUMENT_NUMBER.search(first.block.text):
        return None, raw_blocks  # "青政办发〔2023〕7号" heads an official document
    if first.block.type == "heading" and first.block.level and first.block.level >= 2:
        if second.block.type == "paragraph" and not _is_heading_like(second):
            return first.block.text, raw_blocks[1:]
    if _is_heading_like(first) and not _is_heading_like(second) and second.block.type == "paragraph":
        return first.block.text, raw_blocks[1:]
    return None, raw_blocks


def promote_headings(raw_blocks: list[RawBlock]) -> list[Block]:
    """Short bold lines become headings; consecutive ones form one heading."""
    blocks: list[Block] = []
    previous_was_bold_heading = False
    for raw in raw_blocks:
        if _is_heading_like(raw):
            if previous_was_bold_heading:
                blocks[-1].text = f"{blocks[-1].text} {raw.block.text}"
            else:
                blocks.append(Block("heading", raw.block.text, level=2))
            previous_was_bold_heading = True
            continue
        previous_was_bold_heading = False
        blocks.append(raw.block)
    return blocks


def strip_end_marker(blocks: list[Block]) -> None:
    policy = current_policy()
    for block in reversed(blocks):
        if block.type == "paragraph":
            block.text = policy.trailing_end_marker.sub("", block.text)
            break


def take_closing_credit(blocks: list[Block], credits: Credits) -> None:
    policy = current_policy()
    for block in reversed(blocks[-policy.byline_search_blocks:]):
        if block.type == "paragraph":
            names, block.text = take_trailing_credit(block.text)
            if names:
                credits.merge(Credits(authors=names))
            return
