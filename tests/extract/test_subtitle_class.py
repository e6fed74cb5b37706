"""A subtitle marked by its class is found however the class name is cased."""

import pytest

from huiwen.extract import extract

_STORY = "正文内容，写得很长。" * 30


@pytest.mark.parametrize("name", ["subtitle", "Sub-Title", "SUBHEAD", "article-deck", "ſubtitle", "vİce-title", "fubıaoti"])
def test_subtitle_class_spellings(name):
    # ſ, İ and ı match s and i case-insensitively; the quick page-wide check must agree.
    html = f'<html><head><title>标题</title></head><body><h1>标题</h1><div class="{name}">副标题在这里</div><p>{_STORY}</p></body></html>'
    assert extract(html).subtitle == "副标题在这里"


def test_no_subtitle_class():
    html = f'<html><head><title>标题</title></head><body><h1>标题</h1><div class="intro">不是副标题</div><p>{_STORY}</p></body></html>'
    assert extract(html).subtitle != "不是副标题"
