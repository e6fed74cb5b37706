"""A loopback news site of many sources and small pages, for collecting at scale.

Source ``s`` publishes ``/s<s>/feed.xml`` (RSS) listing its articles ``/s<s>/<k>.html``.
Every text is generated from numbers and words drawn per article, so two stories share
few 5-character shingles; a few pages are *reposts*: another source's story with a
lead-in and a credit line added (still well above dedupe's similarity threshold), and a
few feeds also list a URL of the source before them (the same URL in two feeds). Used by
the multi-process collection tests and by ``bench/collect``.

Pages are small by default (what the tests need). ``portal=True`` makes them like a real
news portal's, for the benchmark: 40–150 KB, a body whose length is drawn per story from a
log-normal around 1,500 characters (most news stories run 500–3,000, a few much longer),
inside a page with inline scripts and styles, a channel menu, breadcrumbs, share and
follow widgets, related-news and ranking lists, a comment section and a long footer.
"""

from __future__ import annotations

import json
import math
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_PLACES = ["江城", "滨海市", "西山县", "南湖街道", "临江镇", "云岭市", "白沙湾", "长桥区", "清河县", "紫阳湖", "东港", "柳溪村"]
_BODIES = ["住建局", "发改委", "交通运输局", "卫健委", "教育局", "文旅局", "市场监管局", "体育局", "科技局", "商务局"]
_THINGS = ["老旧小区", "地铁线路", "社区食堂", "口袋公园", "产业园", "冷链仓库", "图书馆", "体育场", "职业学校", "养老中心",
           "污水管网", "充电桩", "夜市", "自行车道", "卫生院", "农贸市场", "光伏电站", "数据中心", "码头", "科创中心"]
_VERBS = ["启动", "完成", "验收", "扩建", "改造", "开放", "规划", "招标", "试点", "升级"]
_PEOPLE = ["居民", "商户", "学生", "老人", "游客", "职工", "农户", "司机", "家长", "志愿者"]
_DATE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
_CHANNELS = ["要闻", "国内", "国际", "财经", "科技", "体育", "娱乐", "汽车", "房产", "教育", "健康", "文旅", "军事", "评论",
             "视频", "图片", "专题", "地方", "法治", "公益", "时尚", "游戏", "数码", "家居"]
_COMMENTS = ["说得好,支持!", "希望早日落实,方便我们老百姓。", "我们小区也该改造了,什么时候轮到?", "这个投入值得。",
             "去年就说了,现在才动工。", "点赞家乡的变化!", "请问具体在哪个位置?", "关注后续进展。",
             "交通问题什么时候解决?", "物价也要管一管。", "工作人员辛苦了。", "好消息,转给家里人看看。"]
#: Stories' body length: log-normal, median about 1,500 characters (ten paragraphs of
#: three sentences), most between 500 and 3,000.
_MEDIAN_PARAGRAPHS, _PARAGRAPH_SPREAD = 10, 0.55


@dataclass(frozen=True)
class Story:
    source: int
    number: int
    title: str
    paragraphs: tuple[str, ...]
    #: The story this page reposts, as (source, number); None for an original.
    reposts: tuple[int, int] | None = None

    @property
    def path(self) -> str:
        return f"/s{self.source}/{self.number}.html"


def _paragraphs(rnd: random.Random, count: int) -> tuple[str, ...]:
    paragraphs = []
    for _ in range(count):
        sentences = []
        for _ in range(3):
            sentences.append(
                f"{rnd.choice(_PLACES)}{rnd.choice(_BODIES)}{rnd.randint(1, 28)}日{rnd.choice(_VERBS)}"
                f"{rnd.choice(_THINGS)}{rnd.randint(2, 990)}处,涉及{rnd.choice(_PEOPLE)}{rnd.randint(100, 99999)}人,"
                f"预计投入{rnd.randint(10, 9999)}万元,{rnd.choice(_THINGS)}和{rnd.choice(_THINGS)}同步{rnd.choice(_VERBS)}。"
            )
        paragraphs.append("".join(sentences))
    return tuple(paragraphs)


