"""A column of the test site whose articles share footers no extraction rule knows.

Every article has its own story and the same three closing lines (a column promotion, a
sponsor line and a call to a reading club), written for the boilerplate-learning tests.
/column/feed.xml lists the first 20; /column/feed-later.xml also the two published after.
"""

from __future__ import annotations

import random

FIRST = 20
LATER = 22

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


def column_feed(base_url: str, last: int) -> str:
    items = "".join(
        f"<item><title>第{number}篇</title><link>{base_url}/column/{number}.html</link></item>" for number in range(1, last + 1)
    )
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>青禾社区报</title>{items}</channel></rss>"
