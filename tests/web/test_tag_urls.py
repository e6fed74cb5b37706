"""Any tag name works in a URL: tags are listed at /tags/<id>/, and the old /tag/<name>/
links move there for good."""

from __future__ import annotations

from urllib.parse import quote, urljoin

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from lxml import html as lxml_html

from huiwen.news.models import Tag

NAMES = ["AI/大模型", "a?b", "c#d", "50%", "..", " spaced ", "2024"]


def old_url(name: str) -> str:
    """The tag's URL as pages linked it before: its name quoted into the path (dots too,
    as Django's reverse() spells '..', so no client folds it away)."""
    return "/tag/" + quote(name, safe="").replace(".", "%2E") + "/"


def listing(response) -> str:
    """The article list of a page, without the hot-articles sidebar."""
    tree = lxml_html.document_fromstring(response.content)
    return tree.xpath('string(//section[@class="content"])')


@pytest.mark.parametrize("name", NAMES)
def test_a_tagged_article_links_to_the_tags_listing(client, make_article, name):
    tag = Tag.objects.create(name=name)
    make_article(title="别的文章").tags.add(Tag.objects.create(name="别的标签"))
    article = make_article(title="带标签的文章")
    article.tags.add(tag)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    tree = lxml_html.document_fromstring(response.content)
    [href] = tree.xpath('//p[@class="tags"]/a[.=$text]/@href', text=f"#{name}")

    shown = client.get(urljoin(article.get_absolute_url(), href), follow=True)
    assert shown.status_code == 200
    assert f"#{name}" in listing(shown)
    assert "带标签的文章" in listing(shown) and "别的文章" not in listing(shown)


def test_a_digits_only_name_is_not_read_as_an_id(client, make_article):
    named = Tag.objects.create(name="2024")
    make_article(title="二〇二四年回顾").tags.add(named)
    make_article(title="编号相同的标签").tags.add(Tag.objects.create(pk=2024, name="其他"))

    assert "二〇二四年回顾" in listing(client.get(named.get_absolute_url()))
    response = client.get(old_url("2024"))
    assert response.status_code == 301 and response["Location"] == named.get_absolute_url()


@pytest.mark.parametrize("name", NAMES)
def test_old_name_urls_move_permanently(client, db, name):
    tag = Tag.objects.create(name=name)
    response = client.get(old_url(name))
    assert response.status_code == 301
    assert response["Location"] == tag.get_absolute_url()


def test_the_move_keeps_the_page(client, make_article):
    tag = Tag.objects.create(name="AI/大模型")
    for number in range(17):
        make_article(title=f"分页文章{number:02d}").tags.add(tag)
    response = client.get(old_url("AI/大模型"), {"page": "2"})
    assert response.status_code == 301 and response["Location"] == f"{tag.get_absolute_url()}page/2/"
    assert "第 2 / 2 页" in client.get(response["Location"]).content.decode()


def test_unknown_tags_are_not_found(client, db):
    Tag.objects.create(name="AI/大模型")
    assert client.get(old_url("没有这个标签")).status_code == 404
    assert client.get(old_url("AI/不存在")).status_code == 404
    assert client.get("/tags/424242/").status_code == 404


def test_admin_view_on_site_opens_the_listing(admin_client):
    tag = Tag.objects.create(name="AI/大模型")
    change_page = admin_client.get(reverse("admin:news_tag_change", args=[tag.pk])).content.decode()
    view_on_site = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Tag).pk, tag.pk])
    assert f'href="{view_on_site}"' in change_page

    response = admin_client.get(view_on_site, follow=True)
    assert response.status_code == 200 and "#AI/大模型" in listing(response)
