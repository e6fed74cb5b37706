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
        assert client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER).json() == {"views": 1}
    assert views_of(article) == 1
    assert Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER).json() == {"views": 2}
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

    def visit_many(thread: int) -> int:
        statuses = []
        reader = Client()
        try:
            for visit in range(visits_per_thread):
                # Without the visitor cookie the beacon sees a new reader's visit; each
                # reader has an address of its own, as readers do.
                reader.cookies.clear()
                address = f"10.{thread}.{visit // 250}.{visit % 250 + 1}"
                statuses.append(reader.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=address).status_code)
        finally:
            connection.close()
        return statuses.count(200)

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


def test_one_address_counts_a_bounded_number_of_readers_per_window(client, make_article, settings):
    settings.VIEW_MAX_PER_ADDRESS = 5
    article = make_article()
    for _ in range(30):  # a script inventing a new reader each time
        client.cookies.clear()
        assert client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert views_of(article) == 5
    # Other addresses, and other articles from the same address, still count.
    Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.8")
    other = make_article(title="另一篇")
    Client().post(f"/hit/{other.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    assert (views_of(article), views_of(other)) == (6, 1)
    # Once the window has passed the address may count again.
    settings.VIEW_DEDUPE_SECONDS = 0
    Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    assert views_of(article) == 7


def test_addresses_of_one_ipv6_subscriber_share_the_limit(make_article, settings):
    settings.VIEW_MAX_PER_ADDRESS = 3
    article = make_article()
    for host in range(1, 10):
        Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=f"2001:db8:1:2::{host:x}")
    Client().post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="2001:db8:1:3::1")
    assert views_of(article) == 4


def test_behind_a_proxy_the_limit_is_per_forwarded_client(make_article, settings):
    settings.VIEW_MAX_PER_ADDRESS = 1
    settings.PROXY_COUNT = 1
    article = make_article()
    for client_address in ["203.0.113.1", "203.0.113.2", "203.0.113.2"]:
        Client().post(
            f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address
        )
    assert views_of(article) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://elsewhere.example/page-with-our-pixel.html"},
    ],
    ids=["fetch-cross-site", "fetch-same-site", "typed-in", "origin", "opaque-origin", "referer"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_beacon_from_another_site_counts_nothing(client, make_article, headers, method):
    article = make_article()
    response = getattr(client, method)(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, **headers)
    assert response.status_code == 200
    assert views_of(article) == 0
    if method == "post":
        assert response.json() == {"views": 0}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/article/1.html"},
        {},
    ],
    ids=["fetch-metadata", "origin", "referer", "no-headers"],
)
def test_a_beacon_from_our_own_page_counts(client, make_article, headers):
    article = make_article()
    client.post(f"/hit/{article.pk}/", HTTP_USER_AGENT=BROWSER, **headers)
    assert views_of(article) == 1
