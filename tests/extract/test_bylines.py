from __future__ import annotations

import pytest

from huiwen.extract._bylines import read_credits


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("□姜科峰", ["姜科峰"]),
        ("■张三", ["张三"]),
        ("文/李四", ["李四"]),
        ("作者:王五", ["王五"]),
        ("记者 赵六 钱七", ["赵六", "钱七"]),
        ("通讯员 孙八", ["孙八"]),
        ("本报记者 王建宏 张文攀", ["王建宏", "张文攀"]),
        ("作者：张三（新华社记者）", ["张三"]),
    ],
)
def test_byline_shapes(line, authors):
    credits = read_credits(line)
    assert credits.authors == authors
    assert credits.is_credit_line


def test_editor_and_source_lines_are_fields_not_body():
    assert read_credits("（责任编辑：王超越）").editor == "王超越"
    assert read_credits("责编：李雷").editor == "李雷"
    mixed = read_credits("来源：人民日报 作者：王建宏 2022-02-13 09:57")
    assert (mixed.source, mixed.authors, mixed.is_credit_line) == ("人民日报", ["王建宏"], True)
    assert mixed.published_at.isoformat() == "2022-02-13T09:57:00+08:00"


def test_reporters_inside_a_lead_paragraph_are_read_but_the_paragraph_stays():
    credits = read_credits("本报讯（记者 李明 通讯员 周强）记者昨日从市热力公司获悉，全市供暖管网检修工作已全部完成。")
    assert credits.authors == ["李明", "周强"]
    assert not credits.is_credit_line


def test_prose_that_starts_with_a_label_word_is_not_a_byline():
    credits = read_credits("记者从上海昆剧团获悉，著名戏曲导演沈斌去世")
    assert credits.authors == [] and not credits.is_credit_line


def test_end_markers_are_credit_lines():
    assert read_credits("（完）").is_credit_line


def test_reporter_credit_closing_the_story_moves_to_the_author_field():
    from huiwen.extract._bylines import take_trailing_credit

    assert take_trailing_credit("推动工业高质量发展。（记者 胡晓蓉）") == (["胡晓蓉"], "推动工业高质量发展。")
    assert take_trailing_credit("都不是利益再分配吗？”（姚峰 上海报道）") == (["姚峰"], "都不是利益再分配吗？”")
    assert take_trailing_credit("会议在北京举行（新华社供稿）。")[0] == []


def test_the_outlet_before_a_reporter_label_keeps_the_line_a_byline():
    credits = read_credits("潇湘都市报记者 贺某川 通讯员 罗某")
    assert credits.authors == ["贺某川", "罗某"] and credits.is_credit_line


def test_a_staff_code_glued_to_the_editor_is_dropped():
    assert read_credits("责任编辑：唐某雯_NBJ11279").editor == "唐某雯"


def test_a_stamp_row_of_short_fields_is_a_credit_line():
    stamp = read_credits("原创 2023-09-14 08:46 · 滇南农事观察 ·")
    assert stamp.is_credit_line and stamp.published_at.isoformat() == "2023-09-14T08:46:00+08:00"
    assert not read_credits("2023年9月14日 滇南农事观察发布会召开，来宾众多").is_credit_line


def test_editorial_credits_printed_side_by_side_without_a_space():
    credits = read_credits("责任编辑：吴某墨图片编辑：金某")
    assert credits.editor == "吴某墨" and credits.is_credit_line
    assert read_credits("图片编辑：金某").editor is None  # the photo editor is not the editor
    assert read_credits("他是这本书的作者：一位老人").authors == []


def test_a_row_of_fields_printed_without_spaces():
    row = read_credits("时间:2022-12-05 14:08来源:临河县融媒体中心作者:admin点击:次")
    assert row.source == "临河县融媒体中心" and row.is_credit_line
    assert row.published_at.isoformat() == "2022-12-05T14:08:00+08:00"


def test_page_words_that_start_with_a_surname_are_not_a_name_line():
    from huiwen.extract._bylines import name_line

    assert name_line("公告") == [] and name_line("关注") == []
    assert name_line("李建忠") == ["李建忠"]


def test_reprint_and_producer_credits():
    reprint = read_credits("（本文作者柏某山，原载于“深链笔记”，巴比特经授权转载。）")
    assert (reprint.authors, reprint.source, reprint.is_credit_line) == (["柏某山"], "深链笔记", True)
    assert read_credits("出品｜凤凰网财经《公司研究院》").source == "凤凰网财经"
    assert read_credits("界面新闻编辑 | 牛某帆").editor == "牛某帆"
