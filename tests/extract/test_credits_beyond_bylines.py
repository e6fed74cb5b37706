"""Credits no byline line gives: a name list closing the story, the opening post of a
thread, author markup and blog archives, an official document's issuer, a person named as
the source, a 责任编辑 in the chrome, a date only a script knows. Pages written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from huiwen.extract import extract
from huiwen.extract._bylines import read_credits, take_trailing_credit

FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
PROSE = "这是正文的一段，讲述了本地社区的一项新举措，居民们普遍表示欢迎，也提出了一些建议。" * 2


def run(body: str, *, head: str = "", title: str = "社区推出便民服务新举措"):
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        f"<h1>{title}</h1>{body}</body></html>"
    )
    return extract(html, "https://news.example.cn/a/1.html", fetched_at=FETCHED)


@pytest.mark.parametrize(
    ("paragraph", "names", "rest"),
    [
        ("过一个祥和的新春佳节。（常某香 马某阳 ）", ["常某香", "马某阳"], "过一个祥和的新春佳节。"),
        ("活动取得圆满成功。(王某、李某某)", ["王某", "李某某"], "活动取得圆满成功。"),
    ],
)
def test_unlabelled_names_closing_the_story_are_its_reporters(paragraph, names, rest):
    assert take_trailing_credit(paragraph) == (names, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["会议在北京举行。（新华社）", "全文到此结束。（完）", "详见附件。（图片来源网络）", "会议在海川市召开（海川市）"],
)
def test_a_closing_bracket_that_is_not_names_stays_in_the_story(paragraph):
    assert take_trailing_credit(paragraph) == ([], paragraph)


def test_a_story_closed_by_its_reporters_names_has_them_as_authors():
    article = run(f"<div class='article'><p>{PROSE}</p><p>{PROSE}（常某香 马某阳）</p></div>")
    assert article.author == "常某香 马某阳"
    assert "常某香" not in article.text


def _post(text: str, poster: str, stamp: str) -> str:
    return (
        f"<tr><td><p>{text}</p><p>------------------------------</p>"
        f"<p>〓 明星话题 发布时间 {stamp} by <a href='user.php?id=1'>{poster}</a> 〓</p></td></tr>"
    )


def test_a_thread_is_read_as_its_opening_post():
    thread = "<table>" + _post(PROSE * 2, "louzhu", "2005/03/15 22:36:13") + "".join(
        _post(f"第{n}条回复：我不同意楼主的看法，理由如下。", f"reply{n}", f"2005/03/1{n} 10:00:00") for n in range(6, 9)
    ) + "</table>"
    article = run(thread)
    assert article.author == "louzhu"
    assert "回复" not in article.text
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == "2005-03-15 22:36"


def test_one_blogger_signing_every_entry_is_not_a_thread():
    entries = "".join(
        f"<div class='entry'><p>{PROSE}第{n}篇。</p><p>由海某张贴 @ 2005-06-1{n} 03:25:55</p></div>" for n in range(1, 4)
    )
    article = run(entries)
    assert article.author == "海某"
    assert "第3篇" in article.text


def test_rel_author_names_the_author():
    article = run(f"<div class='article'><p>{PROSE}</p><p>{PROSE}</p></div><p><a rel='author' href='/u/7'>林某某</a>的专栏</p>")
    assert article.author == "林某某"


def test_words_about_the_author_after_the_label_are_not_names():
    assert read_credits("作者主页 林某某").authors == ["林某某"]
    assert read_credits("作者简介 张某某").authors == ["张某某"]


def test_a_blogs_owner_is_the_author_most_archive_links_point_to():
    sidebar = "".join(
        f"<li><a href='/?m=2006{month:02d}&author=102'>{month}月 2006</a></li>" for month in range(1, 7)
    )
    html = (
        f"<div class='post'><p>{PROSE}</p><p>{PROSE}</p></div>"
        f"<div class='side'><a href='/?author=102' title='[太某心]的博客'>太某心</a><ul>{sidebar}</ul>"
        f"<p>最新评论：<a href='/?author=1470'>century</a></p></div>"
    )
    assert run(html).author == "太某心"


def test_a_list_of_bloggers_names_no_author():
    sidebar = "".join(f"<li><a href='/?author={n}'>博主{n}号</a></li>" for n in range(1, 6))
    html = f"<div class='post'><p>{PROSE}</p><p>{PROSE}</p></div><ul class='bloggers'>{sidebar}</ul>"
    assert run(html).author is None


def test_an_official_document_is_authored_by_its_issuing_body():
    index = (
        "<table class='xxgk'><tr><td>索 引 号：</td><td>11220000/2022-00426</td></tr>"
        "<tr><td>发文机关：</td><td>海川省人民政府</td></tr><tr><td>成文日期：</td><td>2022年01月27日</td></tr></table>"
    )
    article = run(f"{index}<div class='article'><p>{PROSE}</p><p>{PROSE}</p><p>特此通告。</p></div>",
                  title="海川省人民政府关于某工程建设范围的通告")
    assert article.author == "海川省人民政府"


def test_a_byline_beats_the_issuing_body_and_author_markup():
    index = "<table><tr><td>发文机关：海川省人民政府</td></tr></table>"
    article = run(f"{index}<p>作者：王某某</p><div class='article'><p>{PROSE}</p><p>{PROSE}</p></div><a rel='author' href='/u/1'>林某某</a>")
    assert article.author == "王某某"


@pytest.mark.parametrize(("source", "author"), [("尹某娟", "尹某娟"), ("金融界", None), ("海外网", None), ("新华社", None)])
def test_a_person_credited_as_the_source_wrote_it(source, author):
    article = run(f"<div class='article'><p>{PROSE}</p><p>{PROSE}</p><p>来源: {source}</p></div>")
    assert article.source == source
    assert article.author == author


def test_commentators_closing_an_editorial_are_its_authors():
    assert take_trailing_credit("才有这座英雄的城！（评论员 罗某 萧某川）") == (["罗某", "萧某川"], "才有这座英雄的城！")
    assert read_credits("本报评论员 李某某").authors == ["李某某"]


def test_the_responsible_editor_is_found_in_the_chrome_after_the_story():
    tags = "<div class='p-tags'><span class='p-jc'><a href='#'>【纠错】</a> 责任编辑： 焦某 </span></div>"
    article = run(f"<div class='article'><p>{PROSE}</p><p>{PROSE}</p></div>{tags}<div class='nav'>编辑推荐 热门</div>")
    assert article.editor == "焦某"
    assert article.author is None


def test_an_organisation_declared_as_json_ld_author_is_not_a_person():
    ld = '{"@type": "Article", "headline": "金某国", "author": {"@type": "Organization", "name": "维基媒体项目贡献者"}}'
    article = run(f"<div class='article'><p>{PROSE}</p></div>", head=f"<script type='application/ld+json'>{ld}</script>")
    assert article.author is None
    person = ld.replace('"Organization"', '"Person"').replace("维基媒体项目贡献者", "林某某")
    assert run(f"<div class='article'><p>{PROSE}</p></div>", head=f"<script type='application/ld+json'>{person}</script>").author == "林某某"


@pytest.mark.parametrize(
    "script",
    ['var ct = "1683858000";', "var createTime = '2023-05-12 10:20';", 'window.DATA = {publishTime: "2023-05-12 10:20:00"};'],
)
def test_a_date_only_a_script_knows(script):
    article = run(f"<div class='article'><em id='publish_time'></em><p>{PROSE}</p><p>{PROSE}</p></div><script>{script}</script>")
    assert article.published_at.isoformat() == "2023-05-12T10:20:00+08:00"


def test_a_script_date_never_beats_the_date_the_page_prints():
    article = run(f"<div class='info'>2023-05-11 09:00</div><div class='article'><p>{PROSE}</p></div><script>var ct = \"1683858000\";</script>")
    assert article.published_at.isoformat() == "2023-05-11T09:00:00+08:00"


def test_a_discuz_post_header_names_the_poster():
    header = read_credits("溪畔某陈 | 只看该作者 | 发表于 2023-2-18 21:07 |倒序浏览")
    assert header.authors == ["溪畔某陈"] and header.is_post_signature
    assert read_credits("新闻 | 体育 | 发表于 2023-2-18 21:07").authors == []


def test_a_thread_signed_above_each_post_is_read_as_the_opening_post():
    def post(poster, text):
        return f"<div class='post'><p>{poster} | 只看该作者 | 发表于 2023-2-18 21:07</p><p>{text}</p></div>"

    thread = (
        post("溪畔某陈", PROSE * 2) + post("青石某路", "请问景区观光车多少钱一位？老人有优惠吗？")
        + post("溪畔某陈", "观光车单程二十元，老人免费。")
    )
    article = run(f"<p>查看: 3218|回复: 3</p>{thread}")
    assert article.author == "溪畔某陈"
    assert "观光车" not in article.text and "只看该作者" not in article.text


def test_a_posts_own_footer_signs_it_but_the_sites_footer_does_not():
    html = (
        f"<div class='post'><p>{PROSE}</p><p>{PROSE}</p></div>"
        "<table><tr><td class='post-footer'><em>由海某张贴 @ 2005-06-14 03:25:55</em> (370) 评论</td></tr></table>"
        "<div class='footer'><p>主编：网站某某 联系我们</p></div>"
    )
    article = run(html)
    assert article.author == "海某" and article.editor is None
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == "2005-06-14 03:25"


def test_a_blog_post_signed_under_its_last_paragraph():
    html = (
        f"<div class='post'><p>{PROSE}</p><p>{PROSE}最后一段。</p></div>"
        "<div id='MySignature'><p>关于博主：喜欢写代码</p></div>"
        "<div class='postDesc'>posted @ <span>2023-04-03 21:15</span>&nbsp; <a href='/u'>陆某舟</a>&nbsp; 阅读(1532)</div>"
    )
    assert run(html).author == "陆某舟"
