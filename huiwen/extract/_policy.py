"""Every tunable, word set and shared pattern of extraction, in one immutable object.

``extract(html, url, policy=ExtractPolicy(max_heading_chars=30))`` runs the pipeline with
other knobs; the stages read the policy of the extraction under way through
:func:`current_policy` (a context variable, like the fetch time that anchors relative
dates), so a knob is named once, here, and never passed down by hand. The grammar of
credit lines and dates (label alternations, date shapes) stays with the module that
parses it: it is the format being read, not a threshold.
"""

from __future__ import annotations

import re
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

from huiwen.extract._sites import joined

__all__ = ["DEFAULT_TIMEZONE", "MAX_DEPTH", "ExtractPolicy", "current_policy", "reset_policy", "using_policy"]

#: Elements nested deeper than this are ignored by the tree walks. libxml2 already caps
#: depth at 256 without ``huge_tree``: a fact of the parser, not a knob.
MAX_DEPTH = 255
#: Naive times are read in this zone (the portal's sources are overwhelmingly mainland
#: sites); fixed at import, as every parsed date is compared in it.
DEFAULT_TIMEZONE = "Asia/Shanghai"

# Fragments that several patterns share, written once.
#: A calendar day with its year first: "2012-07-03", "2012年7月3日", "2012.7.3".
_DAY = r"(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}"
#: The words that close a story: "完", "全文完", "本文完".
_END_WORDS = r"完|全文完|本文完"
#: Headings of the teaser boxes after a story: "相关阅读", "延伸阅读", "猜你喜欢".
_TEASER_HEADS = r"相关(?:阅读|新闻|文章|推荐|链接|报道)|延伸阅读|推荐阅读|热门推荐|热点推荐|猜你喜欢"


