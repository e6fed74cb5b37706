"""Body extraction: layout columns, captions, promos and end-of-article boxes.

Handwritten pages, one per failure class seen on real English and Chinese pages.
"""

from __future__ import annotations

from huiwen.extract import extract

EN = [
    "The city council voted on Tuesday to extend the night bus service to the northern suburbs, ending a two-year campaign by residents.",
    "Officials said the new routes would start in the spring, once drivers have been hired and trained, and would run every twenty minutes.",
    "Critics argued that the money should have gone to repairing roads, but the measure passed by a comfortable margin of seven votes to two.",
    "The transport department expects about four thousand extra journeys a week, most of them by shift workers travelling home after midnight.",
]
ZH = [
    "今年入冬以来，县里的蔬菜大棚迎来了收获季，种植户们每天清晨就开始采摘、分拣和装箱。",
    "技术员介绍说，新建的温室采用了滴灌和补光设备，产量比去年提高了三成左右，品质也更加稳定。",
    "合作社负责人表示，下一步将扩大种植面积，并与周边超市签订长期供货协议，带动更多农户增收。",
    "据统计，全县已有两千多户农民参与设施农业，人均年收入增加了四千多元，乡村面貌焕然一新。",
]


def _page(body: str, title: str = "Night buses") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def _links(prefix: str, count: int) -> str:
    return "<ul>" + "".join(f'<li><a href="/{i}">{prefix} story number {i} in the list</a></li>' for i in range(count)) + "</ul>"


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def test_layout_modifier_words_do_not_name_the_box():
    # "and-w-sidebar" / "has-sidebar": a wrapper that sits next to a sidebar, not the sidebar.
    for name in ("page-block and-w-sidebar", "layout has-sidebar", "wrap with-share"):
        html = _page(
            f'<div class="menu">{_links("Section", 100)}</div>'
            f'<div class="{name}"><div class="story-wrapper">{_paragraphs(EN)}</div>'
            f'<div class="rail">{_links("Popular", 40)}</div></div>'
        )
        text = extract(html).text
        assert all(paragraph in text for paragraph in EN), name


def test_layout_column_named_side_holding_a_short_story_is_kept():
    # "left-side" is the column the story sits in; the story is short next to the menus.
    story = EN[0] + " " + EN[1]
    html = _page(
        f'<div class="top">{_links("Menu", 30)}</div>'
        f'<div class="left-side"><h1>Night buses</h1><div class="article-inner-content">{story}</div>'
        f'{_links("Breaking", 25)}</div>'
        f'<div class="right-rail">{_links("Trending", 25)}</div>'
    )
    assert story in extract(html).text


def test_print_only_box_with_prose_is_not_protected_as_a_column():
    notice = (
        "This document is subject to copyright. Apart from any fair dealing for the purpose of private study or "
        "research, no part may be reproduced without the written permission. The content is provided for information."
    )
    html = _page(
        f'<article class="news-article"><div class="article-main">{_paragraphs(EN)}'
        f'<div class="d-none d-print-block"><div class="border text-muted">{notice}</div></div></div></article>'
    )
    text = extract(html).text
    assert EN[-1] in text
    assert "subject to copyright" not in text


def test_chinese_story_in_a_side_named_column_is_kept():
    html = _page(
        f'<div class="main-side"><div class="news-content">{_paragraphs(ZH)}</div>'
        f'<div class="list">{_links("新闻", 20)}</div></div>',
        title="蔬菜大棚",
    )
    text = extract(html).text
    assert all(paragraph in text for paragraph in ZH)


def test_captions_and_photo_credits_named_as_such_are_not_body():
    # A plain <figcaption> stays with its picture (our own labelled pages keep it); a box
    # the site itself names caption/credit is picture furniture.
    caption = "Officials inspect one of the new night buses at the depot on Monday, before the routes open to the public."
    html = _page(
        f'<article class="story"><p>{EN[0]}</p>'
        f'<figure><img src="/bus.jpg" width="600" height="400"><figcaption class="caption-text">{caption}</figcaption></figure>'
        f'<p>{EN[1]}</p><div class="image-wrap"><img src="/b.jpg"><div class="caption-full"><p>{caption} Photo: Jane Roe</p></div></div>'
        f'<p>{EN[2]}</p><span class="photo-credit">Jane Roe / City Press Agency</span><p>{EN[3]}</p></article>'
    )
    text = extract(html).text
    assert all(paragraph in text for paragraph in EN)
    assert "inspect one of the new night buses" not in text
    assert "City Press Agency" not in text


def test_chinese_captions_marked_as_captions_are_dropped():
    caption = "图为种植户在大棚里采摘新鲜蔬菜，准备装箱运往省城。"
    html = _page(
        f'<div class="article-content"><p>{ZH[0]}</p><div class="pic"><img src="/a.jpg">'
        f'<p class="pic-caption">{caption}</p></div>{_paragraphs(ZH[1:])}</div>',
        title="蔬菜大棚",
    )
    text = extract(html).text
    assert all(paragraph in text for paragraph in ZH)
    assert caption not in text


def test_hidden_schema_org_copy_of_the_story_is_dropped():
    # A display:none microdata item repeats the headline, keywords, dates and the story.
    copy = (
        '<div style="display:none;" itemscope itemtype="http://schema.org/NewsArticle">'
        '<h1 itemprop="name">Night buses</h1><div itemprop="keywords">buses,night,council,transport</div>'
        '<div itemprop="datePublished">2019-11-13T23:06:00+01:00</div>'
        f'<div itemprop="articleBody">{" ".join(EN)}</div></div>'
    )
    html = _page(f'<article class="story">{_paragraphs(EN)}{copy}</article>')
    text = extract(html).text
    assert all(paragraph in text for paragraph in EN)
    assert "2019-11-13T23:06:00" not in text
    assert "buses,night" not in text


def test_story_folded_behind_read_more_stays():
    html = _page(
        f'<article class="story">{_paragraphs(EN[:2])}'
        f'<div class="rest" style="display:none">{_paragraphs(EN[2:])}</div></article>'
    )
    text = extract(html).text
    assert all(paragraph in text for paragraph in EN)
