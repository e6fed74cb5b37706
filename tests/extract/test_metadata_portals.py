"""Credit, date and title layouts printed by Chinese portals and government/county sites
(people.cn, xinhuanet, thepaper, sina, sohu, 163, local media). Pages written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from huiwen.extract import extract

FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
STORY = "<p>" + "这是正文的第一段，讲述了本地社区的一项新举措，居民们普遍表示欢迎。" * 3 + "</p>" + \
    "<p>" + "第二段继续说明有关部门的安排，以及下一步的工作计划和具体时间表。" * 3 + "</p>"
TITLE = "社区推出便民服务新举措"


def page(header: str = "", *, head: str = "", title: str = TITLE, h1: str | None = None,
         body: str = STORY, before: str = "") -> str:
    h1 = title if h1 is None else h1
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_示例新闻网</title>{head}</head><body>"
        f"<div class='nav'><a href='/'>首页</a> <a href='/n'>新闻</a></div>"
        f"{before}<h1>{h1}</h1>{header}<div class='article'>{body}</div></body></html>"
    )


def run(html: str):
    return extract(html, "https://news.example.cn/a/1.html", fetched_at=FETCHED)


def day(article) -> str | None:
    return article.published_at.strftime("%Y-%m-%d") if article.published_at else None


def test_source_with_outlet_and_paper_is_not_an_author():
    article = run(page("<div class='info'>2024-03-05 08:00 来源：人民网－人民日报</div>"))
    assert article.author is None
    assert article.source and article.source.startswith("人民网")
    assert day(article) == "2024-03-05"


@pytest.mark.parametrize(
    "line, names",
    [
        ("作者：张三　李四", "张三 李四"),
        ("记者 张三 实习生 李四", "张三 李四"),
        ("图/文 张三", "张三"),
        ("文/图 张三", "张三"),
        ("本报记者 王小明 通讯员 赵强", "王小明 赵强"),
    ],
)
def test_bylines_under_the_headline(line, names):
    assert run(page(f"<div class='info'><span>{line}</span></div>")).author == names


def test_reporter_closing_the_story():
    body = STORY + "<p>（本报记者 张三）</p>"
    article = run(page("<div class='info'>2024-03-05</div>", body=body))
    assert article.author == "张三"
    assert "本报记者" not in article.text


def test_editor_and_reviewer():
    body = STORY + "<p>责任编辑：张三　审核：李四</p>"
    article = run(page(body=body))
    assert article.editor == "张三"
    assert article.author is None


def test_stamp_and_source_in_one_span():
    article = run(page("<div class='info'><span>2024-03-05 08:00:00 来源: 新华网</span></div>"))
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == "2024-03-05 08:00"
    assert article.source == "新华网"
    assert article.author is None


@pytest.mark.parametrize(
    "header",
    [
        "<div class='info'>发布日期：2024年03月05日</div>",
        "<div class='info'>时间：2024-03-05</div>",
        "<div class='info'><span id='pubtime'>2024-03-05 10:20</span></div>",
        "<div class='info'><span class='time'>2024-03-05 10:20</span><span class='source'>央视新闻</span></div>",
        "<div class='info'><span class='date'>2024年03月05日 10:20</span></div>",
    ],
)
def test_dates_under_the_headline(header):
    assert day(run(page(header))) == "2024-03-05"


def test_declared_publishdate():
    assert day(run(page(head="<meta name='publishdate' content='2024-03-05'>"))) == "2024-03-05"


def test_sidebar_dates_do_not_beat_the_info_line():
    side = "<ul class='list'><li><a href='/x'>另一条新闻标题很长很长</a> 2024-05-30</li></ul>"
    assert day(run(page("<div class='info'>发布时间：2024-03-05</div>", before=side))) == "2024-03-05"


NOTICE = ("<p>" + "为加强工程建设管理，经省政府同意，现就有关事项通告如下，请各地认真执行。" * 2 + "</p>"
          "<p>" + "各市县政府要切实履行属地管理责任，对于违反规定的单位和个人依法查处。" * 2 + "</p>"
          "<p>特此通告。</p>")


@pytest.mark.parametrize("signature", [
    "<p>示例省人民政府</p><p>2024年3月5日</p>",
    "<p>示例省人民政府　2024年3月5日</p>",
])
def test_signed_notice_keeps_its_signing_day(signature):
    html = page(head="<meta name='PubDate' content='2024-03-06 00:00:00'>", title="示例省人民政府关于某事项的通告",
                body=NOTICE + signature)
    assert day(run(html)) == "2024-03-05"


def test_signed_day_does_not_replace_a_much_later_or_same_day_date():
    later = page(head="<meta name='PubDate' content='2024-03-20 00:00:00'>", body=NOTICE + "<p>示例省人民政府</p><p>2024年3月5日</p>")
    assert day(run(later)) == "2024-03-20"
    same = page("<div class='info'>发布时间：2024-03-05 10:20</div>", body=NOTICE + "<p>示例省人民政府</p><p>2024年3月5日</p>")
    assert run(same).published_at.strftime("%H:%M") == "10:20"


@pytest.mark.parametrize("nick", ["放飞&amp;心情", "小鱼_儿"])
def test_poster_nickname_with_a_symbol(nick):
    article = run(page(f"<div class='info'>作者： <a href='/u/1'>{nick}</a> 时间：2024-03-05 10:20</div>"))
    assert article.author == nick.replace("&amp;", "&")


def test_forum_archive_title_loses_board_site_software_and_page_number():
    html = ("<html><head><meta charset='utf-8'>"
            "<title>  下岗职工的再就业研究(页 1) - 学术前沿 - 示例社会学论坛 - powered by Discuz! Archiver</title></head>"
            "<body><div><b>高山流水</b></div><div><b>下岗职工的再就业研究</b><br><br>下岗职工的再就业研究<br>王晓东、刘佳<br>"
            + STORY + "</div></body></html>")
    article = run(html)
    assert article.title == "下岗职工的再就业研究"
    assert article.author == "王晓东 刘佳"


def test_a_stamp_whose_year_day_and_time_are_separate_elements():
    stamp = ("<div class='header-time'>\n<span class='year'><em> 2024</em></span>\n"
             "<span class='day'><em> 03</em>/<em>05</em></span>\n<span class='time'> 15:36:20</span>\n</div>")
    article = run(page(before=stamp))
    assert article.published_at.isoformat() == "2024-03-05T15:36:20+08:00"


def test_an_official_document_keeps_its_number_and_signature_but_not_the_index_table():
    index = ("<table><tr><td>索 引 号：</td><td>1153/2024-00041</td><td>主题分类：</td><td>城乡建设</td></tr>"
             "<tr><td>发布机构：</td><td>示例市人民政府办公室</td><td>发文日期：</td><td>2024年03月05日</td></tr></table>")
    body = ("<p style='text-align:center'><b>示政办发〔2024〕7号</b></p>" + NOTICE
            + "<p>示例市人民政府办公室</p><p>2024年3月5日</p><p>（此件公开发布）</p>")
    article = run(page(before=index, title="示例市人民政府办公室关于某事项的通知", body=body))
    lines = [block.text for block in article.blocks]
    assert lines[0] == "示政办发〔2024〕7号" and article.subtitle is None
    assert lines[-3:] == ["示例市人民政府办公室", "2024年3月5日", "（此件公开发布）"]
    assert "索 引 号" not in article.text and "主题分类" not in article.text
    assert article.author == "示例市人民政府办公室"