class Newsroom:
    """What the site publishes: ``sources`` × ``per_source`` pages; every
    ``repost_every``-th page of a source (after the first) reposts a story of the source
    before it, and every ``shared_every``-th page of a source is also listed in the next
    source's feed."""

    def __init__(self, sources: int, per_source: int, *, repost_every: int = 10, shared_every: int = 20,
                 paragraphs: int = 3, chrome_links: int = 0, portal: bool = False, seed: int = 11) -> None:
        self.sources, self.per_source = sources, per_source
        self.repost_every, self.shared_every = repost_every, shared_every
        self.paragraph_count, self.seed = paragraphs, seed
        #: Links to other stories around the article (menus, a sidebar, a footer), as a
        #: real portal page has: the page grows and extraction has more to throw away.
        self.chrome_links = chrome_links
        #: Real portal pages (see the module's docstring) instead of small ones.
        self.portal = portal

    def is_repost(self, source: int, number: int) -> bool:
        return source > 0 and number % self.repost_every == self.repost_every - 1

    @cache  # noqa: B019 - one newsroom per run: the cache lives exactly as long as it
    def story(self, source: int, number: int) -> Story:
        if self.is_repost(source, number):
            original = self.story(source - 1, number - 1)
            lead = f"据{original.source}号台消息,"
            paragraphs = (lead + original.paragraphs[0], *original.paragraphs[1:], "(本文转载自合作媒体,编辑:许明)")
            return Story(source, number, f"转载:{original.title}", paragraphs, (original.source, original.number))
        rnd = random.Random(f"{self.seed}-{source}-{number}")
        title = f"{rnd.choice(_PLACES)}{rnd.choice(_THINGS)}{rnd.choice(_VERBS)}第{source}-{number}期"
        count = self.paragraph_count
        if self.portal:
            count = max(2, min(60, round(_MEDIAN_PARAGRAPHS * math.exp(rnd.gauss(0, _PARAGRAPH_SPREAD)))))
        return Story(source, number, title, _paragraphs(rnd, count))

    def stories(self) -> list[Story]:
        return [self.story(s, k) for s in range(self.sources) for k in range(self.per_source)]

    def feed_paths(self, source: int) -> list[str]:
        """Paths a source's feed lists: its own pages, and shared pages of the source before it."""
        own = [self.story(source, k).path for k in range(self.per_source)]
        shared = [self.story(source - 1, k).path for k in range(0, self.per_source, self.shared_every)] if source else []
        return own + shared

    def _chrome(self, story: Story) -> tuple[str, str]:
        """A menu and a sidebar of links to other stories of the source."""
        if not self.chrome_links:
            return "", ""
        links = [
            f'<li><a href="/s{story.source}/{(story.number + i) % self.per_source}.html">'
            f"{escape(self.story(story.source, (story.number + i) % self.per_source).title)}</a></li>"
            for i in range(1, self.chrome_links + 1)
        ]
        half = len(links) // 2
        return (f'<ul class="menu">{"".join(links[:half])}</ul>',
                f'<div class="sidebar"><h3>热门新闻</h3><ul>{"".join(links[half:])}</ul></div>')

    @cache  # noqa: B019 - a newsroom serves for the life of its process; its pages are kept as long
    def page(self, story: Story) -> bytes:
        """The story's page, made once (the benchmark's site must not spend the CPU the
        collecting workers are measured on)."""
        if self.portal:
            return self._portal_page(story)
        body = "".join(f"<p>{escape(text)}</p>" for text in story.paragraphs)
        menu, sidebar = self._chrome(story)
        when = (_DATE + timedelta(minutes=story.source * self.per_source + story.number)).strftime("%Y-%m-%d %H:%M")
        return (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(story.title)}_第{story.source}号台</title></head>'
            f'<body><div class="nav"><a href="/">首页</a> <a href="/s{story.source}/">本台新闻</a>{menu}</div>'
            f'<h1>{escape(story.title)}</h1><div class="info">{when} 来源:第{story.source}号台</div>'
            f'<div class="article">{body}</div>{sidebar}<div class="footer">版权所有 第{story.source}号台</div></body></html>'
        ).encode()

    def _links(self, story: Story, rnd: random.Random, count: int) -> str:
        picks = [self.story(story.source, rnd.randrange(self.per_source)) for _ in range(count)]
        return "".join(f'<li><a href="{other.path}" target="_blank">{escape(other.title)}</a>'
                       f'<span class="time">{rnd.randint(1, 28)}日</span></li>' for other in picks)

    def _portal_page(self, story: Story) -> bytes:
        """The story in a real portal's page: everything around the body a reader skips."""
        rnd = random.Random(f"portal-{self.seed}-{story.source}-{story.number}")
        name = f"第{story.source}号台"
        when = (_DATE + timedelta(minutes=story.source * self.per_source + story.number)).strftime("%Y-%m-%d %H:%M")
        channels = "".join(f'<li><a href="/{i}/">{channel}</a></li>' for i, channel in enumerate(_CHANNELS))
        sub_channels = "".join(f'<a href="/{i}/{j}/">{channel}{place}</a>'
                               for i, channel in enumerate(_CHANNELS) for j, place in enumerate(_PLACES[:8]))
        config = json.dumps({"site": name, "channel": rnd.choice(_CHANNELS), "id": f"{story.source}-{story.number}",
                             "ads": [{"slot": f"ad-{k}", "size": [300, 250], "targets": _THINGS[k:k + 4]} for k in range(8)]},
                            ensure_ascii=False)
        tracker = "".join(f"var _p{k}=function(e){{return e&&e.length>{k}?e.slice({k}):e}};" for k in range(rnd.randint(250, 700)))
        style = "".join(f".m{k}{{margin:{k}px;padding:{k % 7}px;color:#{k:03x}}}" for k in range(300))
        body = "".join(f"<p>{escape(text)}</p>" for text in story.paragraphs)
        comments = "".join(
            f'<div class="comment"><div class="user"><img src="/avatar/{rnd.randint(1, 999)}.png" alt="">'
            f'<span>{rnd.choice(_PLACES)}网友{rnd.randint(1000, 99999)}</span></div>'
            f'<p class="text">{rnd.choice(_COMMENTS)}{rnd.choice(_COMMENTS)}</p>'
            f'<div class="meta">{rnd.randint(1, 28)}日 <a href="#">回复</a> <a href="#">赞({rnd.randint(0, 500)})</a></div></div>'
            for _ in range(rnd.randint(5, 40))
        )
        rankings = "".join(f'<div class="rank"><h3>{title}</h3><ol>{self._links(story, rnd, 10)}</ol></div>'
                           for title in ("24小时热文", "本周排行", "编辑推荐", "图片新闻", "专题推荐"))
        footer = "".join(f'<a href="/about/{k}.html">{word}</a>' for k, word in enumerate(
            ["关于我们", "联系方式", "广告服务", "招聘信息", "网站地图", "版权声明", "隐私政策", "意见反馈", "举报中心"] * 3))
        page = (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(story.title)}_{name}</title>'
            f'<meta name="keywords" content="{",".join(_THINGS[:12])}"><meta name="description" content="{escape(story.paragraphs[0][:80])}">'
            f'<style>{style}</style><script>window.__CONFIG__={config};{tracker}</script>'
            f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{escape(story.title)}"}}</script></head>'
            f'<body><div class="topbar"><a href="/login">登录</a> <a href="/register">注册</a> <a href="/app">下载客户端</a></div>'
            f'<div class="header"><a href="/"><img src="/logo.png" alt="{name}"></a><ul class="channels">{channels}</ul>'
            f'<div class="subnav">{sub_channels}</div><form action="/search"><input name="q"><button>搜索</button></form></div>'
            f'<div class="crumb"><a href="/">首页</a> &gt; <a href="/{story.source}/">{rnd.choice(_CHANNELS)}</a> &gt; 正文</div>'
            f'<div class="main"><div class="left"><h1>{escape(story.title)}</h1>'
            f'<div class="info"><span>{when}</span> <span>来源:{name}</span> <span>作者:记者{rnd.choice(_PLACES)}</span></div>'
            f'<div class="share">分享到:<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>'
            f'<div class="article">{body}</div>'
            f'<div class="editor">(责任编辑:{rnd.choice(_PLACES)})</div>'
            f'<div class="follow">关注{name}微信公众号,获取更多本地新闻</div>'
            f'<div class="related"><h3>相关新闻</h3><ul>{self._links(story, rnd, 10)}</ul></div>'
            f'<div class="comments"><h3>网友评论</h3><p>文明上网,理性发言</p>{comments}</div></div>'
            f'<div class="right"><div class="ad"><iframe src="/ad/300x250.html"></iframe></div>{rankings}'
            f'<div class="ad"><iframe src="/ad/300x600.html"></iframe></div></div></div>'
            f'<div class="footer">{footer}<p>版权所有 {name} 未经授权禁止转载 ICP备{rnd.randint(10000000, 99999999)}号</p></div>'
            f'<script>(function(){{var s=document.createElement("script");s.src="/stat.js";document.body.appendChild(s)}})();</script>'
            f"</body></html>"
        )
        return page.encode()

    def feed(self, base_url: str, source: int) -> bytes:
        items = []
        for path in self.feed_paths(source):
            s, k = (int(part) for part in path.strip("/").removesuffix(".html").lstrip("s").split("/"))
            story = self.story(s, k)
            published = format_datetime(_DATE + timedelta(minutes=s * self.per_source + k), usegmt=True)
            items.append(f"<item><title>{escape(story.title)}</title><link>{base_url}{path}</link>"
                         f"<pubDate>{published}</pubDate></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>第{source}号台</title>'
                f'<link>{base_url}/s{source}/</link>{"".join(items)}</channel></rss>').encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # see tests/sources/testsite/server.py
    server: _Server

    def do_GET(self) -> None:
        status, content_type, body = self.server.respond(urlsplit(self.path).path)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Silent: tests count requests through ``NewsroomSite.hits``."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, newsroom: Newsroom) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.newsroom = newsroom
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.hits = 0
        self._lock = threading.Lock()

    def handle_error(self, request, client_address) -> None:
        """Workers killed on purpose drop their connections; that is no server error."""

    def respond(self, path: str) -> tuple[int, str, bytes]:
        with self._lock:
            self.hits += 1
        room = self.newsroom
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0].startswith("s") and parts[0][1:].isdigit():
            source = int(parts[0][1:])
            if source < room.sources:
                if parts[1] == "feed.xml":
                    return 200, "application/rss+xml; charset=utf-8", room.feed(self.base_url, source)
                number = parts[1].removesuffix(".html")
                if number.isdigit() and int(number) < room.per_source:
                    return 200, "text/html; charset=utf-8", room.page(room.story(source, int(number)))
        return 404, "text/html; charset=utf-8", b"<html><body><h1>404</h1></body></html>"


class NewsroomSite:
    """``Newsroom`` served on 127.0.0.1 at an ephemeral port from a background thread."""

    def __init__(self, newsroom: Newsroom) -> None:
        self.newsroom = newsroom
        self._server = _Server(newsroom)
        self.base_url = self._server.base_url
        self.address = f"127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def hits(self) -> int:
        return self._server.hits

    def feed_url(self, source: int) -> str:
        return f"{self.base_url}/s{source}/feed.xml"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> NewsroomSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
