"""Stage: site furniture in the body: learned lines, shapes that are furniture anywhere,
and the furniture zone after the story."""

from __future__ import annotations

import re

from huiwen.extract._boilerplate import line_key
from huiwen.extract._bylines import name_line, read_credits
from huiwen.extract._content import RawBlock
from huiwen.extract._documents import SIGNED_DAY
from huiwen.extract._dom import squash
from huiwen.extract._policy import current_policy
from huiwen.extract._result import Block
from huiwen.extract._sites import joined

_LEADING_TAG = re.compile(r"^\s*[\[【][^\]】]{1,10}[\]】]\s*")
# A close button ("x", "×") or a platform's widget line (_sites: a Discuz member rank).
_WIDGET_LINE = re.compile(rf"^(?:[xX×✕✖]|{joined('widget_lines')})$")
# A line that only names a channel to follow, the title of a QR card: "新浪新闻公众号".
_CHANNEL_PROMO = re.compile(
    r"^[^，。！？,!?]{0,16}(?:公众号|微信号|客户端|官方微博|视频号|抖音号)[\s:：]*$"
    r"|^[^，。！？,!?]{0,24}(?:立即下载|下载APP|扫码下载)$"
)
# "金色财经 > 资讯 > 本文": a breadcrumb trail of short steps.
_BREADCRUMB = re.compile(r"^[^，。！？>»›]{1,12}(?:\s*[>»›]\s*[^，。！？>»›]{1,12}){2,}$")
# The index table of a government information-disclosure page (索引号, 发布机构, 文号…):
# data about the document, printed above it; its issuer and date go to their fields.
_DOCUMENT_INDEX_LABEL = re.compile(r"索\s*引\s*号|发布机构|发文机关|发文单位|发文日期|成文日期|主题分类|发文字号|有\s*效\s*性")

def drop_learned(raw_blocks: list[RawBlock], learned: frozenset[str]) -> list[RawBlock]:
    """Drop the lines learned as this source's furniture (list items one by one)."""
    if not learned:
        return raw_blocks
    kept = []
    for raw in raw_blocks:
        block = raw.block
        if block.type == "list" and block.items:
            items = [item for item in block.items if line_key(item) not in learned]
            if not items:
                continue
            if len(items) < len(block.items):
                block.items, block.text = items, "\n".join(items)
        elif block.text and line_key(block.text) in learned:
            continue
        kept.append(raw)
    return kept


def drop_furniture(raw_blocks: list[RawBlock], title: str | None) -> list[RawBlock]:
    policy = current_policy()
    title_key = squash(title or "")
    kept: list[RawBlock] = []
    ended = False
    for index, raw in enumerate(raw_blocks):
        block = raw.block
        text = block.text
        if ended:
            if block.type == "paragraph" and read_credits(text).is_credit_line:
                kept.append(raw)  # "文字 | 林某": the credits printed under an end marker
            continue
        if block.type != "image" and raw.link_density > policy.max_link_density:
            continue
        if len(text) <= policy.max_boilerplate_chars and policy.section_stop.match(text) and index >= len(raw_blocks) // 2:
            break
        if policy.end_line.match(text) and sum(len(kept_raw.block.text) for kept_raw in kept) >= policy.min_story_chars:
            ended = True
            continue
        if len(text) <= policy.max_boilerplate_chars and (
            policy.boilerplate_line.match(text) or _CHANNEL_PROMO.match(text) or _WIDGET_LINE.match(text) or _BREADCRUMB.match(text)
        ):
            continue
        if _is_style_sheet(text):
            continue  # a <style> element's text printed into the page
        if title_key and index < policy.title_repeat_reach and squash(_LEADING_TAG.sub("", text)) == title_key:
            continue  # the headline again, perhaps behind its board tag: "[出游分享] 标题"
        if len(text) <= policy.max_index_chars and len(_DOCUMENT_INDEX_LABEL.findall(text)) >= policy.min_index_labels:
            continue
        if kept and index < policy.lead_reach and _repeats_as_lead(kept[-1].block, block):
            kept.pop()  # a summary box (摘要, intro) that is the lead's first sentence again
        kept.append(raw)
    return kept


_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?<!\d)(?:\(?0\d{1,3}\)?[-\s－]?)?\d{3,4}[-－]?\d{4}(?!\d)"  # phone or fax
)
_WHOLE_BRACKETED = re.compile(r"^[（(【\[〔［](?=[^）)】\]〕］]*[\u4e00-\u9fff]{2})[^（）()【】\[\]〔〕［］]{4,120}[）)】\]〕］]$")
_LOADING = re.compile(r"^(?=.*[\u4e00-\u9fff])[^，。！？,.!?]{1,20}(?:\.{3,}|…+)$")


