"""The search page and the header search box: results, filters, pagination, an empty
state, no cookie, never a 500 whatever the query."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from searchkit import empty_search_index  # noqa: F401 - an autouse fixture

from huiwen.news.models import Article, Category, Tag

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = [
    "a OR b", "NEAR(a b)", "NEAR(电梯 改造, 2)", '"unbalanced', "*", "电梯*", "col:term", "title:电梯", "{title}: 电梯",
    "-电梯", "^电梯", "a AND", "AND", "OR OR", "NOT 电梯", "(((", ")", "'", "''", "\\", "&|!<->:*", "电梯 & 改造 | !x",
    "x" * 10_000, "电梯" * 5_000, "\x00", "电梯\x00改造", "\x01\x02\x1b[31m", "\u202e电梯", "\ufffd", "𠮷野家",
    "%", "_", "%%", "🙂", "  ", "\t\n", "<script>alert(1)</script>", "c1", "#c1", "t1", "facets:c1",
]


def test_search_box_is_in_the_header_of_home_and_article_pages(client, make_article):
    article = make_article()
    for url in ("/", article.get_absolute_url(), "/en/"):
        html = client.get(url).content.decode()
        header = html.split("</header>")[0]
        assert 'role="search"' in header and 'method="get"' in header and 'name="q"' in header, url
        assert "csrfmiddlewaretoken" not in header
    assert 'action="/search/"' in client.get("/").content.decode()
    assert 'action="/en/search/"' in client.get("/en/").content.decode()


def test_search_page_lists_results_with_snippet_date_category(client, make_article):
    article = make_article()
    response = client.get("/search/", {"q": "电梯"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{article.get_absolute_url()}"' in html
    assert "<mark>电梯</mark>" in html
    assert article.category.name in html
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d") in html
    assert "共 1 条结果" in html
    english = client.get("/en/search/", {"q": "電梯"})
    assert english.status_code == 200 and article.get_absolute_url() in english.content.decode()
    assert "1 result" in english.content.decode() and "Search articles" in english.content.decode()


def test_empty_states(client, make_article):
    make_article()
    assert "输入关键词" in client.get("/search/").content.decode()
    assert "没有找到" in client.get("/search/", {"q": "火星探测器"}).content.decode()
    assert "没有找到" in client.get("/search/", {"q": "！？。"}).content.decode()


def test_search_page_sets_no_cookie_and_is_never_published(client, make_article, public_folder):
    make_article()
    response = client.get("/search/", {"q": "电梯"})
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert response["X-Robots-Tag"] == "noindex"
    client.get("/search/")
    assert not (public_folder / "search").exists()


def test_filters_and_pagination_on_the_page(client, make_article):
    sport = Category.objects.create(slug="sport", name="体育")
    tag = Tag.objects.create(name="足球")
    now = timezone.now()
    for i in range(12):
        make_article(title=f"足球周报第{i}期", category=sport, published_at=now - timedelta(days=i + 1))
    local = make_article(title="城东足球场开放", published_at=now - timedelta(days=40))
    local.tags.add(tag)
    html = client.get("/search/", {"q": "足球"}).content.decode()
    assert "共 13 条结果" in html and "第 1 / 2 页" in html
    assert 'rel="next" href="?q=%E8%B6%B3%E7%90%83&amp;page=2"' in html
    second = client.get("/search/", {"q": "足球", "page": "2"}).content.decode()
    assert "第 2 / 2 页" in second and 'rel="prev"' in second
    assert "共 12 条结果" in client.get("/search/", {"q": "足球", "category": "sport"}).content.decode()
    tagged = client.get("/search/", {"q": "足球", "tag": str(tag.pk)}).content.decode()
    assert "共 1 条结果" in tagged and local.get_absolute_url() in tagged
    # Dates are the site's days (its time zone), not UTC's.
    dated = client.get("/search/", {"q": "足球", "since": timezone.localdate(now - timedelta(days=3)).isoformat()}).content.decode()
    assert "共 3 条结果" in dated
    old = client.get("/search/", {"q": "足球", "until": timezone.localdate(now - timedelta(days=30)).isoformat()}).content.decode()
    assert "共 1 条结果" in old


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_200(client, make_article, query):
    make_article()
    response = client.get("/search/", {"q": query, "page": "2"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "raw",
    [
        "q=%ED%A0%80", "q=%ED%A0%80%E7%94%B5%E6%A2%AF", "q=%FF%FE", "q=%00", "q=%E7%94%B5%E6%A2%AF&page=-1",
        "q=a&page=99999999999999", "q=a&page=abc", "q=a&category=%00", "q=a&tag=1e9", "q=a&tag=99999999999",
        "q=a&since=2026-13-45", "q=a&until=not-a-date", "q=a&since=2030-01-01&until=2020-01-01", "q[]=x",
        "q=" + quote("电梯") * 2000,
    ],
)
def test_hostile_raw_query_strings_answer_200(client, make_article, raw):
    make_article()
    response = client.get("/search/?" + raw)
    assert response.status_code == 200


def test_admin_bulk_actions_keep_the_index(admin_client, make_article):
    article = make_article(title="江城地铁五号线通车")
    url = "/admin/news/article/"
    admin_client.post(url, {"action": "unpublish", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Article.Status.HIDDEN
    from huiwen.search.backends import backend

    assert article.pk not in backend().indexed_ids()
    admin_client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    assert backend().indexed_ids() == [article.pk]
    assert "地铁" in admin_client.get("/search/", {"q": "地铁"}).content.decode()
