"""Content scoring: legal footer lines and repeated copies of the story (handwritten pages)."""

from __future__ import annotations

from huiwen.extract import extract

_PARAGRAPHS = [
    "今年入冬以来，县里的蔬菜大棚迎来了收获季，种植户们每天清晨就开始采摘、分拣和装箱。",
    "技术员介绍说，新建的温室采用了滴灌和补光设备，产量比去年提高了三成左右，品质也更加稳定。",
    "合作社负责人表示，下一步将扩大种植面积，并与周边超市签订长期供货协议，带动更多农户增收。",
]


def _menu(count: int) -> str:
    return "<ul>" + "".join(f'<li><a href="/{i}">栏目{i}</a></li>' for i in range(count)) + "</ul>"


def test_legal_footer_lines_next_to_the_story_are_not_body():
    story = "".join(f"<p>{text}</p>" for text in _PARAGRAPHS)
    footer = (
        "<div><p>某某日报网 京ICP备12345678号，经营许可证编号：京B-2-4-20030004。</p>"
        "<p>某某日报报业集团 版权所有，未经许可不得转载。</p>"
        "<p>互联网违法和不良信息举报电话：010-12345678；举报邮箱：jubao@example.cn</p></div>"
    )
    html = f"<html><body><div>{story}</div>{footer}</body></html>"
    text = extract(html).text
    for paragraph in _PARAGRAPHS:
        assert paragraph in text
    assert "ICP备" not in text and "版权所有" not in text and "举报电话" not in text


def test_a_second_copy_of_the_story_does_not_pull_the_menus_between_them_in():
    # Desktop and mobile layouts in one page: the same story twice, menus in between,
    # laid out differently (one <p> with <br> against one <p> per paragraph).
    first = "<div class='pc'><h1>标题</h1><p>" + "<br>".join(_PARAGRAPHS) + "</p></div>"
    second = "<div class='m'>" + "".join(f"<p>{text}</p>" for text in _PARAGRAPHS) + "</div>"
    menus = "<div class='menu'><p>政务服务</p><p>政民互动</p><p>统计数据</p><p>您还未登录，请登录后进行收藏！</p></div>"
    html = f"<html><body>{first}{menus}{_menu(3)}{second}</body></html>"
    text = extract(html).text
    for paragraph in _PARAGRAPHS:
        assert text.count(paragraph) == 1
    assert "登录" not in text and "政民互动" not in text
