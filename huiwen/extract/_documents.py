"""Stage: official documents: the signature block that dates them, and the issuing body
that is their author."""

from __future__ import annotations

import re
from datetime import datetime

from huiwen.extract._content import RawBlock
from huiwen.extract._dates import parse_date
from huiwen.extract._policy import current_policy

# The signature block closing an official notice, letter or proposal: the issuing body
# on one line ("吉林省人民政府"), the signing day written out on the last
# ("2022年1月27日"), or both on one line.
SIGNED_DAY = re.compile(r"^(?:(?P<body>[\u4e00-\u9fff（）()、]{3,40})[\s\u3000]*)?(?P<day>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()、\s\u3000]{3,40}$")
# An official document's number: issuer code, year in brackets, serial (青政办发〔2023〕7号).
DOCUMENT_NUMBER = re.compile(r"[〔［\[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]\s*\d+\s*号")


def find_signature(raw_blocks: list[RawBlock]) -> tuple[datetime | None, RawBlock | None]:
    """The signing day of a document closed by an issuer + date signature block (perhaps
    followed by a note such as "（此件公开发布）"), and the block that prints it."""
    policy = current_policy()
    paragraphs = [raw for raw in raw_blocks if raw.block.type == "paragraph" and raw.block.text.strip()]
    if len(paragraphs) < 3:
        return None, None
    for back in range(1, min(policy.signature_reach, len(paragraphs) - 1) + 1):
        match = SIGNED_DAY.match(paragraphs[-back].block.text.strip())
        if match and (match.group("body") or _SIGNER.match(paragraphs[-back - 1].block.text.strip())):
            return parse_date(match.group("day")), paragraphs[-back]
    return None, None


# The issuing body in the index table of a government information-disclosure page.
_ISSUER_LABEL = re.compile(r"^(?:发文机关|发文单位|发布机构|发文机构|發文機關)\s*[:：]?\s*")
_ISSUER_NAME = re.compile(r"^[\u4e00-\u9fff（）()、]{3,40}$")


def issuing_body(lines: list[str]) -> list[str]:
    """An official document's author is the body that issued it: "发文机关：吉林省人民政府",
    in one line or in the next table cell."""
    for index, line in enumerate(lines):
        if label := _ISSUER_LABEL.match(line):
            value = line[label.end() :] or (lines[index + 1] if index + 1 < len(lines) else "")
            value = value.replace(" ", "").replace("\u3000", "")
            return [value] if _ISSUER_NAME.match(value) else []
    return []