def drop_tail_furniture(raw_blocks: list[RawBlock]) -> list[RawBlock]:
    """Furniture printed after the story: from the first furniture-shaped block after which
    no story paragraph follows, the rest is furniture (credit lines excepted). Shapes, not
    wordings: a notice wholly in brackets, a contact block (phone, fax, e-mail), a short
    line linking to another site (follow us, a fan page), a loading
    placeholder ("评论加载中..."), a question with answer buttons. A note in brackets
    under a signed document ("（此件公开发布）") is part of the document."""
    policy = current_policy()
    # Read from the end back to the story's last paragraph: only the tail is judged.
    furniture: dict[int, bool] = {}
    last_story = None
    for index in range(len(raw_blocks) - 1, -1, -1):
        raw = raw_blocks[index]
        furniture[index] = (
            _is_tail_furniture(raw) and not (index and SIGNED_DAY.match(raw_blocks[index - 1].block.text.strip()))
        ) or _is_prompt(raw_blocks, index)
        if raw.block.type == "paragraph" and len(raw.block.text) >= policy.min_story_line and not furniture[index]:
            last_story = index
            break
    if last_story is None:
        return raw_blocks
    story_chars = sum(len(raw.block.text) for raw in raw_blocks[: last_story + 1])
    cut = next((index for index in range(last_story + 1, len(raw_blocks)) if furniture[index]), None)
    if cut is None or story_chars < policy.min_story_chars:
        return raw_blocks
    # Short lines between the story's last long paragraph and the furniture stay: the
    # story may close on a short sentence. A tail holding much text of no furniture shape
    # (a discography, a list of items) is not the furniture zone: only its furniture goes.
    rest = sum(len(raw.block.text) for index, raw in enumerate(raw_blocks[cut:], start=cut) if not furniture[index])
    kept = raw_blocks[:cut]
    for index, raw in enumerate(raw_blocks[cut:], start=cut):
        text = raw.block.text
        if raw.block.type == "image" or policy.end_line.match(text) or read_credits(text).is_credit_line or _bracketed_name_line(text):
            kept.append(raw)  # the credits under a story, its closing marker
        elif rest > policy.max_tail_prose and not furniture[index]:
            kept.append(raw)
    return kept


def _is_prompt(raw_blocks: list[RawBlock], index: int) -> bool:
    """A short question answered by buttons: "这篇文章对你有帮助吗？" / "有帮助" / "没帮助"."""
    policy = current_policy()
    text = raw_blocks[index].block.text
    options = raw_blocks[index + 1 : index + 1 + policy.min_prompt_options]
    return (
        len(text) <= policy.max_prompt_chars
        and text.endswith(("？", "?"))
        and len(options) == policy.min_prompt_options
        and all(len(raw.block.text) <= policy.max_tail_label and not policy.short_sentence_mark.search(raw.block.text) for raw in options)
    )


def _bracketed_name_line(text: str) -> bool:
    """"（袁源）": the reporter closing a story."""
    return bool(_WHOLE_BRACKETED.match(text)) and bool(name_line(text[1:-1]))


def _is_tail_furniture(raw: RawBlock) -> bool:
    policy = current_policy()
    text = raw.block.text
    if raw.block.type not in ("paragraph", "heading", "list"):
        return False
    if len(text) <= policy.max_contact_line and _CONTACT.search(text) and "。" not in text:
        return True
    if len(text) <= policy.max_tail_link_line and raw.links_away and raw.link_density >= policy.min_tail_link_share:
        return True
    if _LOADING.match(text):
        return True
    return bool(_WHOLE_BRACKETED.match(text)) and not read_credits(text).is_credit_line and not _bracketed_name_line(text)


# "selector { property: value; … }": a style sheet's rule.
_STYLE_RULE = re.compile(r"[^{}]*\{[^{}]*:[^{}]*\}")
_STYLE_TAG = re.compile(r"</?style[^>]*>|<!--|-->", re.IGNORECASE)


def _is_style_sheet(text: str) -> bool:
    """Text made of CSS rules: a <style> element whose text a CMS printed into the page."""
    policy = current_policy()
    if "{" not in text:
        return False
    rest = _STYLE_TAG.sub("", _STYLE_RULE.sub("", text)).strip()
    return rest != text.strip() and len(rest) <= len(text) * policy.max_non_style_share




def _repeats_as_lead(previous: Block, block: Block) -> bool:
    policy = current_policy()
    return (
        previous.type == block.type == "paragraph"
        and len(previous.text) >= policy.min_repeated_chars
        and len(block.text) > len(previous.text)
        and block.text.startswith(previous.text)
    )
