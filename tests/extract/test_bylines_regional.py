"""Credit lines in Traditional Chinese, Taiwan/HK datelines, unlabelled and trailing bylines."""

from __future__ import annotations

import pytest

from huiwen.extract._bylines import bracketed_names, join_label_lines, read_credits


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("記者林子謙／嵐港報導", ["林子謙"]),
        ("【記者王小明／台北報導】", ["王小明"]),
        ("中央社記者王小明台北5日電", ["王小明"]),
        ("中央社記者陳明高雄12日電", ["陳明"]),
        ("文／陳大文", ["陳大文"]),
        ("撰文：李曉華", ["李曉華"]),
        ("执笔人：周一 吴二 郑三", ["周一", "吴二", "郑三"]),
        ("本报记者 张三 李四", ["张三", "李四"]),
        ("本报实习生 钱小五 孙六", ["钱小五", "孙六"]),
        ("新华社记者郑明", ["郑明"]),
        ("晨光日报记者 赵某 海川县报道", ["赵某"]),
        ("晨光日报记者吴某/文 受访者供图", ["吴某"]),
        ("吴某某/文 郑某/图", ["吴某某"]),
        ("作者：赵  培", ["赵培"]),
    ],
)
def test_bylines_in_all_their_regional_shapes(line, authors):
    assert read_credits(line).authors == authors


def test_traditional_editor_source_and_date_labels():
    assert read_credits("責任編輯：陳雅雯").editor == "陳雅雯"
    assert read_credits("來源：嵐港新聞網").source == "嵐港新聞網"
    stamped = read_credits("發布時間：2025-07-28 10:20")
    assert stamped.published_at.isoformat() == "2025-07-28T10:20:00+08:00" and stamped.is_credit_line


def test_a_label_after_a_time_stamp_is_still_a_label():
    credits = read_credits("2025/07/28 10:20來源：嵐港新聞網")
    assert credits.source == "嵐港新聞網" and credits.published_at.hour == 10


def test_reporter_and_stringer_in_a_lead_are_both_authors():
    # Documented choice: 通讯员 and 实习生 are credited writers, so they are authors.
    credits = read_credits("本报讯（记者 李明 通讯员 周强）记者昨日从市里获悉，全市管网检修已完成。")
    assert credits.authors == ["李明", "周强"] and not credits.is_credit_line


def test_a_photographer_is_not_an_author():
    assert read_credits("郑某/图").authors == []


def test_blog_footer_gives_poster_and_date():
    credits = read_credits("lanshan 发表于 2012-03-04 10:20")
    assert credits.authors == ["lanshan"]
    assert credits.published_at.isoformat() == "2012-03-04T10:20:00+08:00"
    assert read_credits("posted at 2012-03-04 10:20").published_at.day == 4


@pytest.mark.parametrize(
    ("line", "names"),
    [("（袁某）", ["袁某"]), ("（记者 胡某某）", ["胡某某"]), ("（待续）", []), ("（海川市）", []), ("（完）", [])],
)
def test_a_bracketed_name_closing_the_story(line, names):
    assert bracketed_names(line) == names


def test_a_label_in_one_cell_and_its_value_in_the_next_are_joined():
    lines = ["作者：", "记者王某某", "编辑：", "来源：", 'size="20"', "责任编辑：", "焦某"]
    assert join_label_lines(lines) == ["作者：记者王某某", "编辑：", "来源：", 'size="20"', "责任编辑：焦某"]