@dataclass(frozen=True)
class ExtractPolicy:
    """How the extractor judges a page: the defaults are tuned on the dev corpora
    (docs/extraction.md) and every test and benchmark runs with them."""

    #: Bytes beyond this are not parsed: real article pages are far smaller, and a cap keeps
    #: run time bounded on hostile or broken input.
    max_input_bytes: int = 4_000_000
    #: Stop collecting blocks after this many; no news article is longer.
    max_blocks: int = 2000
    #: Dates earlier than this are treated as noise (copyright years, IDs that look like dates).
    earliest_year: int = 1980
    #: Removed with their content before anything is measured.
    discard_tags: frozenset[str] = frozenset({
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
        "button", "input", "select", "textarea", "option", "nav", "footer", "aside",
        "map", "area", "audio", "video", "source", "link", "meta", "head", "dialog", "label",
    })
    #: class/id words that mark chrome no matter what else the element is called: an element
    #: whose class or id contains one of these is removed ("article-summary", "post-comments").
    #: Words are the hyphen/underscore/space/camelCase-separated parts of class and id, so
    #: "article-header" does not hit "head" while "share-bar" hits "share".
    strong_chrome_words: frozenset[str] = frozenset({
        "summary", "abstract", "zhaiyao", "share", "sharing", "bdshare", "jiathis", "comment",
        "comments", "reply", "replies", "related", "recommend", "recommended", "tuijian",
        "xiangguan", "copyright", "disclaimer", "shengming", "qrcode", "erweima", "ewm",
        "advert", "advertisement", "adsbygoogle", "sponsor", "sponsored", "promo", "popup",
        "modal", "cookie", "cookies", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
        "pagination", "pager", "friendlink", "youqing", "sidebar", "footer", "navbar",
        "newsletter", "subscribe", "hotnews", "ranking", "paihang", "gotop", "backtop",
        "toolbar", "social", "masthead", "topnav", "subnav", "pinglun", "liuyan", "cta", "donate", "donation",
        # 相关新闻 / 相关文章 / 相关阅读 / 推荐阅读 / 推荐文章 written as pinyin initials
        "xgxw", "xgwz", "xgyd", "tjyd", "tjwz", "morenews", "relatednews",
        # image captions and photo credits: they describe a picture, the story says it again
        "caption", "captions", "credit", "credits", "figcaption",
        # a forum poster's card (avatar, post counts, rank) and signature under each post
        "avatar", "favatar", "usercard", "userinfo", "sign", "signature",
        # finance sites: stock-quote widgets in and around the story, risk and reprint notices
        "stockcodec", "stockquote", "declare", "risk",
    })
    #: Weaker chrome words: only remove the element when it carries no content word as well
    #: ("nav" goes, "article-meta" stays until the block filter deals with its lines).
    weak_chrome_words: frozenset[str] = frozenset({
        "nav", "navigation", "menu", "menubar", "topbar", "foot", "side", "aside", "hot", "rank",
        "ad", "ads", "banner", "tags", "tag", "keywords", "prevnext", "login", "signup", "tools",
        "print", "fontsize", "zihao", "links", "header", "logo", "channel", "location",
        "position", "weizhi", "dangqian", "bread", "more", "meta", "byline", "author", "info",
        "source", "editor", "bianji", "time", "date", "pubtime",
        # Blogger calls every box a widget, the one holding the posts too ("widget Blog")
        "widget",
    })
    #: Words that mark the article itself; an element carrying one is never removed by class.
    content_class_words: frozenset[str] = frozenset({
        "article", "content", "post", "entry", "story", "body", "text", "main", "detail",
        "zhengwen", "neirong", "wenzhang", "cont", "con", "artical", "news", "page", "blog",
    })
    #: A class token pairing one of these with a content word names a list of *other* stories
    #: ("more-news", "recent-posts", "popular-articles", "next-story"), not the story itself.
    listing_words: frozenset[str] = frozenset({
        "more", "other", "others", "latest", "recent", "popular", "trending", "hot", "next",
        "prev", "previous", "also", "similar", "list",
    })
    #: Chrome words naming boxes that are prose by nature (reader comments, a summary, a legal
    #: notice): their text reads like an article, so reading like one does not protect them.
    prose_chrome_words: frozenset[str] = frozenset({
        "comment", "comments", "reply", "replies", "pinglun", "liuyan", "copyright",
        "disclaimer", "shengming", "cookie", "cookies", "newsletter", "subscribe", "modal", "popup",
        "cta", "donate", "donation", "caption", "captions", "credit", "credits", "figcaption",
    })
    #: Reader-comment words: a comment thread may hold more text than the article it follows.
    comment_class_words: frozenset[str] = frozenset({"comment", "comments", "reply", "replies", "pinglun", "liuyan"})
    #: A class-matched element whose unlinked, punctuated text is at least this long and at
    #: least PROTECT_PROSE_SHARE of the page's unlinked text is the article under an unlucky class name
    #: ("text-with-summary", "content-with-sidebar", "TRS_Editor", "article-body pagination"),
    #: not a menu: class words never remove it.
    protect_prose_chars: int = 200
    protect_prose_share: float = 0.5
    block_tags: frozenset[str] = frozenset({
        "p", "div", "td", "th", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5",
        "h6", "pre", "blockquote", "section", "article", "main", "table", "tbody", "thead", "tr",
        "center", "figure", "figcaption", "body", "html", "font", "header",
    })
    #: A text chunk with at least this share of its characters inside links is navigation.
    max_link_density: float = 0.5
    #: Chunks without sentence punctuation shorter than this are labels, not prose.
    min_prose_chars: int = 25
    #: A run of <br> lines inside a link-dense element holding this much unlinked prose is a
    #: story written above its link list in one element, and scores as the story.
    min_story_lines_chars: int = 100
    #: Weight of chrome text (links, labels) against prose when scoring a container.
    chrome_penalty: float = 1.0
    #: Weight of short label-like text against prose.
    label_penalty: float = 0.3
    #: When one child holds this share of the best run of siblings, the article is inside
    #: that child and the rest of the run is stray boxes next to it (summary, copyright).
    descend_ratio: float = 0.85
    #: Siblings scoring above minus this at either end of the article are kept with it: short
    #: label-like lines (byline, deck, first heading), not link lists.
    edge_label_allowance: float = 12.0
    #: ...and only when they are that: short lines, not a block (a repeated copy of the story,
    #: a teaser) that scored nothing.
    edge_line_max_chars: int = 120
    #: Owned text at least this long that already appeared on the page scores nothing.
    min_duplicate_chars: int = 20
    #: Short text naming a licence, a reprint ban or reserved rights is footer, not story.
    max_legal_line_chars: int = 200
    legal_line: re.Pattern[str] = field(default=re.compile(
        r"ICP备|ICP证|公网安备|版权所有|不得转载|禁止转载|未经(?:书面)?(?:授权|许可)|许可证编号|举报电话|举报邮箱|"
        r"all rights reserved|©\s*(?:19|20)\d\d|copyright\s*(?:©|\(c\)|(?:19|20)\d\d)",
        re.IGNORECASE,
    ))
    sentence_punctuation: re.Pattern[str] = field(default=re.compile(r"[，。！？；：、,.!?;:]"))
    #: A bold or centred line this short with no sentence-final punctuation is a heading.
    max_heading_chars: int = 40
    #: Images narrower/shorter than this (declared size) are icons, spacers or tracking pixels.
    min_image_side: int = 60
    #: How many blocks at each end of the body are searched for bylines and editor lines.
    byline_search_blocks: int = 4
    #: A line longer than this is prose, not a byline or meta line.
    max_meta_line_chars: int = 120
    #: Characters of story before which an end marker, a comment list or a furniture tail is
    #: not believed: a lone "完" at the top is no ending.
    min_story_chars: int = 100
    #: A line that ends like a sentence (a heading or a label does not).
    sentence_end: re.Pattern[str] = field(default=re.compile(r"[。！？!?；;…]$|[。！？!?][”’」』]$"))
    #: Marks that make a short line a sentence rather than a label or a name.
    short_sentence_mark: re.Pattern[str] = field(default=re.compile(r"[。！？!?，；]"))

    # --- bylines ----------------------------------------------------------
    #: How far into a paragraph an embedded reporter credit can reach.
    embedded_reach: int = 100
    #: Words that appear next to names in credit lines without being names.
    not_names: frozenset[str] = frozenset({
        "本报", "报道", "综合", "整理", "编译", "实习生", "通讯员", "记者", "摄影", "摄", "文",
        "图", "供图", "供稿", "来源", "编辑", "责任编辑", "本网", "本站", "发自", "联合", "新华社",
        "特约", "网友", "未知", "佚名", "admin", "administrator", "匿名", "原创", "转载", "大", "中",
        "小", "字号", "投稿", "待续", "未完", "续", "完", "节选", "摘编", "有删节", "资料图", "图片", "视频",
        "更新", "发表", "发布", "原文", "题图", "插图", "通讯", "楼主", "版主", "管理员", "小编", "游客", "会员",
        # "作者主页", "作者简介": what follows the label word is about the author, not a name.
        "主页", "简介", "专栏", "文集", "文章",
        # Page words that start with a common surname character and so look like names.
        "公告", "时间", "关注", "关于", "信息", "全文", "安全", "简体", "繁体",
        # Bracketed page buttons next to credit lines: "【纠错】 责任编辑：…", "【打印】【关闭】".
        "纠错", "打印", "关闭", "收藏", "返回", "顶部", "放大", "缩小",
    })
    #: The fields of a stamp row ("2012-07-03 | 本报 | 浏览 120") are each at most this long.
    max_stamp_field_chars: int = 12
    #: An outlet's name before a reporter label ("潇湘都市报记者 X") is at most this long.
    max_outlet_chars: int = 15
    #: A label printed in its own cell is joined to a next line at most this long (its value).
    max_label_value_chars: int = 40

    # --- clean ------------------------------------------------------------
    #: Chrome that is also where sites print bylines, dates and editor names.
    credit_words: frozenset[str] = frozenset({
        "meta", "byline", "author", "info", "source", "editor", "bianji", "time", "date", "pubtime",
    })
    #: A class-matched box holding more than this share of the page's text is not chrome.
    max_chrome_share: float = 0.5
    #: Weak words that name a column of the layout: "left-side", "pg-side-of-rail" and
    #: "header-wrap" boxes may be the column the story sits in, not a sidebar or a masthead.
    layout_words: frozenset[str] = frozenset({"side", "aside", "header", "channel", "position", "location"})
    #: Content words a block's class must hold to be unmistakably the post ("post-body
    #: entry-content"): one ("text-muted") is too common a word to protect a wrapper by.
    story_name_words: int = 2
    #: Text counts as prose when at most this share of it is link text...
    prose_max_link_share: float = 0.35
    #: ...and it has at least one sentence punctuation mark per this many characters.
    prose_chars_per_mark: int = 120

    # --- comments ---------------------------------------------------------
    #: A comment signature (a name and a time stamp) is at most this long...
    max_signature_chars: int = 48
    #: ...and the name in it at most this long.
    max_commenter_chars: int = 16
    #: Signatures, by at least two people, that make a list of comments.
    min_comment_signatures: int = 3
    #: A comment list's own heading ("网友留言（8）") is at most this long.
    max_thread_heading: int = 16

    #: Different people who must sign the comments for them to be a comment list.
    min_commenters: int = 2

    # --- content ----------------------------------------------------------
    #: Sentences shorter than this are not compared when a page repeats its story.
    min_sentence_chars: int = 12
    #: Second-level labels under a country code that are registries, not sites: "sina.com.cn",
    #: "example.co.uk". Written out rather than tldextract's Public Suffix List, which adds
    #: ~30 MiB of address space (requests, filelock) to every budgeted reading process.
    registry_labels: frozenset[str] = frozenset({"com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "idv", "mil"})
    #: A share of a block's characters in bold at which the block is a bold line.
    min_bold_share: float = 0.9
    #: A table with fewer cells, or a cell longer than this, is layout, not data.
    min_table_cells: int = 4
    max_table_cell_chars: int = 200
    #: Blocks and characters sampled, and the share of Han characters, that make a page
    #: without a declared language Chinese.
    language_sample_blocks: int = 20
    language_sample_chars: int = 2000
    min_han_share: float = 0.2

    # --- documents --------------------------------------------------------
    #: Paragraphs from the end searched for the signing day.
    signature_reach: int = 3
    #: How much later than its signature a document is typically posted (weekend included).
    max_signing_days: int = 2

    # --- furniture --------------------------------------------------------
    #: Blocks longer than this are never furniture by their opening words.
    max_boilerplate_chars: int = 200
    #: An information-disclosure index table: at least this many of its labels...
    min_index_labels: int = 3
    #: ...in a block at most this long.
    max_index_chars: int = 600
    #: A paragraph this long is story, unless shaped like furniture: the tail after the last
    #: one is where an article's furniture sits.
    min_story_line: int = 40
    #: A question this short followed by this many bare labels is a rating prompt and its buttons.
    max_prompt_chars: int = 40
    min_prompt_options: int = 2
    #: The answer buttons of such a prompt are at most this long.
    max_tail_label: int = 12
    #: A short tail line linking to another site with this share of link text is a nudge
    #: ("欢迎到<a>粉丝专页</a>按赞", "关注我们的<a>微博</a>").
    min_tail_link_share: float = 0.2
    #: ...when the line is at most this long.
    max_tail_link_line: int = 80
    #: A contact block (phone, fax, e-mail, no full stop) is at most this long.
    max_contact_line: int = 160
    #: Characters of other text a furniture tail may hold (a disclaimer, posting rules).
    max_tail_prose: int = 200
    #: Share of a block's text outside style rules at which it is still a style sheet.
    max_non_style_share: float = 0.1
    #: Blocks from the top within which a summary box may repeat the lead.
    lead_reach: int = 4
    #: ...when the repeated lead is at least this long.
    min_repeated_chars: int = 12

    #: Blocks from the top where the headline printed again (perhaps behind a board tag) goes.
    title_repeat_reach: int = 8

    # --- header -----------------------------------------------------------
    #: Lines after the headline searched for the byline and date.
    header_lines: int = 12
    #: Lines from the top of the page searched when the headline is not found in the text.
    top_lines: int = 60
    #: Lines under the headline where an unlabelled line of names is read as the byline.
    name_line_reach: int = 3
    #: Lines after the story's last paragraph where a blog signs the post.
    signature_lines_after_body: int = 16
    #: A date line under the headline is at most this long.
    max_date_line_chars: int = 60
    #: A subtitle the markup names is at most this long.
    max_subtitle_chars: int = 80

    #: Lines of a removed credit box (div.info, span.author) read for credits, and how many
    #: of them, once labels are joined to their values, may be credit lines.
    credit_box_lines: int = 8
    credit_box_labels: int = 6

    # --- interviews -------------------------------------------------------
    #: Speakers who must each take this many turns for lines to read as a conversation.
    min_turns: int = 2

    # --- metadata ---------------------------------------------------------
    #: A <title> segment longer than this is never the site name.
    max_site_name_chars: int = 16
    #: At most this many authors are taken from author markup.
    max_marked_authors: int = 3
    #: A platform account name is at most this long.
    max_account_chars: int = 30
    #: Characters (squashed) a printed part of the declared title must have to be the headline.
    min_printed_headline: int = 4

    #: How well a heading must match the declared title to be the headline, and the edge
    #: an <h1> gets over other headings that match.
    min_title_match: float = 0.6
    h1_title_bonus: float = 0.2

    # --- threads ----------------------------------------------------------
    #: A paragraph this long before the first signature is a post's text, not a thread title.
    min_post_chars: int = 40

    # --- shared patterns: story ends, teaser heads, furniture lines, date lines ----------
    #: Short blocks that are site furniture, whatever page they are on (and the furniture
    #: lines of the platforms in _sites).
    boilerplate_line: re.Pattern[str] = field(default=re.compile(
        r"^\s*[【\[（(]?\s*(?:版权声明|免责声明|版权所有|特别声明|郑重声明|[\u4e00-\u9fff]{0,4}声明[:：]|\*?\s*(?:本文|该文|文章)?(?:观点)?仅代表作者|风险提示|[^，。]{0,12}发布此信息的目的在于|本站所有|本网所有|本站文章|本网站|凡本网|凡注明|"
        r"转载请|未经授权|未经许可|copyright|©|\(c\)|all rights reserved|扫码|扫一扫|扫描二维码|长按(?:识别|二维码)|"
        r"关注(?:我们|微信|公众号|官方)|微信扫|下载(?:客户端|APP)|打开APP|友情链接|摘要[:：]|分享到|分享至|上一篇|下一篇|"
        r"返回顶部|返回首页|打印本页|关闭窗口|【?字号|字体[:：]|原标题[:：]|点击(?:查看|进入|阅读)|阅读原文|"
        rf"本文(?:来自|转自|由)|本文为|更多(?:精彩|内容|资讯)|{_TEASER_HEADS}|"
        r"当前位置|您的位置|你的位置|附件下载|原文标题|share this|follow us|sign up|advertisement|related articles|read more|"
        rf"{joined('furniture_openings')})",
        re.IGNORECASE,
    ))
    #: Where the article proper ends: everything after one of these is another page's teaser.
    section_stop: re.Pattern[str] = field(default=re.compile(
        rf"^\s*[【\[]?\s*(?:{_TEASER_HEADS}|更多(?:精彩|内容)|"
        r"网友评论|发表评论|我要评论|评论区|related articles|related stories|more from|recommended)",
        re.IGNORECASE,
    ))
    #: "- END -", "—— 完 ——": the story ends here; only its credit lines may follow.
    end_line: re.Pattern[str] = field(default=re.compile(rf"^[\s\-—–_=~·*]*(?:END|End|end|{_END_WORDS})[\s\-—–_=~·*]*$"))
    #: "（完）" closing the last paragraph.
    trailing_end_marker: re.Pattern[str] = field(default=re.compile(rf"\s*[（(]\s*(?:{_END_WORDS})\s*[)）]\s*$"))
    #: A line that is only an end marker, perhaps bracketed: a credit-free credit line.
    end_marker_line: re.Pattern[str] = field(default=re.compile(rf"^[（(\[【]?\s*(?:{_END_WORDS}|end|END|End)\s*[)）\]】]?$"))
    #: A comment's signature: a name and a time stamp, nothing else ("江边老张 2012-07-03 10:12").
    comment_stamp: re.Pattern[str] = field(default=re.compile(
        rf"{_DAY}日?(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
        r"|(?<!\d)\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
    ))
    #: A stamp opening a line ("2005年03月31日03:18 北京娱乐信报").
    leading_date: re.Pattern[str] = field(default=re.compile(rf"^\D{{0,30}}?{_DAY}"))


_DEFAULT = ExtractPolicy()
_current: ContextVar[ExtractPolicy] = ContextVar("extract_policy", default=_DEFAULT)


def current_policy() -> ExtractPolicy:
    """The policy of the extraction under way (the default outside one)."""
    return _current.get()


def using_policy(policy: ExtractPolicy) -> Token[ExtractPolicy]:
    """Make ``policy`` current until :func:`reset_policy` is given the token returned."""
    return _current.set(policy)


def reset_policy(token: Token[ExtractPolicy]) -> None:
    _current.reset(token)
