"""What a reader sees: every element of the seed page, on every page the furniture."""

from __future__ import annotations

import pytest
from django.utils import timezone

from huiwen.news.models import Article
from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings


@pytest.fixture
def furniture(db):
    site = SiteSettings.current()
    site.site_name = "测试资讯"
    site.copyright_notice = "版权声明:本站部分文章来自互联网,如内容侵权请联系删除!"
    site.takedown_contact = "邮箱:rights@example.org"
    site.save()
    PromoCard.objects.create(name="欧易", localized_name="欧易(OKX)", tagline="合约交易", url="https://okx.example.com/", badge_text="OKX")
    PromoCard.objects.create(name="过期", localized_name="过期(Old)", tagline="已结束", url="https://old.example.com/",
                             ends_at=timezone.now() - timezone.timedelta(days=1))
    PromoCard.objects.create(name="停用", localized_name="停用(Off)", tagline="未启用", url="https://off.example.com/", active=False)
    FriendlyLink.objects.create(name="邻站新闻", url="https://friend.example.net/")
    return site


def test_article_page_shows_every_seed_element(client, furniture, make_article):
    article = make_article(summary="城东新区老旧小区改造提前完成。")
    html = client.get(article.get_absolute_url()).content.decode()

    local = timezone.localtime(article.published_at)
    assert f"<title>{article.title}_测试资讯</title>" in html
    assert '<h1 class="article-title">城东新区完成老旧小区改造</h1>' in html
    assert local.strftime("%Y-%m-%d %H:%M:%S") in html
    assert '<span class="view-count">0</span>' in html
    assert "摘要:</strong>城东新区老旧小区改造提前完成。" in html
    assert '<span class="author">林晓 周航</span>' in html
    assert '<p class="article-subtitle">三年计划提前收官</p>' in html
    assert "<h2>加装电梯 出行更方便</h2>" in html
    assert "编辑:<span>许明</span>" in html
    assert 'href="https://news.example.com/2026/11/01/renovation.html"' in html and "江城晚报" in html
    assert "版权声明:本站部分文章来自互联网" in html and 'href="/takedown/"' in html


@pytest.mark.parametrize("path", ["/", "/category/local/", "/takedown/", "/article/424242.html"])
def test_every_page_has_live_promo_cards_and_friendly_links(client, furniture, make_article, path):
    make_article()
    response = client.get(path)
    html = response.content.decode()
    # Clicks go through /go/<slug>/, which counts them (tests/web/test_promo_clicks.py).
    assert '<a class="promo-card" href="/go/okx/" rel="sponsored nofollow"' in html
    assert "欧易(OKX)" in html and "合约交易" in html
    assert "过期(Old)" not in html and "停用(Off)" not in html
    assert "友情链接" in html and "https://friend.example.net/" in html


def test_home_lists_latest_and_hot(client, furniture, make_article):
    older = make_article(title="较早的热门文章", published_at=timezone.now() - timezone.timedelta(days=3))
    Article.objects.filter(pk=older.pk).update(view_count=900)
    make_article(title="最新的冷门文章")
    make_article(title="草稿不该出现", status=Article.Status.DRAFT)
    make_article(title="定时发布未到", published_at=timezone.now() + timezone.timedelta(days=1))
    html = client.get("/").content.decode()
    latest = html.index('class="content"')
    assert html.index("最新的冷门文章", latest) < html.index("较早的热门文章", latest)
    hot = html.index('class="hot"')
    assert html.index("较早的热门文章", hot) < html.index("最新的冷门文章", hot)
    assert "草稿不该出现" not in html and "定时发布未到" not in html


def listing_of(html: str) -> str:
    """The article list of a page, without the hot-articles sidebar."""
    return html[html.index('class="content"'):html.index('class="sidebar"')]


def test_tag_and_category_pages_filter(client, furniture, make_article):
    from huiwen.news.models import Category, Tag

    tagged = make_article(title="有标签的文章")
    tag = Tag.objects.create(name="城市更新")
    tagged.tags.add(tag)
    make_article(title="别的栏目文章", category=Category.objects.create(slug="tech", name="科技"))
    tag_html = listing_of(client.get(tag.get_absolute_url()).content.decode())
    assert "有标签的文章" in tag_html and "别的栏目文章" not in tag_html
    category_html = listing_of(client.get("/category/tech/").content.decode())
    assert "别的栏目文章" in category_html and "有标签的文章" not in category_html


def test_listing_pages_are_paths_and_old_page_links_move_there(client, furniture, make_article):
    for number in range(17):
        make_article(title=f"分页文章{number:02d}")
    first = client.get("/").content.decode()
    assert "第 1 / 2 页" in first and 'href="/page/2/"' in first
    second = client.get("/page/2/").content.decode()
    assert "第 2 / 2 页" in second and 'rel="prev" href="/"' in second
    assert client.get("/?page=2")["Location"] == "/page/2/"
    assert client.get("/page/1/")["Location"] == "/"
    for query in ["?page=abc", "?page=-1", "?page=99999999999999999999", "?page=%FF%FE", "?page=1&page=x", "?%ZZ=1"]:
        response = client.get("/" + query)
        assert response.status_code == 301 and response["Location"] == "/", query
    assert client.get("/page/3/").status_code == 404
    assert client.get("/page/0/")["Location"] == "/"


def test_unknown_hidden_and_removed_articles(client, furniture, make_article):
    assert client.get("/article/999999.html").status_code == 404
    assert client.get("/article/abc.html").status_code == 404
    assert client.get("/category/no-such/").status_code == 404
    hidden = make_article(status=Article.Status.HIDDEN)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    removed = make_article(status=Article.Status.REMOVED)
    response = client.get(removed.get_absolute_url())
    assert response.status_code == 410
    assert "应权利人要求" in response.content.decode()


def test_takedown_page_shows_contact(client, furniture):
    html = client.get("/takedown/").content.decode()
    assert "rights@example.org" in html


def test_english_is_under_en_and_the_language_never_depends_on_the_browser(client, furniture, make_article):
    article = make_article()
    chinese = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="zh-CN">' in chinese.content.decode() and "Accept-Language" not in chinese.get("Vary", "")
    assert f'href="/en/article/{article.pk}.html"' in chinese.content.decode()
    english = client.get(f"/en/article/{article.pk}.html", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in english
    assert "Editor:" in english and "Source:" in english
    assert f'href="/article/{article.pk}.html"' in english and 'href="/en/"' in english


# Not /takedown/: the takedown form is the one reader page with CSRF (its cookie), and
# it is never published (tests/takedown).
@pytest.mark.parametrize("path", ["/", "/en/", "/category/local/", "/page/1/", "/rss.xml"])
def test_anonymous_pages_set_no_cookie(client, furniture, make_article, path):
    article = make_article()
    for url in [path, f"/article/{article.pk}.html", f"/en/article/{article.pk}.html"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert not response.cookies and "Set-Cookie" not in response, url


def test_rss_feed_lists_published_articles(client, furniture, make_article):
    make_article(title="进入订阅的文章")
    make_article(title="草稿不进订阅", status=Article.Status.DRAFT)
    xml = client.get("/rss.xml").content.decode()
    assert "进入订阅的文章" in xml and "草稿不进订阅" not in xml
