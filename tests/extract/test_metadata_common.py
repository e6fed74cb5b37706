"""Credit and date layouts common on Chinese news sites today (pages written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from huiwen.extract import extract

FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
STORY = "<p>" + "这是正文的第一段，讲述了本地社区的一项新举措，居民们普遍表示欢迎。" * 3 + "</p>" + \
    "<p>" + "第二段继续说明有关部门的安排，以及下一步的工作计划和具体时间表。" * 3 + "</p>"


def page(header: str, *, head: str = "", title: str = "社区推出便民服务新举措", body: str = STORY) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_示例新闻网</title>{head}</head><body>"
        f"<div class='nav'><a href='/'>首页</a> <a href='/n'>新闻</a></div>"
        f"<h1>{title}</h1>{header}<div class='article'>{body}</div></body></html>"
    )


def run(html: str):
    return extract(html, "https://news.example.cn/a/1.html", fetched_at=FETCHED)


def test_info_bar_with_every_field():
    article = run(page("<div class='info'>发布时间：2023-05-12 10:20 来源：示例日报 作者：李明 编辑：王芳</div>"
                       "<div>【字体：大 中 小】【打印】【关闭】</div>"))
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == "2023-05-12 10:20"
    assert article.author == "李明"
    assert article.editor == "王芳"
    assert article.source == "示例日报"


@pytest.mark.parametrize(
    "line, author",
    [
        ("文｜陈静", "陈静"),
        ("撰稿：刘洋", "刘洋"),
        ("记者：赵磊 通讯员：孙悦", "赵磊 孙悦"),
        ("本报记者 周涛 实习生 吴琳", "周涛 吴琳"),
    ],
)
def test_byline_labels(line, author):
    assert run(page(f"<p>2023-05-12</p><p>{line}</p>")).author == author


def test_reporter_named_in_the_lead():
    body = "<p>本报讯（记者 张伟）" + "昨日，市里召开新闻发布会，介绍了今年的重点工作安排和民生项目进展。" * 3 + "</p>" + STORY
    article = run(page("<p>2023年05月12日 星期五</p>", body=body))
    assert article.author == "张伟"
    assert article.published_at.date().isoformat() == "2023-05-12"


@pytest.mark.parametrize(
    "stamp, day",
    [
        ("2023.05.12", "2023-05-12"),
        ("2023年05月12日 星期五 10:20", "2023-05-12"),
        ("05-12 10:20", "2024-05-12"),
        ("发布于 3天前", "2024-05-29"),
        ("Published: March 3, 2024", "2024-03-03"),
    ],
)
def test_date_formats_under_the_headline(stamp, day):
    assert run(page(f"<div class='meta'>{stamp}</div>")).published_at.date().isoformat() == day


def test_calendar_range_is_not_a_date():
    sidebar = "<div class='archive'><p>12/01/2004 - 01/01/2005</p><p>01/01/2005 - 2/01/2005</p></div>"
    article = run(page("<p>2005-03-21 08:15:00</p>", body=STORY + sidebar))
    assert article.published_at.date().isoformat() == "2005-03-21"


def test_blog_creation_date_does_not_win():
    html = ("<html><head><meta charset='utf-8'><title>小林的博客</title></head><body>"
            "<div class='side'><p>日志:120</p><p>建立于:2004年10月6日</p></div>"
            f"<div class='post'><p>周末去爬山</p><p>小林 发表于 2005-9-15 11:46:00</p>{STORY}</div></body></html>")
    article = run(html)
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == "2005-09-15 11:46"
    assert article.author == "小林"


def test_json_ld_author_list():
    head = ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-05-12T10:20:00+08:00",'
            '"author":[{"@type":"Person","name":"李明"},{"@type":"Person","name":"王芳"}]}</script>')
    article = run(page("", head=head))
    assert article.author == "李明 王芳"
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == "2023-05-12 10:20"


def test_meta_author_that_is_the_site_is_ignored():
    head = "<meta name='author' content='示例新闻网'><meta name='publishdate' content='2023-05-12'>"
    assert run(page("", head=head)).author is None


def test_english_byline():
    html = ("<html><head><meta charset='utf-8'><title>City opens new library | Example Times</title></head><body>"
            "<h1>City opens new library</h1><p class='byline'>By Jane Doe</p><p>Published: March 3, 2024</p>"
            "<div class='article'><p>" + "The city opened its new library on Sunday, and hundreds of residents came. " * 4 +
            "</p><p>" + "Officials said the building will host classes and exhibitions through the year. " * 4 + "</p></div></body></html>")
    article = run(html)
    assert article.author == "Jane Doe"
    assert article.published_at.date().isoformat() == "2024-03-03"


@pytest.mark.parametrize("line, names", [("王晓东、刘佳", "王晓东 刘佳"), ("欧阳明", "欧阳明")])
def test_unlabelled_name_line_under_the_headline(line, names):
    assert run(page(f"<p>2023-05-12</p><p>{line}</p>")).author == names


def test_bracketed_name_before_source():
    assert run(page("<p>2023年5月12日08:19</p><p>[ 陈晨 ] 来源：[ 示例日报 ]</p>")).author == "陈晨"


def test_posted_by_on_a_blog():
    assert run(page("<p>由海风张贴 @ 2005-06-14 03:25:55</p>")).author == "海风"
