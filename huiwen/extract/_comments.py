"""Stage: the story without the reader comments that follow it (or outweigh it)."""

from __future__ import annotations

import re

from lxml import etree

from huiwen.extract._content import RawBlock, build_blocks, find_content
from huiwen.extract._dom import iter_bounded, remove_keeping_tail
from huiwen.extract._policy import current_policy


def story_before_comments(root: etree._Element, base_url: str | None) -> list[RawBlock]:
    """The body's blocks, without a reader-comment list that follows the story.

    Comments are known by their shape, not their wording: several short signature lines
    (a name and a time stamp, by two or more people). When the comments come after the
    story, they are cut off; when the best-scoring content is the comment list alone (it
    outweighs a short story), the story is looked for again without it, before it in the
    page.
    """
    policy = current_policy()
    containers = find_content(root)
    raw_blocks = build_blocks(containers, base_url)
    first = _first_comment_signature(raw_blocks)
    if first is None:
        return raw_blocks
    story = _without_thread_heading(raw_blocks[:first])
    if sum(len(raw.block.text) for raw in story) >= policy.min_story_chars:
        return story
    order = {element: index for index, element in enumerate(iter_bounded(root))}
    comments_at = min(order[element] for element in containers)
    for element in containers:
        remove_keeping_tail(element)
    others = find_content(root)
    if others and all(order.get(element, comments_at) < comments_at for element in others):
        found = build_blocks(others, base_url)
        if sum(len(raw.block.text) for raw in found) >= policy.min_story_chars:
            return found
    return raw_blocks




_LABEL_MARK = re.compile(r"[:：|｜/]")


def _first_comment_signature(raw_blocks: list[RawBlock]) -> int | None:
    policy = current_policy()
    signers: dict[int, str] = {}
    for index, raw in enumerate(raw_blocks):
        text = raw.block.text
        if raw.block.type != "paragraph" or len(text) > policy.max_signature_chars or not (stamp := policy.comment_stamp.search(text)):
            continue
        name = (text[: stamp.start()] + text[stamp.end() :]).strip()
        if 0 < len(name) <= policy.max_commenter_chars and not policy.short_sentence_mark.search(name) and not _LABEL_MARK.search(name):
            signers[index] = name
    if len(signers) < policy.min_comment_signatures or len(set(signers.values())) < policy.min_commenters:
        return None
    return min(signers)


def _without_thread_heading(raw_blocks: list[RawBlock]) -> list[RawBlock]:
    """Drop the comment list's own heading ("网友留言（8）"): a short line closing the story."""
    policy = current_policy()
    if raw_blocks and len(raw_blocks[-1].block.text) <= policy.max_thread_heading and not policy.sentence_end.search(raw_blocks[-1].block.text):
        return raw_blocks[:-1]
    return raw_blocks


