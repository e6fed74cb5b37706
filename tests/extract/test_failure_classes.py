"""The failure classes of extraction round 3 (issue 12), each fixed by structure, position
or shape: inline links in running text, interview transcripts, end-of-article furniture,
style-sheet text, a comment list or a stray label taken for the body, and titles. Pages written for these
tests; the whole-page versions are bench/extract/own/class-*.html."""

from __future__ import annotations

from huiwen.extract import extract

URL = "https://news.example.cn/a/1.html"
PARAGRAPHS = [
    f"这是正文的第{n}段，讲述了本地社区的一项新举措，居民们普遍表示欢迎，也提出了一些建议。" for n in "一二三"
]
STORY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)


def run(body: str, *, title: str = "社区推出便民服务新举措", head: str = "", headline: str | None = None):
    headline = f"<h1>{title}</h1>" if headline is None else headline
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        f"{headline}<div class='article'>{body}</div></body></html>"
    )
    return extract(html, URL)


def paragraphs(article) -> list[str]:
    return [block.text for block in article.blocks if block.text]


# --- inline links -------------------------------------------------------------------


def test_a_coloured_keyword_link_stays_in_its_sentence():
    article = run(
        "<p>今年建材价格回落，包括<a href='/data/1.html'><font color='#336699'>钢材</font></a>、"
        "<a href='/data/2.html'><font color='#336699'><u>水泥</u></font></a>在内的多数品种环比下降。</p>" + STORY
    )
    assert paragraphs(article)[0] == "今年建材价格回落，包括钢材、水泥在内的多数品种环比下降。"


def test_a_coloured_word_without_a_link_does_not_cut_the_paragraph():
    article = run("<p>他说：<font color='red'>一定要坚持下去</font>，这是大家的心愿。</p>" + STORY)
    assert paragraphs(article)[0] == "他说：一定要坚持下去，这是大家的心愿。"


def test_a_font_standing_between_lines_still_makes_its_own_line():
    article = run(f"<font size='3'>第一部分的标题</font><br>{STORY}")
    assert paragraphs(article)[0] == "第一部分的标题"


# --- interviews ---------------------------------------------------------------------


def test_an_interview_keeps_its_speaker_lines():
    turns = ["记者：为什么？", "张某：为了孩子。", "记者：这些年最难的是什么？", "张某：书不够新，孩子们看完一遍就想要新的。",
             "问：以后呢？", "答：想开到邻村去。", "问：具体呢？", "答：先放一个书架。"]
    article = run(STORY[: STORY.index("</p>") + 4] + "".join(f"<p>{turn}</p>" for turn in turns))
    assert paragraphs(article)[1:] == turns
    assert article.author is None


def test_a_byline_under_the_headline_is_still_read_in_an_interview():
    turns = "".join(f"<p>{turn}</p>" for turn in ["记者：您好，请介绍一下。", "王某：好的，我们成立十年了。"] * 2)
    article = run(f"<p>记者 李明</p>{STORY}{turns}")
    assert article.author == "李明"
    assert "记者：您好，请介绍一下。" in paragraphs(article)


def test_one_labelled_line_is_a_credit_not_a_conversation():
    article = run(f"{STORY}<p>记者：张三</p><p>编辑：李四</p>")
    assert (article.author, article.editor) == ("张三", "李四")
    assert paragraphs(article) == PARAGRAPHS


# --- end-of-article furniture -------------------------------------------------------


def test_the_furniture_after_the_story_goes_by_its_shape():
    article = run(
        STORY + "<p>（本报稿件，谢绝转载）</p>"
        "<p>欢迎关注<a href='https://social.example.com/x'>本报官方账号</a>，第一时间获取资讯。</p>"
        "<p>我来说两句</p><p>评论加载中...</p><p>1、请遵守有关法律法规，文明上网。</p>"
        "<p>网友发言仅代表其个人观点，不代表本网立场。</p><p>新闻热线：0760-88886666 传真：0760-88886667</p>"
    )
    assert paragraphs(article) == PARAGRAPHS


def test_a_rating_prompt_and_its_buttons_go():
    article = run(STORY + "<p>这篇文章对你有帮助吗？</p><p>有帮助</p><p>没帮助</p>")
    assert paragraphs(article) == PARAGRAPHS


def test_credits_and_a_short_closing_sentence_survive_the_furniture():
    article = run(STORY + "<p>他笑着说：“值了。”</p><p>（记者 胡晓蓉）</p><p>投稿邮箱：news@example.cn</p>")
    assert paragraphs(article) == [*PARAGRAPHS, "他笑着说：“值了。”"]
    assert article.author == "胡晓蓉"


def test_a_story_that_links_within_its_own_site_is_not_furniture():
    linked = "此外，<a href='/wiki/a'>车太铉</a>、<a href='/wiki/b'>张赫</a>为著名的俱乐部成员。"
    article = run(STORY + f"<p>{linked}</p><p>音乐作品<a href='/edit'>[编辑]</a></p>")
    assert "此外，车太铉、张赫为著名的俱乐部成员。" in paragraphs(article)


