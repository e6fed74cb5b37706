"""View counts are exact: once per visit, bots excluded, nothing lost under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from huiwen.news.counting import prune_view_stamps
from huiwen.news.models import Article, ViewStamp

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def views_of(article: Article) -> int:
    article.refresh_from_db(fields=["view_count"])
    return article.view_count


def test_reload_within_window_counts_once(client, make_article):
    article = make_article()
    for _ in range(3):
        assert client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 204
    assert views_of(article) == 1
    assert Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 204
    assert views_of(article) == 2


def test_visit_after_window_counts_again(client, make_article, settings):
    article = make_article()
    client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    settings.VIEW_DEDUPE_SECONDS = 0
    client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    assert views_of(article) == 2
    assert prune_view_stamps() == 1
    assert not ViewStamp.objects.exists()


@pytest.mark.parametrize(
    "user_agent",
    ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
     "python-requests/2.31", ""],
)
def test_bots_are_not_counted(client, make_article, user_agent):
    article = make_article()
    client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=user_agent)
    assert views_of(article) == 0


def test_noscript_pixel_counts_and_returns_a_gif(client, make_article):
    article = make_article()
    response = client.get(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    assert response["Content-Type"] == "image/gif" and response.content.startswith(b"GIF89a")
    assert "no-cache" in response["Cache-Control"]
    assert views_of(article) == 1


def test_drafts_and_unknown_articles_are_not_counted(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.post(f"/hit/{draft.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert client.post("/hit/987654/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert views_of(draft) == 0


def test_rendering_the_page_does_not_count(client, make_article):
    """Counting lives in the beacon, so a cached page render can't skip or double it."""
    article = make_article()
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert views_of(article) == 0


def test_forged_visitor_cookie_is_replaced(client, make_article):
    article = make_article()
    client.cookies["hw_vid"] = "x" * 200
    response = client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    assert len(response.cookies["hw_vid"].value) == 32
    assert views_of(article) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_distinct_visits_are_all_counted(make_article):
    article = make_article()
    threads, visits_per_thread = 8, 250

    def visit_many(_thread: int) -> int:
        statuses = []
        reader = Client()
        try:
            for _ in range(visits_per_thread):
                # Without the visitor cookie the beacon sees a new reader's visit.
                reader.cookies.clear()
                statuses.append(reader.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER).status_code)
        finally:
            connection.close()
        return statuses.count(204)

    with ThreadPoolExecutor(threads) as pool:
        answered = sum(pool.map(visit_many, range(threads)))
    assert answered == threads * visits_per_thread
    assert views_of(article) == threads * visits_per_thread
    assert ViewStamp.objects.filter(article=article).count() == threads * visits_per_thread


@pytest.mark.django_db(transaction=True)
def test_concurrent_reloads_of_one_visitor_count_once(make_article):
    article = make_article()
    first = Client()
    first.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    cookie = first.cookies["hw_vid"].value
    Article.objects.filter(pk=article.pk).update(view_count=0)
    ViewStamp.objects.all().delete()

    def reload(_n: int) -> None:
        reader = Client()
        reader.cookies["hw_vid"] = cookie
        try:
            reader.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER)
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(reload, range(64)))
    assert views_of(article) == 1
