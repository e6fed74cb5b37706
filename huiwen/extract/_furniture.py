"""Stage: site furniture in the body: learned lines, shapes that are furniture anywhere,
and the furniture zone after the story."""

from __future__ import annotations

import re

from huiwen.extract._boilerplate import line_key
from huiwen.extract._bylines import name_line, read_credits
from huiwen.extract._content import RawBlock
from huiwen.extract._documents import SIGNED_DAY
from huiwen.extract._dom import squash
from huiwen.extract._policy import (
    MAX_LINK_DENSITY,
    MIN_STORY_CHARS,
    SHORT_SENTENCE_MARK,
)
from huiwen.extract._result import Block

# Short blocks that are site furniture, whatever page they are on.
_BOILERPLATE = re.compile(
    r"^\s*[【\[（(]?\s*(?:版权声明|免责声明|版权所有|特别声明|郑重声明|[\u4e00-\u9fff]{0,4}声明[:：]|\*?\s*(?:本文|该文|文章)?(?:观点)?仅代表作者|风险提示|[^，。]{0,12}发布此信息的目的在于|本站所有|本网所有|本站文章|本网站|凡本网|凡注明|"
    r"转载请|未经授权|未经许可|copyright|©|\(c\)|all rights reserved|扫码|扫一扫|扫描二维码|长按(?:识别|二维码)|"
    r"关注(?:我们|微信|公众号|官方)|微信扫|下载(?:客户端|APP)|打开APP|友情链接|摘要[:：]|分享到|分享至|上一篇|下一篇|"
    r"返回顶部|返回首页|打印本页|关闭窗口|【?字号|字体[:：]|原标题[:：]|点击(?:查看|进入|阅读)|阅读原文|"
    r"本文(?:来自|转自|由)|本文为|更多(?:精彩|内容|资讯)|相关(?:阅读|新闻|文章|推荐|链接|报道)|延伸阅读|推荐阅读|热门推荐|热点推荐|猜你喜欢|"
    r"当前位置|您的位置|你的位置|[-—_=]*\s*分隔线|附件下载|原文标题|本帖最后由|本帖子中包含更多资源|您需要\s*登录|share this|follow us|sign up|advertisement|related articles|read more)",
    re.IGNORECASE,
)
# Where the article proper ends: everything after one of these is another page's teaser.
_SECTION_STOP = re.compile(
    r"^\s*[【\[]?\s*(?:相关(?:阅读|新闻|文章|推荐|链接|报道)|延伸阅读|推荐阅读|热门推荐|热点推荐|猜你喜欢|更多(?:精彩|内容)|"
    r"网友评论|发表评论|我要评论|评论区|related articles|related stories|more from|recommended)",
    re.IGNORECASE,
)
_MAX_BOILERPLATE_CHARS = 200
_LEADING_TAG = re.compile(r"^\s*[\[【][^\]】]{1,10}[\]】]\s*")
# A close button ("x", "×") or a Discuz member rank left over from a poster's card.
_WIDGET_LINE = re.compile(r"^(?:[xX×✕✖]|新手上路|注册会员|中级会员|高级会员|金牌会员|论坛元老|超级版主)$")
# A line that only names a channel to follow, the title of a QR card: "新浪新闻公众号".
_CHANNEL_PROMO = re.compile(
    r"^[^，。！？,!?]{0,16}(?:公众号|微信号|客户端|官方微博|视频号|抖音号)[\s:：]*$"
    r"|^[^，。！？,!?]{0,24}(?:立即下载|下载APP|扫码下载)$"
)
# "金色财经 > 资讯 > 本文": a breadcrumb trail of short steps.
_BREADCRUMB = re.compile(r"^[^，。！？>»›]{1,12}(?:\s*[>»›]\s*[^，。！？>»›]{1,12}){2,}$")
# "- END -", "—— 完 ——": the story ends here; only its credit lines may follow.
_END_LINE = re.compile(r"^[\s\-—–_=~·*]*(?:END|End|end|完|全文完|本文完)[\s\-—–_=~·*]*$")
# The index table of a government information-disclosure page (索引号, 发布机构, 文号…):
# data about the document, printed above it; its issuer and date go to their fields.
_DOCUMENT_INDEX_LABEL = re.compile(r"索\s*引\s*号|发布机构|发文机关|发文单位|发文日期|成文日期|主题分类|发文字号|有\s*效\s*性")
_MIN_INDEX_LABELS = 3
_MAX_INDEX_CHARS = 600

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
        if block.type != "image" and raw.link_density > MAX_LINK_DENSITY:
            continue
        if len(text) <= _MAX_BOILERPLATE_CHARS and _SECTION_STOP.match(text) and index >= len(raw_blocks) // 2:
            break
        if _END_LINE.match(text) and sum(len(kept_raw.block.text) for kept_raw in kept) >= MIN_STORY_CHARS:
            ended = True
            continue
        if len(text) <= _MAX_BOILERPLATE_CHARS and (
            _BOILERPLATE.match(text) or _CHANNEL_PROMO.match(text) or _WIDGET_LINE.match(text) or _BREADCRUMB.match(text)
        ):
            continue
        if _is_style_sheet(text):
            continue  # a <style> element's text printed into the page
        if title_key and index < 8 and squash(_LEADING_TAG.sub("", text)) == title_key:
            continue  # the headline again, perhaps behind its board tag: "[出游分享] 标题"
        if len(text) <= _MAX_INDEX_CHARS and len(_DOCUMENT_INDEX_LABEL.findall(text)) >= _MIN_INDEX_LABELS:
            continue
        if kept and index < _LEAD_REACH and _repeats_as_lead(kept[-1].block, block):
            kept.pop()  # a summary box (摘要, intro) that is the lead's first sentence again
        kept.append(raw)
    return kept


