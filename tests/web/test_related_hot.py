"""Related and hot (issue 9 item 3): related articles (near-duplicate cluster, shared
tags), previous/next in the category, 24-hour and 7-day hot lists from per-day counts,
and "also reported by N sources" from dedupe's links — at no extra query per render."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from huiwen.news import listings, related
from huiwen.news.counting import record_view
from huiwen.news.models import Article, Category, DailyViews, Tag
from huiwen.portal.generations import forget_all
from huiwen.portal.models import SiteSettings
from huiwen.publish._files import public_file
from huiwen.sources.models import Fingerprint, Page, SignatureBand, Source

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture(autouse=True)
def nothing_kept():
    forget_all()
    yield
    forget_all()


def page_of(client, article: Article) -> lxml_html.HtmlElement:
    response = client.get(f"/article/{article.pk}.html")
    assert response.status_code == 200
    return lxml_html.document_fromstring(response.content.decode())


def titles(tree, xpath: str) -> list[str]:
    return [element.text_content().strip() for element in tree.xpath(xpath)]


# --- per-day counts ----------------------------------------------------------------------------


def daily(article: Article) -> dict:
    return dict(DailyViews.objects.filter(article=article).values_list("day", "views"))


def test_a_counted_view_is_counted_for_its_day_too(client, make_article):
    article = make_article()
    for _ in range(3):
        client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)  # one visit
    Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    article.refresh_from_db()
    assert article.view_count == 2 and daily(article) == {timezone.localdate(): 2}


def test_the_per_address_limit_holds_for_day_counts(make_article, settings):
    settings.VIEW_MAX_PER_ADDRESS = 2
    article = make_article()
    for number in range(5):
        record_view(article.pk, f"{number:032x}", "203.0.113.5")
    assert daily(article) == {timezone.localdate(): 2}


@pytest.mark.django_db(transaction=True)
def test_day_counts_lose_nothing_under_concurrency(make_article):
    article = make_article()
    with ThreadPoolExecutor(8) as pool:
        counted = list(pool.map(lambda n: record_view(article.pk, f"{n:032x}", f"198.51.100.{n % 200}"), range(60)))
    connection.close()
    article.refresh_from_db()
    assert sum(counted) == 60 == article.view_count == sum(daily(article).values())


# --- hot lists over time windows ----------------------------------------------------------------------


def local_moment(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def hot_titles(days: int, now: datetime) -> list[str]:
    listings.generation.forget()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: now)
        return [article.title for article in listings.hot_window(days, 8)]


def test_hot_lists_come_from_day_counts_not_all_time_totals(db, make_article):
    today = timezone.localdate()
    now = local_moment(today, 6)  # a quarter of the day gone
    old_favourite = make_article(title="累计最多", published_at=now - timedelta(days=30))
    Article.objects.filter(pk=old_favourite.pk).update(view_count=100_000)
    today_hit = make_article(title="今日热点", published_at=now - timedelta(hours=5))
    yesterday_hit = make_article(title="昨日热点", published_at=now - timedelta(days=1))
    week_hit = make_article(title="本周热点", published_at=now - timedelta(days=5))
    hidden = make_article(title="已隐藏", status=Article.Status.HIDDEN, published_at=now - timedelta(hours=3))
    for article, day, views in [
        (today_hit, today, 40), (yesterday_hit, today - timedelta(days=1), 60), (week_hit, today - timedelta(days=4), 500),
        (old_favourite, today - timedelta(days=20), 9000), (hidden, today, 999),
    ]:
        DailyViews.objects.create(article=article, day=day, views=views)
    # 24 h: today's 40 against three quarters of yesterday's 60 (45).
    assert hot_titles(1, now) == ["昨日热点", "今日热点"]
    # At 20:00 only a sixth of yesterday is within 24 hours (10).
    assert hot_titles(1, local_moment(today, 20)) == ["今日热点", "昨日热点"]
    assert hot_titles(7, now) == ["本周热点", "昨日热点", "今日热点"]


def test_hot_lists_are_kept_until_the_period_ends(client, make_article, settings, django_assert_max_num_queries):
    settings.HOT_REFRESH_SECONDS = 300
    SiteSettings.current()
    article = make_article(title="热门文章甲")
    DailyViews.objects.create(article=article, day=timezone.localdate(), views=5)
    page = client.get("/").content.decode()
    tree = lxml_html.document_fromstring(page)
    assert titles(tree, '//section[contains(@class, "hot-24h")]//li') == ["热门文章甲"]
    assert titles(tree, '//section[contains(@class, "hot-7d")]//li') == ["热门文章甲"]
    with django_assert_max_num_queries(2):
        client.get("/")


# --- the article page ------------------------------------------------------------------------------------


def fingerprint(article: Article, keys: list[int]) -> None:
    print_ = Fingerprint.objects.create(article=article, content_hash=hashlib.sha256(str(article.pk).encode()).hexdigest(),
                                        signature=b"\x00")
    SignatureBand.objects.bulk_create([SignatureBand(fingerprint=print_, key=key) for key in keys])


def collected_page(source: Source, url: str, outcome: str, article: Article) -> Page:
    return Page.objects.create(source=source, url=url, url_key=hashlib.sha1(url.encode()).hexdigest(), outcome=outcome,
                               article=article)


@pytest.fixture
def story(make_article):
    """An article with tags, a near-duplicate, neighbours in its category and reposts."""
    SiteSettings.current()  # before the first render, which would otherwise create it and drop what it kept
    now = timezone.now()
    city, housing, other = Tag.objects.create(name="城市更新"), Tag.objects.create(name="住房"), Tag.objects.create(name="体育")
    sport = Category.objects.create(slug="sport", name="体育")
    older = make_article(title="更早的地方新闻", published_at=now - timedelta(hours=5))
    article = make_article(title="城东新区完成老旧小区改造", published_at=now - timedelta(hours=3))
    newer = make_article(title="更新的地方新闻", published_at=now - timedelta(hours=1))
    make_article(title="别的栏目", category=sport, published_at=now)
    article.tags.add(city, housing)
    both = make_article(title="两个标签都相同", published_at=now - timedelta(days=3), category=sport)
    both.tags.add(city, housing)
    one = make_article(title="一个标签相同", published_at=now - timedelta(days=1), category=sport)
    one.tags.add(city)
    unrelated = make_article(title="无关文章", category=sport)
    unrelated.tags.add(other)
    retold = make_article(title="同一事件另一篇", category=None, published_at=now - timedelta(days=10))
    draft_retold = make_article(title="草稿近似", status=Article.Status.DRAFT)
    fingerprint(article, [11, 22, 33])
    fingerprint(retold, [22, 44])
    fingerprint(draft_retold, [33])
    fingerprint(unrelated, [55])

    own = Source.objects.create(name="江城晚报网", kind=Source.Kind.FEED, location="https://a.example.com/rss.xml")
    first = Source.objects.create(name="北方日报", kind=Source.Kind.FEED, location="https://b.example.com/rss.xml")
    second = Source.objects.create(name="南方快讯", kind=Source.Kind.FEED, location="https://c.example.com/rss.xml",
                                   attribution_name="南方快讯(授权)")
    collected_page(own, "https://a.example.com/1.html", Page.Outcome.NEW, article)
    collected_page(own, "https://a.example.com/1-copy.html", Page.Outcome.DUPLICATE, article)
    collected_page(first, "https://b.example.com/repost.html", Page.Outcome.DUPLICATE, article)
    collected_page(first, "https://b.example.com/repost-again.html", Page.Outcome.DUPLICATE, article)
    collected_page(second, "https://c.example.com/x.html", Page.Outcome.DUPLICATE, article)
    return article, older, newer


def test_article_page_shows_related_previous_next_and_other_sources(client, story):
    article, older, newer = story
    tree = page_of(client, article)
    assert titles(tree, '//section[@class="related"]//li') == ["同一事件另一篇", "两个标签都相同", "一个标签相同"]
    assert tree.xpath('//nav[@class="prev-next"]/a[@rel="prev"]/@href') == [f"/article/{older.pk}.html"]
    assert tree.xpath('//nav[@class="prev-next"]/a[@rel="next"]/@href') == [f"/article/{newer.pk}.html"]
    reported = tree.xpath('//section[@class="also-reported"]')[0]
    assert reported.xpath("./h2")[0].text_content() == "另有 2 家来源报道"
    assert [(a.text, a.get("href"), a.get("rel")) for a in reported.xpath(".//a")] == [
        ("北方日报", "https://b.example.com/repost.html", "nofollow noopener"),
        ("南方快讯(授权)", "https://c.example.com/x.html", "nofollow noopener"),
    ]
    english = lxml_html.document_fromstring(client.get(f"/en/article/{article.pk}.html").content.decode())
    assert english.xpath('//section[@class="also-reported"]/h2')[0].text_content() == "Also reported by 2 other sources"
    assert titles(english, '//section[@class="related"]/h2') == ["Related articles"]


def test_an_article_without_neighbours_or_reposts_shows_none(client, make_article):
    article = make_article()
    tree = page_of(client, article)
    assert not tree.xpath('//section[@class="also-reported"]') and not tree.xpath('//nav[@class="prev-next"]')
    assert not tree.xpath('//section[@class="related"]')


def test_a_repost_url_that_is_not_http_is_shown_without_a_link(client, story):
    article, _older, _newer = story
    page = Page.objects.get(url="https://c.example.com/x.html")
    with connection.cursor() as cursor:
        cursor.execute('UPDATE "sources_page" SET "url" = %s WHERE id = %s', ["javascript:alert(1)", page.pk])
    listings.articles_changed()
    tree = page_of(client, article)
    items = tree.xpath('//section[@class="also-reported"]//li')
    assert items[1].text_content() == "南方快讯(授权)" and not items[1].xpath(".//a")


def test_the_article_page_renders_again_in_one_query(client, story, django_assert_max_num_queries):
    article, _older, _newer = story
    page_of(client, article)
    with django_assert_max_num_queries(1):
        tree = page_of(client, article)
    assert tree.xpath('//section[@class="related"]') and tree.xpath('//section[@class="also-reported"]')
    assert titles(tree, '//p[@class="tags"]/a') == ["#住房", "#城市更新"]
    assert tree.xpath('//p[@class="attribution"]//span[@class="attribution-source"]/text()') == [article.source_name]


def test_a_batch_of_articles_gets_what_each_would_get_alone(story, django_assert_max_num_queries):
    article, _older, _newer = story
    batch = list(Article.objects.order_by("-published_at", "-id"))
    alone = {}
    for each in batch:
        forget_all()
        alone[each.pk] = related.extras(each)
    assert alone[article.pk].reported_count == 2 and alone[article.pk].related

    forget_all()
    tags = Tag.objects.filter(articles__in=batch).distinct().count()
    # A fixed few per batch and per category in it, one per tag the batch carries (kept).
    with django_assert_max_num_queries(6 + 3 * Category.objects.count() + tags):
        related.preload(each.pk for each in batch)
    with django_assert_max_num_queries(0):
        together = {each.pk: related.extras(each) for each in batch}
    assert together == alone


def test_a_saved_article_drops_what_was_kept(client, story):
    article, older, _newer = story
    page_of(client, article)
    older.title = "改名的更早新闻"
    older.save()
    assert titles(page_of(client, article), '//nav[@class="prev-next"]/a[@rel="prev"]') == ["上一篇:改名的更早新闻"]


@pytest.mark.django_db(transaction=True)
def test_a_new_repost_and_a_new_neighbour_republish_the_page(story, public_folder):
    article, _older, newer = story
    call_command("publish", all=True, verbosity=0)
    path = f"/article/{article.pk}.html"
    assert "另有 2 家来源报道" in public_file(public_folder, path).read_text()

    third = Source.objects.create(name="西部新闻", kind=Source.Kind.FEED, location="https://d.example.com/rss.xml")
    collected_page(third, "https://d.example.com/y.html", Page.Outcome.DUPLICATE, article)
    published = public_file(public_folder, path).read_text()
    assert "另有 3 家来源报道" in published and "https://d.example.com/y.html" in published

    # A newer article in the category: the newest one so far now has a "next".
    newest = Article.objects.create(title="最新的地方新闻", body_html="<p>正文。</p>", status=Article.Status.PUBLISHED,
                                    category=article.category)
    neighbour = public_file(public_folder, f"/article/{newer.pk}.html").read_text()
    assert f'href="/article/{newest.pk}.html"' in neighbour
    # Removed: its neighbours skip it at once.
    newest.status = Article.Status.REMOVED
    newest.save()
    assert f"/article/{newest.pk}.html" not in public_file(public_folder, f"/article/{newer.pk}.html").read_text()
