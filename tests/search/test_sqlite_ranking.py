"""The SQLite engine ranks its candidates with its own BM25, which must score exactly as
FTS5's bm25() does (it replaces it only to avoid bm25()'s pass over whole posting lists)."""

from __future__ import annotations

import math
import sqlite3

import pytest

from huiwen.search.backends.sqlite import _WEIGHTS, _bm25

# Twelve tokens each: every document of the table has the candidates' average length, so
# FTS5 (which averages over the whole table) and _bm25 (over its candidates) agree.
CANDIDATES = [
    ("城东 新区 电梯", "老旧 小区 加装 电梯 居民 上下楼 方便 电梯 运行"),
    ("秋季 运动会", "城东 中学 运动会 开幕 新区 学生 参加 田径 比赛 电梯"),
    ("新区 规划", "新区 规划 公布 城东 片区 将 建 公园 城东 电梯"),
    ("电梯 维保", "城东 新区 电梯 维保 企业 检查 结果 电梯 电梯 电梯"),
]
OTHERS = [
    ("天气 预报", "明天 多云 转 晴 气温 回升 风力 三 级 左右"),
    ("地铁 新线", "地铁 新线 今日 开通 沿线 居民 出行 更加 便捷 了"),
    ("市 图书馆", "市 图书馆 延长 开放 时间 读者 可 到 晚上 十点"),
    ("本周 菜价", "本周 蔬菜 价格 小幅 下降 猪肉 价格 保持 稳定 运行"),
]


@pytest.mark.parametrize("tokens", [["电梯"], ["城东", "电梯"], ["电梯", "新区", "城东"]])
def test_our_bm25_scores_as_fts5_does(tokens):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title, body, facets, tokenize = 'unicode61')")
    db.executemany("INSERT INTO search_fts (rowid, title, body, facets) VALUES (?, ?, ?, '')",
                   [(rowid, title, body) for rowid, (title, body) in enumerate(CANDIDATES + OTHERS, 1)])
    match = "{title body} : (" + " AND ".join(f'"{token}"' for token in tokens) + ")"
    expected = dict(db.execute("SELECT rowid, -bm25(search_fts, ?, ?, ?) FROM search_fts WHERE search_fts MATCH ?",
                               [*_WEIGHTS, match]))
    rows = db.execute(f"SELECT rowid, title, body FROM search_fts WHERE rowid IN ({','.join(map(str, expected))})").fetchall()
    total = len(CANDIDATES) + len(OTHERS)
    idf = []
    for token in tokens:
        holding = db.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                             [f'{{title body}} : "{token}"']).fetchone()[0]
        idf.append(max(1e-6, math.log((total - holding + 0.5) / (holding + 0.5))))
    ours = dict(_bm25(rows, tokens, idf))
    assert len(expected) >= 2
    assert ours == pytest.approx(expected, rel=1e-9)
    assert sorted(ours, key=ours.get) == sorted(expected, key=expected.get)