#: A paragraph this long is story, unless shaped like furniture: the tail after the last
#: one is where an article's furniture sits.
_MIN_STORY_LINE = 40
#: A question this short followed by this many bare labels is a rating prompt and its buttons.
_MAX_PROMPT_CHARS = 40
_MIN_PROMPT_OPTIONS = 2
_MAX_TAIL_LABEL = 12
#: A short tail line linking to another site with this share of link text is a nudge
#: ("欢迎到<a>粉丝专页</a>按赞", "关注我们的<a>微博</a>").
_MIN_TAIL_LINK_SHARE = 0.2
_MAX_TAIL_LINK_LINE = 80
_MAX_CONTACT_LINE = 160
#: Characters of other text a furniture tail may hold (a disclaimer, posting rules).
_MAX_TAIL_PROSE = 200
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
    # Read from the end back to the story's last paragraph: only the tail is judged.
    furniture: dict[int, bool] = {}
    last_story = None
    for index in range(len(raw_blocks) - 1, -1, -1):
        raw = raw_blocks[index]
        furniture[index] = (
            _is_tail_furniture(raw) and not (index and SIGNED_DAY.match(raw_blocks[index - 1].block.text.strip()))
        ) or _is_prompt(raw_blocks, index)
        if raw.block.type == "paragraph" and len(raw.block.text) >= _MIN_STORY_LINE and not furniture[index]:
            last_story = index
            break
    if last_story is None:
        return raw_blocks
    story_chars = sum(len(raw.block.text) for raw in raw_blocks[: last_story + 1])
    cut = next((index for index in range(last_story + 1, len(raw_blocks)) if furniture[index]), None)
    if cut is None or story_chars < MIN_STORY_CHARS:
        return raw_blocks
    # Short lines between the story's last long paragraph and the furniture stay: the
    # story may close on a short sentence. A tail holding much text of no furniture shape
    # (a discography, a list of items) is not the furniture zone: only its furniture goes.
    rest = sum(len(raw.block.text) for index, raw in enumerate(raw_blocks[cut:], start=cut) if not furniture[index])
    kept = raw_blocks[:cut]
    for index, raw in enumerate(raw_blocks[cut:], start=cut):
        text = raw.block.text
        if raw.block.type == "image" or _END_LINE.match(text) or read_credits(text).is_credit_line or _bracketed_name_line(text):
            kept.append(raw)  # the credits under a story, its closing marker
        elif rest > _MAX_TAIL_PROSE and not furniture[index]:
            kept.append(raw)
    return kept


def _is_prompt(raw_blocks: list[RawBlock], index: int) -> bool:
    """A short question answered by buttons: "这篇文章对你有帮助吗？" / "有帮助" / "没帮助"."""
    text = raw_blocks[index].block.text
    options = raw_blocks[index + 1 : index + 1 + _MIN_PROMPT_OPTIONS]
    return (
        len(text) <= _MAX_PROMPT_CHARS
        and text.endswith(("？", "?"))
        and len(options) == _MIN_PROMPT_OPTIONS
        and all(len(raw.block.text) <= _MAX_TAIL_LABEL and not SHORT_SENTENCE_MARK.search(raw.block.text) for raw in options)
    )


def _bracketed_name_line(text: str) -> bool:
    """"（袁源）": the reporter closing a story."""
    return bool(_WHOLE_BRACKETED.match(text)) and bool(name_line(text[1:-1]))


def _is_tail_furniture(raw: RawBlock) -> bool:
    text = raw.block.text
    if raw.block.type not in ("paragraph", "heading", "list"):
        return False
    if len(text) <= _MAX_CONTACT_LINE and _CONTACT.search(text) and "。" not in text:
        return True
    if len(text) <= _MAX_TAIL_LINK_LINE and raw.links_away and raw.link_density >= _MIN_TAIL_LINK_SHARE:
        return True
    if _LOADING.match(text):
        return True
    return bool(_WHOLE_BRACKETED.match(text)) and not read_credits(text).is_credit_line and not _bracketed_name_line(text)


# "selector { property: value; … }": a style sheet's rule.
_STYLE_RULE = re.compile(r"[^{}]*\{[^{}]*:[^{}]*\}")
_STYLE_TAG = re.compile(r"</?style[^>]*>|<!--|-->", re.IGNORECASE)
#: Share of a block's text outside style rules at which it is still a style sheet.
_MAX_NON_STYLE_SHARE = 0.1


def _is_style_sheet(text: str) -> bool:
    """Text made of CSS rules: a <style> element whose text a CMS printed into the page."""
    if "{" not in text:
        return False
    rest = _STYLE_TAG.sub("", _STYLE_RULE.sub("", text)).strip()
    return rest != text.strip() and len(rest) <= len(text) * _MAX_NON_STYLE_SHARE


#: Blocks from the top within which a summary box may repeat the lead.
_LEAD_REACH = 4
_MIN_REPEATED_CHARS = 12


def _repeats_as_lead(previous: Block, block: Block) -> bool:
    return (
        previous.type == block.type == "paragraph"
        and len(previous.text) >= _MIN_REPEATED_CHARS
        and len(block.text) > len(previous.text)
        and block.text.startswith(previous.text)
    )
