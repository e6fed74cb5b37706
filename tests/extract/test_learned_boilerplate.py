"""The pure core of per-source boilerplate learning: which lines recur often enough to be
a source's furniture, and how extraction drops them when told."""

from __future__ import annotations

from huiwen.extract import BoilerplatePolicy, article_lines, extract, recurring_lines

STORY = "".join(f"<p>第{n}段正文，讲述社区里发生的一件新鲜事，居民们纷纷表示欢迎。</p>" for n in "一二三")
FOOTER = "每周三晚八点，青禾夜读陪你读完一本好书"


def page(extra: str) -> str:
    return f"<html><head><title>社区新鲜事</title></head><body><h1>社区新鲜事</h1><div class='article'>{STORY}{extra}</div></body></html>"


def test_a_learned_line_is_dropped_and_only_it():
    html = page(f"<p>{FOOTER}</p><ul><li>青禾  夜读往期</li><li>本期书单</li></ul>")
    assert FOOTER in extract(html).text
    article = extract(html, boilerplate=[FOOTER, "青禾 夜读往期"])
    assert FOOTER not in article.text
    assert [block.items for block in article.blocks if block.type == "list"] == [["本期书单"]]
    assert article.text.startswith("第一段正文")


def test_lines_are_read_back_from_a_stored_body():
    article = extract(page(f"<p>{FOOTER}</p><ul><li>甲</li><li>乙</li></ul>"))
    assert article_lines(article.html) >= {FOOTER, "甲", "乙", "第一段正文，讲述社区里发生的一件新鲜事，居民们纷纷表示欢迎。"}
    assert article_lines("") == set()


def test_a_line_must_recur_in_enough_articles_and_a_large_enough_share():
    policy = BoilerplatePolicy(min_articles=3, min_share=0.5)
    articles = [{FOOTER, f"故事{n}"} for n in range(4)] + [{f"故事{n}"} for n in range(4, 8)]
    assert recurring_lines(articles, policy) == {FOOTER: 4}
    assert recurring_lines(articles[:4] + [set()] * 6, policy) == {}  # 4 of 10: under half
    assert recurring_lines([{FOOTER}] * 2, policy) == {}  # every article, but only two


def test_long_lines_are_story_however_often_they_recur():
    background = "背景：" + "这一段背景介绍会在每一篇后续报道里重印。" * 20
    assert recurring_lines([{background}] * 10, BoilerplatePolicy(min_articles=2)) == {}


def test_the_learned_line_column_holds_every_line_the_policy_learns():
    from huiwen.sources.models import LearnedLine

    assert LearnedLine._meta.get_field("text").max_length == BoilerplatePolicy.max_line_chars
