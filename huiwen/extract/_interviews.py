"""Stage: interview transcripts, whose speaker turns are never credit lines."""

from __future__ import annotations

import re

from huiwen.extract._bylines import name_line
from huiwen.extract._policy import current_policy

# A speaker opening a line of a transcript: "记者：", "张某：", "问：", "Q:".
_SPEAKER = re.compile(r"^(?P<label>[\u4e00-\u9fffA-Za-z·]{1,8})\s*[：:]\s*(?P<said>\S.*)$")
_SPOKEN = re.compile(r"[，。！？,!?…]")


def speaker_turns(lines: list[str]) -> frozenset[str]:
    """The lines of an interview transcript: lines opened by a label that opens several
    lines, at least one of them a sentence, when two or more such speakers alternate
    ("记者：…" / "吴某：…", "问：" / "答："). Such a line is a turn, not a credit line, unless
    what follows the label is only a name ("记者：张三")."""
    policy = current_policy()
    opened: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        if ("：" in line[:10] or ":" in line[:10]) and len(line) <= policy.max_meta_line_chars * 4 and (match := _SPEAKER.match(line)):
            opened.setdefault(match.group("label"), []).append((line, match.group("said")))
    speakers = [
        turns for turns in opened.values()
        if len(turns) >= policy.min_turns and any(_SPOKEN.search(said) for _, said in turns)
    ]
    if len(speakers) < 2:
        return frozenset()
    return frozenset(line for turns in speakers for line, said in turns if not name_line(said))
