"""Class/id chrome removal: class names are evidence, but never outweigh what the text says.

Handwritten pages, one per failure class seen in real pages.
"""

from __future__ import annotations

from huiwen.extract import extract

_ZH_PARAGRAPHS = [
    "今年入冬以来，县里的蔬菜大棚迎来了收获季，种植户们每天清晨就开始采摘、分拣和装箱。",
    "技术员介绍说，新建的温室采用了滴灌和补光设备，产量比去年提高了三成左右，品质也更加稳定。",
    "合作社负责人表示，下一步将扩大种植面积，并与周边超市签订长期供货协议，带动更多农户增收。",
    "据统计，全县已有两千多户农民参与设施农业，人均年收入增加了四千多元，乡村面貌焕然一新。",
    "记者在采访中看到，冷库、分拣中心和物流站点已经连成一片，新鲜蔬菜当天就能运到省城的批发市场。",
    "不少外出务工的年轻人也回到家乡，有的学习种植技术，有的做起了网上销售，日子越过越有奔头。",
]

_EN_PARAGRAPHS = [
    "The city council voted on Tuesday to extend the night bus service to the northern suburbs, ending a two-year campaign by residents.",
    "Officials said the new routes would start in the spring, once drivers have been hired and trained, and would run every twenty minutes.",
    "Critics argued that the money should have gone to repairing roads, but the measure passed by a comfortable margin of seven votes to two.",
    "The transport department expects about four thousand extra journeys a week, most of them by shift workers travelling home after midnight.",
]


def _page(body: str, title: str = "标题") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def _menu(words: list[str]) -> str:
    return "<ul>" + "".join(f'<li><a href="/{i}">{w}</a></li>' for i, w in enumerate(words)) + "</ul>"


def test_article_under_a_weak_chrome_class_name_is_kept():
    # CMS editors wrap the story in e.g. class="xx_Editor"; "editor" alone would read as a credit box.
    article = "".join(f"<p>{text}</p>" for text in _ZH_PARAGRAPHS)
    html = _page(
        '<div class="nav">' + _menu(["首页", "新闻", "体育", "财经"]) + "</div>"
        + '<div class="links">' + _menu([f"友情链接网站名称第{i}个" for i in range(40)]) + "</div>"
        f'<div id="essay"><div class="CMS_Editor">{article}</div></div>'
        '<div id="used"><p>本站声明：未经授权，不得转载本站作品，违者将依法追究责任。</p></div>'
    )
    text = extract(html).text
    for paragraph in _ZH_PARAGRAPHS:
        assert paragraph in text
    assert "不得转载" not in text


def test_article_under_a_strong_chrome_word_in_a_compound_class_is_kept():
    # Drupal/WordPress name the body "field-type-text-with-summary", "content-with-sidebar",
    # "article-body pagination-first": the chrome word describes a neighbour, not the element.
    article = "".join(f"<p>{text}</p>" for text in _EN_PARAGRAPHS)
    html = _page(
        '<header><a href="/">Home</a></header>'
        f'<div class="content-with-sidebar"><div class="field field-type-text-with-summary">{article}</div></div>'
        '<div class="sidebar">' + _menu(["Most read one", "Most read two", "Most read three"]) + "</div>"
        + '<div class="site-map">' + _menu([f"Section of the site number {i}" for i in range(40)]) + "</div>",
        title="Night buses",
    )
    text = extract(html).text
    for paragraph in _EN_PARAGRAPHS:
        assert paragraph in text
    assert "Most read" not in text


def test_comment_thread_longer_than_the_article_is_removed():
    article = "".join(f"<p>{text}</p>" for text in _ZH_PARAGRAPHS[:2])
    replies = "".join(
        f'<div class="reply-head"># 回复：{i}楼 2004-12-27 12:{i:02d}</div>'
        f"<p>这篇写得真好，我也有同样的体会，希望以后多写一些这样的内容，第{i}次来看了。</p>"
        for i in range(1, 30)
    )
    html = _page(f'<div id="main"><div class="post"><h2>标题</h2>{article}</div><div id="comments">{replies}</div></div>')
    text = extract(html).text
    for paragraph in _ZH_PARAGRAPHS[:2]:
        assert paragraph in text
    assert "楼" not in text and "希望以后多写" not in text


