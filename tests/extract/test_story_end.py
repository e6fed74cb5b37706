"""What closes a story on Chinese platforms and must not reach the body: end markers with
the credits under them, QR-card titles, platform disclaimers. Pages written for these tests."""

from __future__ import annotations

from huiwen.extract import extract

PARAGRAPHS = [
    f"这是正文的第{n}段，讲述了本地社区的一项新举措，居民们普遍表示欢迎，也提出了一些建议。" * 2 for n in "一二三"
]
STORY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)


def run(body: str):
    html = (
        "<html><head><meta charset='utf-8'><title>社区推出便民服务新举措</title></head><body>"
        f"<h1>社区推出便民服务新举措</h1><div class='rich_media_content'>{body}</div></body></html>"
    )
    return extract(html, "https://news.example.cn/a/1.html")


def test_after_an_end_marker_only_the_credits_count():
    article = run(
        f"{STORY}<section>- END -</section>"
        "<p>文字 | 林某岚</p><p>编辑 | 丁某鸣</p><img src='/qr.png' alt='图片'><p>点个“在看”，把好故事分享给更多人</p>"
    )
    assert article.text.endswith("建议。")
    assert (article.author, article.editor) == ("林某岚", "丁某鸣")
    assert not [block for block in article.blocks if block.type == "image"]


def test_an_end_word_early_in_the_story_is_not_the_end():
    article = run(f"<p>完</p>{STORY}")
    assert article.text.count("建议。") == 6


def test_qr_card_title_and_platform_disclaimer_are_furniture():
    article = run(
        f"{STORY}<p>新浪新闻公众号</p><p>更多精彩内容请扫码关注</p>"
        "<p>平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</p>"
    )
    assert "公众号" not in article.text and "声明" not in article.text
    assert article.text.count("建议。") == 6


def test_a_summary_box_repeating_the_lead_sentence_is_not_a_paragraph():
    lead = "12月3日傍晚，临河县三个镇的首批乡村夜市同时开市。"
    article = run(f"<div class='intro'>{lead}</div><p>{lead}{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>")
    assert article.text.count(lead) == 1
    assert article.blocks[0].text.startswith(lead) and len(article.blocks[0].text) > len(lead)


def test_a_dedecms_divider_is_not_a_heading():
    article = run(f"{STORY}<div class='boxoff'><strong>------分隔线----------------------------</strong></div>")
    assert "分隔线" not in article.text


def test_forum_software_notices_are_furniture():
    article = run(
        f"<p>查看: 3218|回复: 3</p><p>本帖最后由 溪畔某陈 于 2023-2-18 21:15 编辑</p>{STORY}"
        "<p>本帖子中包含更多资源</p><p>您需要 登录 才可以下载或查看，没有帐号？立即注册</p>"
    )
    assert [block.text for block in article.blocks] == PARAGRAPHS


def test_finance_risk_notices_and_breadcrumbs_are_furniture():
    article = run(
        f"{STORY}<p>金色财经 &gt; 资讯 &gt; 本文</p><p>风险提示：防范以“虚拟货币”“区块链”名义进行非法集资的风险。</p>"
        "<p>*本文仅代表作者观点，不代表本站立场，不构成任何投资建议。</p>"
        "<p>某某网发布此信息的目的在于传播更多信息，与本站立场无关。</p><p>某某财富APP 免费炒股软件 立即下载</p>"
    )
    assert [block.text for block in article.blocks] == PARAGRAPHS


def test_preformatted_code_keeps_its_lines_and_indentation():
    code = "def parse(text):\n    for fmt in FORMATS:\n        return fmt"
    article = run(f"{STORY}<pre><code>{code}</code></pre>")
    assert article.blocks[-1].type == "code" and article.blocks[-1].text == code
    assert "<pre><code>def parse(text):\n    for fmt" in article.html