def test_a_note_under_a_signed_document_is_part_of_it():
    article = run(STORY + "<p>示例省人民政府</p><p>2024年3月5日</p><p>（此件公开发布）</p>")
    assert paragraphs(article)[-1] == "（此件公开发布）"


def test_an_english_bracketed_credit_is_not_a_notice():
    story = "".join(f"<p>{'The council approved the plan on Monday after a long debate. ' * 3}</p>" for _ in range(3))
    article = run(story + "<p>(Reporting by Jane Roe; Editing by John Doe)</p>", title="Council approves plan")
    assert article.text.endswith("(Reporting by Jane Roe; Editing by John Doe)")


# --- style sheets -------------------------------------------------------------------


def test_style_sheet_text_in_the_body_goes():
    css = ".TRS_Editor P{margin-top:0;line-height:1.5;font-family:宋体;}.TRS_Editor DIV{font-size:12pt;}"
    article = run(f"<div>{css}</div>{STORY}")
    assert paragraphs(article) == PARAGRAPHS


def test_a_sentence_with_braces_is_not_a_style_sheet():
    text = "公式写作 {a: 1} 的形式，在程序里表示一个映射，这一点初学者常常弄混。"
    article = run(f"<p>{text}</p>{STORY}")
    assert paragraphs(article)[0] == text


# --- comments taken for the body ----------------------------------------------------


def _comments(count: int) -> str:
    return "".join(
        f"<div class='pl_item'><div><a href='/u/{n}'>网友{n}号</a> 2012-07-03 1{n % 10}:0{n % 6}</div>"
        f"<div>这条路早就该修了，每次下雨都积水，孩子上学只能绕远路，希望这次能一次修好，第{n}次留言。</div></div>"
        for n in range(count)
    )


def test_comments_after_the_story_are_cut_off_with_their_heading():
    article = run(f"{STORY}<div class='pl_hd'>网友留言（6）</div>{_comments(6)}")
    assert paragraphs(article) == PARAGRAPHS


def test_a_comment_list_outweighing_a_short_story_is_not_the_body():
    links = "<ul>" + "".join(f"<li><a href='/a/{n}.html'>城南片区第{n}批道路改造项目公示名单</a></li>" for n in range(6)) + "</ul>"
    article = run(f"{STORY}</div>{links}<div class='pl_wrap'>{_comments(10)}")
    assert paragraphs(article) == PARAGRAPHS


def _story_above_links(links: int) -> str:
    lines = "".join(f"　　{text}<br>" for text in PARAGRAPHS)
    listed = "".join(f"<a href='/a/{n}.html'>全市第{n}批中小学校舍改造项目完工验收，新学期启用</a><br>" for n in range(links))
    return f"<div id='zoom'>{lines}<br>{listed}</div>"


def test_a_story_written_above_a_longer_link_list_in_one_element_is_the_body():
    # The lines share one element with more link text than story: judged whole it is a
    # link list, and the player's label next to it used to be returned as the body.
    embed = "<div class='flash'><embed src='/v/player.swf'><p>视频：新校园航拍</p></div>"
    article = run(f"{embed}{_story_above_links(8)}")
    assert paragraphs(article) == PARAGRAPHS


def test_a_link_list_with_a_short_line_of_prose_stays_a_link_list():
    # One short sentence among links is no story: the element still scores as links,
    # and the story in its own element wins.
    listed = "".join(f"<a href='/a/{n}.html'>全市第{n}批中小学校舍改造项目完工验收，新学期启用</a><br>" for n in range(8))
    article = run(f"{STORY}</div><div class='links'>更多新闻请点击以下链接：<br>{listed}")
    assert paragraphs(article) == PARAGRAPHS


# --- titles -------------------------------------------------------------------------


def test_a_title_holding_only_the_site_name_yields_to_the_heading():
    article = run(
        STORY, title="北港日报电子报",
        headline="<div><a href='/'>北港日报电子报</a></div><h2 class='news-title'>港区夜市试办行人徒步区</h2>",
    )
    assert article.title == "港区夜市试办行人徒步区"


def test_the_printed_part_of_the_title_wins_whatever_the_separator():
    for declared in ("东岸快讯：滨海公路恢复通行", "滨海公路恢复通行 财经", "滨海公路恢复通行_青禾县人民政府",
                     "滨海公路恢复通行 - 东岸电子报 即时新闻"):
        article = run(STORY, title=declared, headline="<div class='bt'>滨海公路恢复通行</div>")
        assert article.title == "滨海公路恢复通行", declared


def test_a_keyword_list_after_the_headline_goes():
    article = run(STORY, title="新能源公交车年内覆盖主城区 - 新能源 , 公交车 , 主城区 , 节能减排", headline="")
    assert article.title == "新能源公交车年内覆盖主城区"


def test_a_headline_with_its_own_separator_is_kept_whole():
    article = run(STORY, title="专访：他用十年守护一座图书馆", headline="<p class='x'>专访</p>")
    assert article.title == "专访：他用十年守护一座图书馆"
