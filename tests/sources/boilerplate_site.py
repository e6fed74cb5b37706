"""A loopback news site whose articles share footers no extraction rule knows.

Every article has its own story and the same three closing lines (a column promotion, a
sponsor line and a call to a reading club), written for this test; a feed lists the
articles published so far, and more can be published while the site runs.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FOOTERS = (
    "每周三晚八点，青禾夜读陪你读完一本好书",
    "本栏目由青禾文化传播中心协办",
    "想加入读书会的朋友，留言写下你最近在读的书名",
)
PLACES = ["东门", "西湖", "南山", "北岸", "城关", "河口", "桥头", "新村", "古镇", "山前", "塘下", "湾里"]
THINGS = ["图书角", "菜市场", "篮球场", "老码头", "戏台", "茶馆", "公交站", "小学", "菜园", "花市", "渡口", "祠堂"]
WORDS = (
    "居民 志愿者 老人 孩子 街道 社区 翻新 修缮 商量 报名 屋顶 墙面 灯光 座椅 书架 花坛 台阶 雨棚 "
    "清晨 傍晚 周末 春天 秋天 去年 今年 明年 热闹 安静 整洁 方便 温暖 宽敞 讨论 记录 拍照 打扫 种花 下棋"
).split()


def story(number: int) -> list[str]:
    """Three paragraphs of its own for article ``number``: a different walk through the
    word list each time, so no two stories are near-duplicates of each other."""
    rng = random.Random(number)
    place, thing = PLACES[number % len(PLACES)], THINGS[(number * 5) % len(THINGS)]
    clause = lambda: "".join(rng.sample(WORDS, 6))  # noqa: E731
    return [
        f"第{number}期走访来到{place}的{thing}，{clause()}，{clause()}。",
        f"{place}的老住户说起{thing}的变化，{clause()}，{clause()}，{clause()}。",
        f"社区负责人表示，{clause()}，{clause()}。",
    ]


def article_html(number: int) -> str:
    title = f"走访{PLACES[number % len(PLACES)]}：{THINGS[(number * 5) % len(THINGS)]}翻新记第{number}篇"
    paragraphs = "".join(f"<p>{text}</p>" for text in [*story(number), *FOOTERS])
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='publishdate' content='2026-03-{number % 28 + 1:02d}'></head><body>"
        f"<div class='top'><a href='/'>青禾社区报</a></div><h1>{title}</h1>"
        f"<div class='article'>{paragraphs}</div></body></html>"
    )


@dataclass
class BoilerplateSite:
    host: str
    port: int
    published: list[int] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def publish(self, *numbers: int) -> None:
        self.published.extend(numbers)

    def feed(self) -> str:
        items = "".join(
            f"<item><title>第{number}篇</title><link>{self.url(f'/a/{number}.html')}</link></item>" for number in self.published
        )
        return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>青禾社区报</title>{items}</channel></rss>"


@contextmanager
def serve_boilerplate_site(first: int = 20) -> Iterator[BoilerplateSite]:
    site = BoilerplateSite("127.0.0.1", 0, list(range(1, first + 1)))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server hook
            if self.path == "/feed.xml":
                self._send(200, "application/rss+xml; charset=utf-8", site.feed())
            elif self.path.removeprefix("/a/").removesuffix(".html") in {str(number) for number in site.published}:
                self._send(200, "text/html; charset=utf-8", article_html(int(self.path[3:-5])))
            else:
                self._send(404, "text/html", "")

        def _send(self, status: int, content_type: str, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((site.host, 0), Handler)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