def test_comment_wrapper_holding_the_article_is_not_removed():
    # A wrapper named after comments that holds a content-named child is a layout wrapper.
    article = "".join(f"<p>{text}</p>" for text in _EN_PARAGRAPHS)
    html = _page(f'<div class="comments-open"><div class="entry-content">{article}</div></div>', title="Night buses")
    text = extract(html).text
    for paragraph in _EN_PARAGRAPHS:
        assert paragraph in text


def test_prose_appeal_box_inside_the_article_is_still_removed():
    # Call-to-action boxes read like prose, so reading like prose does not save them.
    article = "".join(f"<p>{text}</p>" for text in _EN_PARAGRAPHS)
    appeal = (
        '<div class="widget widget-cta-letter"><p>A word to our readers. We do this work every day at no cost '
        "to you, but it is far from free to produce, and we cannot afford to slow down. Please consider "
        "becoming a member today, so that we can keep reporting for everyone.</p></div>"
    )
    html = _page(f'<article class="post">{article}{appeal}</article>', title="Night buses")
    text = extract(html).text
    assert _EN_PARAGRAPHS[-1] in text
    assert "becoming a member" not in text


def test_invisible_metadata_copy_is_dropped():
    article = "".join(f"<p>{text}</p>" for text in _EN_PARAGRAPHS)
    hidden = (
        '<div style="display: none" itemscope><div itemprop="headline">Night buses</div>'
        '<div itemprop="datePublished">2019-11-19T08:57:40+01:00</div><div itemprop="name">Jane Doe</div></div>'
    )
    html = _page(f"<article>{hidden}{article}</article>", title="Night buses")
    text = extract(html).text
    assert _EN_PARAGRAPHS[0] in text
    assert "2019-11-19T08" not in text and "Jane Doe" not in text


def test_hidden_continuation_of_the_story_is_kept():
    # "Read more" folds hide the rest of the story with display:none; it is still the story.
    shown = "".join(f"<p>{text}</p>" for text in _ZH_PARAGRAPHS[:2])
    folded = "".join(f"<p>{text}</p>" for text in _ZH_PARAGRAPHS[2:] * 2)
    html = _page(f'<div class="article">{shown}<div style="display:none">{folded}</div></div>')
    text = extract(html).text
    for paragraph in _ZH_PARAGRAPHS:
        assert paragraph in text


def test_teaser_list_of_other_stories_is_removed():
    # Each teaser is a linked headline plus an unlinked snippet: prose-like, but a listing.
    article = "".join(f"<p>{text}</p>" for text in _EN_PARAGRAPHS)
    teasers = "".join(
        f'<li><h5><a href="/s/{i}">Other headline number {i}</a></h5>'
        f"<p>November {i}, 2019 at 5:10 pm. The first sentence of another story, long enough to read as prose, goes here.</p></li>"
        for i in range(1, 4)
    )
    html = _page(f'<main><article class="post">{article}</article><div class="more-news"><ul>{teasers}</ul></div></main>', title="Night buses")
    text = extract(html).text
    assert _EN_PARAGRAPHS[-1] in text
    assert "another story" not in text


def test_more_information_part_of_the_article_is_kept():
    # In "article-main__more" the listing word follows the content word: a part of the article.
    article = "".join(f"<p>{text}</p>" for text in _EN_PARAGRAPHS)
    more = '<div class="article-main__more"><p>More information: J. Smith et al., Night transport in small cities, 2019.</p></div>'
    html = _page(f'<div class="article-main">{article}{more}</div>', title="Night buses")
    assert "Night transport in small cities" in extract(html).text


def test_verse_in_a_blog_engines_post_wrappers_is_kept():
    # Blogger: "widget Blog" > "date-outer" > "date-posts" > "post-body entry-content", and
    # lyrics end their lines with <br>, not punctuation. The sidebar outweighs the post.
    verse = "<br />".join(f"第{n}行歌词 在风里轻轻唱 Di {n} hang ge ci" for n in range(1, 31))
    sidebar = "".join(_menu([f"归档{n}月的文章列表" for n in range(1, 40)]) for _ in range(3))
    html = _page(
        f"<div class='widget Blog' id='Blog1'><div class='date-outer'><div class='date-posts'>"
        f"<h3 class='post-title entry-title'>只能想念你</h3><div class='post-body entry-content'>{verse}</div>"
        f"</div></div></div><div class='sidebar'><p>{'博主的自我介绍写在这里，欢迎常来看看。' * 30}</p>{sidebar}</div>",
        title="只能想念你",
    )
    text = extract(html).text
    assert "第1行歌词" in text and "第30行歌词" in text
    assert "博主的自我介绍" not in text
