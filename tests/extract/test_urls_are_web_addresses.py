"""Links the extractor hands out (images, lead image, canonical URL) are web addresses."""

from huiwen.extract import extract

PAGE = """<html><head><link rel="canonical" href="javascript:alert(1)">
<meta property="og:image" content="vbscript:msgbox(1)"></head><body><article>
<p>第一段正文足够长,用来让抽取器把这一块当作文章的主体,并检查其中的图片地址。</p>
<img src="javascript:alert(1)" alt="坏图"><img src="data:text/html,<script>alert(1)</script>" alt="也坏">
<img src="/pics/ok.jpg" alt="好图"><p>第二段正文同样足够长,保证这一块的内容完整地留在正文里。</p></article></body></html>"""


def test_only_http_urls_come_out():
    article = extract(PAGE, url="https://news.example.com/2025/a.html")
    assert [(b.src, b.alt) for b in article.blocks if b.type == "image"] == [("https://news.example.com/pics/ok.jpg", "好图")]
    assert article.canonical_url in (None, "https://news.example.com/2025/a.html")
    assert article.lead_image in (None, "https://news.example.com/pics/ok.jpg")
    assert "script" not in article.html
