"""Rendering a reader page costs a fixed, small number of queries: site furniture, the hot
list and listing page counts are kept in the process and dropped when they change —
by a save, by a promo card's window opening or closing, by the hot-list period ending.

Speed itself is measured by bench/serve/render.py, not here."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from conftest import database_url
from django.db import transaction
from django.utils import timezone, translation

from huiwen.news import listings
from huiwen.news.models import Article, Category, Tag
from huiwen.portal.generations import forget_all
from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings


@pytest.fixture(autouse=True)
def nothing_kept():
    """Start and end with nothing kept in this process (other test modules' rolled-back
    rows are dropped by the rollback detection; this makes each test here independent)."""
    forget_all()
    yield
    forget_all()


@pytest.fixture
def furniture(db):
    site = SiteSettings.current()
    site.site_name = "测试资讯"
    site.save()
    PromoCard.objects.create(name="欧易", localized_name="欧易(OKX)", tagline="合约交易", url="https://okx.example.com/")
    FriendlyLink.objects.create(name="邻站新闻", url="https://friend.example.net/")
    return site


def url(row) -> str:
    # The language of the last request stays active in this thread; reader URLs here are
    # the Chinese ones.
    with translation.override("zh-hans"):
        return row.get_absolute_url()


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code in (200, 410), (path, response.status_code)
    return response.content.decode()


@pytest.fixture
def frozen_now():
    """Move the clock: ``frozen_now(moment)`` makes timezone.now() answer ``moment``."""
    patcher = None

    def freeze(moment: datetime) -> None:
        nonlocal patcher
        if patcher:
            patcher.stop()
        patcher = mock.patch("django.utils.timezone.now", return_value=moment)
        patcher.start()

    yield freeze
    if patcher:
        patcher.stop()


# --- queries per render ------------------------------------------------------------------


def test_article_page_renders_in_at_most_three_queries(client, furniture, make_article, django_assert_max_num_queries):
    article = make_article()
    article.tags.add(Tag.objects.create(name="城市更新"), Tag.objects.create(name="AI/大模型"))
    html(client, url(article))  # furniture and hot list now kept
    with django_assert_max_num_queries(3):
        page = html(client, url(article))
    assert "城东新区完成老旧小区改造" in page and "#AI/大模型" in page and "欧易(OKX)" in page and "测试资讯" in page


@pytest.mark.parametrize("path", ["/", "/category/local/", "/page/2/", "/en/"])
def test_listing_pages_render_in_at_most_two_queries(client, furniture, make_article, django_assert_max_num_queries, path):
    for number in range(20):
        make_article(title=f"列表文章{number:02d}")
    html(client, path)
    with django_assert_max_num_queries(2):  # the category (on its page) and the page of articles
        page = html(client, path)
    assert "列表文章" in page and 'class="pagination"' in page


def test_tag_page_and_removed_article_stay_cheap(client, furniture, make_article, django_assert_max_num_queries):
    tag = Tag.objects.create(name="城市更新")
    make_article().tags.add(tag)
    removed = make_article(status=Article.Status.REMOVED)
    for path in [url(tag), url(removed)]:
        html(client, path)
    with django_assert_max_num_queries(2):
        assert "城东新区完成老旧小区改造" in html(client, url(tag))
    with django_assert_max_num_queries(1):  # the article, no tags for a 410
        assert "应权利人要求" in html(client, url(removed))


# --- changes show on the next render -------------------------------------------------------


def change_promo_card(furniture):
    PromoCard.objects.create(name="币安", localized_name="币安(Binance)", tagline="现货", url="https://bn.example.com/")
    return "币安(Binance)", True


def remove_promo_card(furniture):
    PromoCard.objects.get(name="欧易").delete()
    return "欧易(OKX)", False


def deactivate_friendly_link(furniture):
    link = FriendlyLink.objects.get()
    link.active = False
    link.save()
    return "邻站新闻", False


def add_category(furniture):
    Category.objects.create(slug="tech", name="科技频道", order=9)
    return "科技频道", True


def rename_site(furniture):
    furniture.site_name = "新名字资讯"
    furniture.save()
    return "新名字资讯", True


@pytest.mark.parametrize("change", [change_promo_card, remove_promo_card, deactivate_friendly_link, add_category, rename_site])
def test_a_saved_change_shows_on_the_next_render(client, furniture, make_article, change):
    article = make_article()
    for path in ["/", url(article)]:
        html(client, path)
    text, shown = change(furniture)
    for path in ["/", url(article), "/en/"]:
        assert (text in html(client, path)) is shown, path


def bump_in_another_process(generation: str) -> None:
    """What a save does in another process (a worker, another web worker): bump the
    generation, for this same database and data dir."""
    code = ("import django; django.setup(); from huiwen.portal.generations import Generation; "
            f"Generation({generation!r}).bump()")
    env = {**os.environ, "HUIWEN_DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "huiwen.settings"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)


def test_a_change_by_another_process_shows_on_the_next_render(client, furniture, make_article, settings):
    """The other process bumps the generation (a file in the data dir, or a Redis key);
    this process notices on its next render, well before the TTL."""
    settings.FURNITURE_SECONDS = 3600
    for number in range(15):
        make_article(title=f"别处{number:02d}")
    assert "测试资讯" in html(client, "/") and "第 1 /" not in html(client, "/")
    # Changes this process sends no signal for, as if they were saved elsewhere.
    SiteSettings.objects.filter(pk=furniture.pk).update(site_name="别处改的名字")
    Article.objects.bulk_create([Article(title="别处发布", body_html="<p>正文</p>", status=Article.Status.PUBLISHED,
                                         published_at=timezone.now() - timedelta(minutes=1))])
    assert "测试资讯" in html(client, "/") and "第 1 /" not in html(client, "/")  # still the kept copies
    bump_in_another_process("furniture")
    assert "别处改的名字" in html(client, "/") and "第 1 /" not in html(client, "/")
    bump_in_another_process("articles")
    assert "第 1 / 2 页" in html(client, "/")


def test_a_rolled_back_change_does_not_stay_kept(client, furniture):
    assert "欧易(OKX)" in html(client, "/")
    with pytest.raises(RuntimeError), transaction.atomic():
        PromoCard.objects.create(name="回滚", localized_name="回滚(Undone)", tagline="不该留下", url="https://x.example.com/")
        assert "回滚(Undone)" in html(client, "/")  # rendered inside the transaction
        raise RuntimeError("roll back")
    assert "回滚(Undone)" not in html(client, "/")


def test_many_saves_in_one_transaction_queue_one_bump_for_its_commit(client, furniture, make_article):
    from huiwen.portal import generations

    before = len(generations._pending)
    with transaction.atomic():
        for number in range(50):
            make_article(title=f"批量导入{number:02d}")
        assert len(generations._pending) - before <= 2  # one per generation, not one per save
        assert "批量导入49" in html(client, "/")


def test_furniture_expires_after_its_ttl(client, furniture, settings, frozen_now):
    settings.FURNITURE_SECONDS = 60
    start = timezone.now()
    frozen_now(start)
    assert "测试资讯" in html(client, "/")
    SiteSettings.objects.filter(pk=furniture.pk).update(site_name="无信号的修改")
    frozen_now(start + timedelta(seconds=59))
    assert "测试资讯" in html(client, "/")
    frozen_now(start + timedelta(seconds=60))
    assert "无信号的修改" in html(client, "/")


# --- changes by time alone ---------------------------------------------------------------


def test_promo_card_window_opens_and_closes_without_a_save(client, furniture, settings, frozen_now):
    settings.FURNITURE_SECONDS = 3600  # only the window's own edges may expire the copy
    start = timezone.now()
    opens, closes = start + timedelta(minutes=10), start + timedelta(minutes=20)
    PromoCard.objects.create(name="限时", localized_name="限时(Timed)", tagline="十分钟后上线", url="https://t.example.com/",
                             starts_at=opens, ends_at=closes)
    frozen_now(start)
    assert "限时(Timed)" not in html(client, "/")
    frozen_now(opens - timedelta(microseconds=1))
    assert "限时(Timed)" not in html(client, "/")
    frozen_now(opens)
    assert "限时(Timed)" in html(client, "/")
    frozen_now(closes - timedelta(seconds=1))
    assert "限时(Timed)" in html(client, "/")
    frozen_now(closes)
    assert "限时(Timed)" not in html(client, "/")


def hot_titles(page: str) -> list[str]:
    hot = page[page.index('class="hot"'):]
    hot = hot[:hot.index("</ol>")]
    return [part.split("</a>")[0].split(">")[-1] for part in hot.split("<li>")[1:]]


def test_hot_list_follows_view_counts_after_the_refresh_period(client, furniture, make_article, settings, frozen_now):
    settings.HOT_REFRESH_SECONDS = 300
    first, second = make_article(title="甲文章"), make_article(title="乙文章")
    Article.objects.filter(pk=first.pk).update(view_count=50)
    Article.objects.filter(pk=second.pk).update(view_count=10)
    period_start = datetime.fromtimestamp(timezone.now().timestamp() // 300 * 300, tz=UTC)
    frozen_now(period_start + timedelta(seconds=1))
    assert hot_titles(html(client, "/")) == ["甲文章", "乙文章"]
    # The beacon updates counters without signals: the list keeps its order this period…
    Article.objects.filter(pk=second.pk).update(view_count=500)
    frozen_now(period_start + timedelta(seconds=299))
    assert hot_titles(html(client, url(first))) == ["甲文章", "乙文章"]
    # …and every process shows the new order from the next period on.
    frozen_now(period_start + timedelta(seconds=300))
    assert hot_titles(html(client, "/")) == ["乙文章", "甲文章"]
    assert hot_titles(html(client, url(first))) == ["乙文章", "甲文章"]


def test_hot_list_drops_an_unpublished_article_at_once(client, furniture, make_article):
    popular = make_article(title="曾经热门")
    Article.objects.filter(pk=popular.pk).update(view_count=900)
    make_article(title="普通文章")
    assert "曾经热门" in hot_titles(html(client, "/"))
    popular.refresh_from_db()
    popular.status = Article.Status.HIDDEN
    popular.save()
    assert "曾经热门" not in html(client, "/")


def test_hot_list_skips_scheduled_articles_until_they_go_live(client, furniture, make_article, frozen_now):
    start = timezone.now()
    scheduled = make_article(title="定时文章", published_at=start + timedelta(minutes=5))
    Article.objects.filter(pk=scheduled.pk).update(view_count=999)
    for number in range(10):
        make_article(title=f"已发布{number}")
    frozen_now(start)
    assert "定时文章" not in html(client, "/")
    frozen_now(start + timedelta(minutes=5))
    assert hot_titles(html(client, "/"))[0] == "定时文章"


# --- page counts ---------------------------------------------------------------------------


def test_page_count_follows_publishing_and_tags(client, furniture, make_article):
    tag = Tag.objects.create(name="城市更新")
    articles = [make_article(title=f"计数文章{number:02d}") for number in range(15)]
    assert "第 1 /" not in html(client, "/")  # one page: no pagination
    assert client.get("/page/2/").status_code == 404
    extra = make_article(title="第十六篇")
    assert "第 1 / 2 页" in html(client, "/") and "第 2 / 2 页" in html(client, "/page/2/")
    extra.status = Article.Status.HIDDEN
    extra.save()
    assert "第 1 /" not in html(client, "/") and client.get("/page/2/").status_code == 404
    extra.delete()
    for article in articles:
        article.tags.add(tag)
    make_article().tags.add(tag)
    assert "第 1 / 2 页" in html(client, url(tag))
    tag.articles.remove(articles[0])
    assert "第 1 /" not in html(client, url(tag))


def test_page_count_after_a_bulk_update(client, furniture, make_article, settings, frozen_now):
    settings.FURNITURE_SECONDS = 60
    articles = [make_article(title=f"批量{number:02d}") for number in range(16)]
    assert "第 1 / 2 页" in html(client, "/")
    Article.objects.filter(pk=articles[0].pk).update(status=Article.Status.HIDDEN)  # the admin's bulk action
    listings.articles_changed()
    assert "第 1 /" not in html(client, "/")
    Article.objects.filter(pk=articles[0].pk).update(status=Article.Status.PUBLISHED)  # no call: the TTL
    start = timezone.now()
    frozen_now(start + timedelta(seconds=61))
    assert "第 1 / 2 页" in html(client, "/")


def test_page_count_grows_when_a_scheduled_article_goes_live(client, furniture, make_article, settings, frozen_now):
    settings.FURNITURE_SECONDS = 3600
    start = timezone.now()
    for number in range(15):
        make_article(title=f"已发布{number:02d}")
    make_article(title="定时发布", published_at=start + timedelta(minutes=10))
    frozen_now(start)
    assert "第 1 /" not in html(client, "/")
    frozen_now(start + timedelta(minutes=10))
    page = html(client, "/")
    assert "定时发布" in page and "第 1 / 2 页" in page
