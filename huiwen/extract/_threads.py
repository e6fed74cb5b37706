"""Stage: a forum or blog thread is read as its opening post."""

from __future__ import annotations

from collections.abc import Callable

from huiwen.extract._bylines import Credits, read_credits
from huiwen.extract._content import RawBlock
from huiwen.extract._policy import current_policy


def split_opening_post(
    raw_blocks: list[RawBlock], read: Callable[[str], Credits] = read_credits
) -> tuple[list[RawBlock], Credits]:
    """A thread, posts signed by several people, is read as its opening post; returns
    the post without its signature, and the signature's credits (poster and time).

    The opening post is signed either below its text ("… 发布时间 2005/03/15 by duscha")
    or above it ("楼主 … 发表于 …"); the replies after it are not the article.
    """
    policy = current_policy()
    signatures: list[tuple[int, Credits]] = []
    for index, raw in enumerate(raw_blocks):
        if raw.block.type == "paragraph" and (found := read(raw.block.text)).is_post_signature:
            signatures.append((index, found))
    if len({tuple(found.authors) for _, found in signatures}) < 2:
        return raw_blocks, Credits()
    first, opening = signatures[0]
    signed_below = any(
        raw.block.type == "paragraph" and len(raw.block.text) >= policy.min_post_chars for raw in raw_blocks[:first]
    )
    end = first if signed_below else signatures[1][0]
    return [raw for index, raw in enumerate(raw_blocks[:end]) if index != first], opening
