"""Every tunable of the extraction pipeline, in one place."""

from __future__ import annotations

import re

#: Bytes beyond this are not parsed: real article pages are far smaller, and a cap keeps
#: run time bounded on hostile or broken input.
MAX_INPUT_BYTES = 4_000_000
#: Elements nested deeper than this are ignored by the tree walks (libxml2 already caps
#: depth; this keeps our own iterative walks bounded too).
MAX_DEPTH = 255
#: Stop collecting blocks after this many; no news article is longer.
MAX_BLOCKS = 2000

DEFAULT_TIMEZONE = "Asia/Shanghai"
#: Dates earlier than this are treated as noise (copyright years, IDs that look like dates).
EARLIEST_YEAR = 1980

# --- tree cleaning -------------------------------------------------------------------
#: Removed with their content before anything is measured.
DISCARD_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "option", "nav", "footer", "aside",
    "map", "area", "audio", "video", "source", "link", "meta", "head", "dialog", "label",
})
#: class/id words that mark chrome no matter what else the element is called: an element
#: whose class or id contains one of these is removed ("article-summary", "post-comments").
#: Words are the hyphen/underscore/space/camelCase-separated parts of class and id, so
#: "article-header" does not hit "head" while "share-bar" hits "share".
STRONG_CHROME_WORDS = frozenset({
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
WEAK_CHROME_WORDS = frozenset({
    "nav", "navigation", "menu", "menubar", "topbar", "foot", "side", "aside", "hot", "rank",
    "ad", "ads", "banner", "tags", "tag", "keywords", "prevnext", "login", "signup", "tools",
    "print", "fontsize", "zihao", "links", "header", "logo", "channel", "location",
    "position", "weizhi", "dangqian", "bread", "more", "meta", "byline", "author", "info",
    "source", "editor", "bianji", "time", "date", "pubtime",
    # Blogger calls every box a widget, the one holding the posts too ("widget Blog")
    "widget",
})
#: Words that mark the article itself; an element carrying one is never removed by class.
CONTENT_CLASS_WORDS = frozenset({
    "article", "content", "post", "entry", "story", "body", "text", "main", "detail",
    "zhengwen", "neirong", "wenzhang", "cont", "con", "artical", "news", "page", "blog",
})
#: A class token pairing one of these with a content word names a list of *other* stories
#: ("more-news", "recent-posts", "popular-articles", "next-story"), not the story itself.
LISTING_WORDS = frozenset({
    "more", "other", "others", "latest", "recent", "popular", "trending", "hot", "next",
    "prev", "previous", "also", "similar", "list",
})
#: Chrome words naming boxes that are prose by nature (reader comments, a summary, a legal
#: notice): their text reads like an article, so reading like one does not protect them.
PROSE_CHROME_WORDS = frozenset({
    "comment", "comments", "reply", "replies", "pinglun", "liuyan", "copyright",
    "disclaimer", "shengming", "cookie", "cookies", "newsletter", "subscribe", "modal", "popup",
    "cta", "donate", "donation", "caption", "captions", "credit", "credits", "figcaption",
})
#: Reader-comment words: a comment thread may hold more text than the article it follows.
COMMENT_CLASS_WORDS = frozenset({"comment", "comments", "reply", "replies", "pinglun", "liuyan"})
#: A class-matched element whose unlinked, punctuated text is at least this long and at
#: least PROTECT_PROSE_SHARE of the page's unlinked text is the article under an unlucky class name
#: ("text-with-summary", "content-with-sidebar", "TRS_Editor", "article-body pagination"),
#: not a menu: class words never remove it.
PROTECT_PROSE_CHARS = 200
PROTECT_PROSE_SHARE = 0.5

# --- content scoring -----------------------------------------------------------------
BLOCK_TAGS = frozenset({
    "p", "div", "td", "th", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5",
    "h6", "pre", "blockquote", "section", "article", "main", "table", "tbody", "thead", "tr",
    "center", "figure", "figcaption", "body", "html", "font", "header",
})
#: A text chunk with at least this share of its characters inside links is navigation.
MAX_LINK_DENSITY = 0.5
#: Chunks without sentence punctuation shorter than this are labels, not prose.
MIN_PROSE_CHARS = 25
#: A run of <br> lines inside a link-dense element holding this much unlinked prose is a
#: story written above its link list in one element, and scores as the story.
MIN_STORY_LINES_CHARS = 100
#: Weight of chrome text (links, labels) against prose when scoring a container.
CHROME_PENALTY = 1.0
#: Weight of short label-like text against prose.
LABEL_PENALTY = 0.3
#: When one child holds this share of the best run of siblings, the article is inside
#: that child and the rest of the run is stray boxes next to it (summary, copyright).
DESCEND_RATIO = 0.85

#: Siblings scoring above minus this at either end of the article are kept with it: short
#: label-like lines (byline, deck, first heading), not link lists.
EDGE_LABEL_ALLOWANCE = 12.0
#: ...and only when they are that: short lines, not a block (a repeated copy of the story,
#: a teaser) that scored nothing.
EDGE_LINE_MAX_CHARS = 120

#: Owned text at least this long that already appeared on the page scores nothing.
MIN_DUPLICATE_CHARS = 20
#: Short text naming a licence, a reprint ban or reserved rights is footer, not story.
MAX_LEGAL_LINE_CHARS = 200
LEGAL_LINE = re.compile(
    r"ICP备|ICP证|公网安备|版权所有|不得转载|禁止转载|未经(?:书面)?(?:授权|许可)|许可证编号|举报电话|举报邮箱|"
    r"all rights reserved|©\s*(?:19|20)\d\d|copyright\s*(?:©|\(c\)|(?:19|20)\d\d)",
    re.IGNORECASE,
)

SENTENCE_PUNCTUATION = re.compile(r"[，。！？；：、,.!?;:]")

# --- blocks ---------------------------------------------------------------------------
#: A bold or centred line this short with no sentence-final punctuation is a heading.
MAX_HEADING_CHARS = 40
#: Images narrower/shorter than this (declared size) are icons, spacers or tracking pixels.
MIN_IMAGE_SIDE = 60

# --- metadata -------------------------------------------------------------------------
#: How many blocks at each end of the body are searched for bylines and editor lines.
BYLINE_SEARCH_BLOCKS = 4
#: A line longer than this is prose, not a byline or meta line.
MAX_META_LINE_CHARS = 120

# --- shared by the stages ---------------------------------------------------------------
#: Characters of story before which an end marker, a comment list or a furniture tail is
#: not believed: a lone "完" at the top is no ending.
MIN_STORY_CHARS = 100
#: A line that ends like a sentence (a heading or a label does not).
SENTENCE_END = re.compile(r"[。！？!?；;…]$|[。！？!?][”’」』]$")
#: Marks that make a short line a sentence rather than a label or a name.
SHORT_SENTENCE_MARK = re.compile(r"[。！？!?，；]")
