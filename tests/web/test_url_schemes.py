"""Link and image URLs the site stores are http(s) on every write path, and a row that
holds anything else anyway (written before the check existed, or by raw SQL) renders
without it: no script URL ever reaches an href or src."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from lxml import html as lxml_html

from huiwen.news.models import Article
from huiwen.portal.models import FriendlyLink, PromoCard

# How each spelling reaches a browser: it strips control characters and spaces at the
# ends and tabs and newlines anywhere before reading the scheme, case-insensitively.
SCRIPT_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "\x01java\nscript:alert(1)\r",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]

VALID_ROWS = {
    FriendlyLink: {"name": "邻站新闻", "url": "https://friend.example.net/"},
    PromoCard: {"name": "欧易", "localized_name": "欧易(OKX)", "tagline": "合约交易", "url": "https://okx.example.com/"},
    Article: {
        "title": "城东新区完成老旧小区改造",
        "body_html": "<p>今年以来,城东新区共完成老旧小区改造四十二个。</p>",
        "status": Article.Status.PUBLISHED,
        "source_name": "江城晚报",
        "source_url": "https://news.example.com/2026/renovation.html",
        "lead_image_url": "https://img.example.com/renovation.jpg",
    },
}

URL_FIELDS = [(FriendlyLink, "url"), (PromoCard, "url"), (Article, "source_url"), (Article, "lead_image_url")]
FIELD_IDS = [f"{model.__name__}.{field}" for model, field in URL_FIELDS]


def new_row(model, **fields):
    return model(**{**VALID_ROWS[model], **fields})


def save_new(model, field, url):
    new_row(model, **{field: url}).save()


def save_existing(model, field, url):
    row = model.objects.create(**VALID_ROWS[model])
    setattr(row, field, url)
    row.save()


def create(model, field, url):
    model.objects.create(**{**VALID_ROWS[model], field: url})


def update(model, field, url):
    row = model.objects.create(**VALID_ROWS[model])
    model.objects.filter(pk=row.pk).update(**{field: url})


def bulk_create(model, field, url):
    model.objects.bulk_create([new_row(model), new_row(model, **{field: url})])


def bulk_update(model, field, url):
    row = model.objects.create(**VALID_ROWS[model])
    setattr(row, field, url)
    model.objects.bulk_update([row], [field])


WRITE_PATHS = [save_new, save_existing, create, update, bulk_create, bulk_update]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITE_PATHS)
@pytest.mark.parametrize(("model", "field"), URL_FIELDS, ids=FIELD_IDS)
def test_script_urls_are_refused_on_every_write_path(model, field, write):
    for url in SCRIPT_URLS:
        # Each in its own atomic block: Django marks a transaction failed when save() raises.
        with pytest.raises(ValueError, match=rf"{model.__name__}\.{field} accepts only http:// and https:// URLs"), transaction.atomic():
            write(model, field, url)
        # A lookup with the bad value still works, so old rows can be found and fixed.
        assert not model.objects.filter(**{field: url}).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITE_PATHS)
@pytest.mark.parametrize(("model", "field"), URL_FIELDS, ids=FIELD_IDS)
def test_web_urls_are_stored_as_given(model, field, write):
    url = "HTTPS://Example.com/新闻/2026/a.html?from=rss&id=7"
    write(model, field, url)
    assert model.objects.filter(**{field: url}).exists()


@pytest.mark.django_db
def test_empty_url_is_allowed_only_where_the_field_may_be_blank():
    Article.objects.create(**{**VALID_ROWS[Article], "source_url": "", "lead_image_url": ""})
    with pytest.raises(ValueError, match="FriendlyLink.url accepts only http:// and https:// URLs;"), transaction.atomic():
        FriendlyLink.objects.create(name="没有链接")


@pytest.mark.django_db
def test_forms_explain_that_only_web_urls_are_accepted():
    with pytest.raises(ValidationError) as caught:
        new_row(FriendlyLink, url="ftp://files.example.com/").full_clean()
    assert caught.value.message_dict == {"url": ["请填写以 http:// 或 https:// 开头的完整网址。"]}


def store_behind_the_orms_back(row, field: str, value: str) -> None:
    with connection.cursor() as cursor:
        table, column = row._meta.db_table, row._meta.get_field(field).column
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [value, row.pk])


def linked_urls(page: str) -> list[str]:
    tree = lxml_html.document_fromstring(page)
    return tree.xpath("//a/@href | //img/@src | //link/@href | //script/@src | //iframe/@src")


def assert_every_url_is_web_or_relative(page: str) -> None:
    # urlsplit normalises the way browsers do (strips C0 and spaces, drops tab/newline).
    for url in linked_urls(page):
        assert urlsplit(url).scheme in ("", "http", "https"), url


@pytest.mark.django_db
@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_stored_script_urls_render_without_href(client, url):
    link = FriendlyLink.objects.create(**VALID_ROWS[FriendlyLink])
    card = PromoCard.objects.create(**VALID_ROWS[PromoCard])
    article = Article.objects.create(**VALID_ROWS[Article])
    for row, field in [(link, "url"), (card, "url"), (article, "source_url"), (article, "lead_image_url")]:
        store_behind_the_orms_back(row, field, url)

    for path in ["/", article.get_absolute_url()]:
        page = client.get(path).content.decode()
        assert_every_url_is_web_or_relative(page)
        tree = lxml_html.document_fromstring(page)
        # The entries stay visible, so the operator sees what to fix; they just go nowhere.
        assert tree.xpath('//*[@class="friendly-links"]//a[text()="邻站新闻"][not(@href)]')
        assert tree.xpath('//a[@class="promo-card"][not(@href)]//*[text()="欧易(OKX)"]')
    source = lxml_html.document_fromstring(page).xpath('//p[@class="source"]')[0]
    assert source.text_content() == "来源:江城晚报" and not source.xpath(".//a")


@pytest.mark.django_db
def test_web_urls_render_as_a_browser_reads_them(client):
    link = FriendlyLink.objects.create(**VALID_ROWS[FriendlyLink])
    PromoCard.objects.create(**{**VALID_ROWS[PromoCard], "url": "http://okx.example.com/?a=1&b=2"})
    article = Article.objects.create(**{**VALID_ROWS[Article], "source_name": ""})
    store_behind_the_orms_back(link, "url", " https://friend.example.net/\n")

    home = lxml_html.document_fromstring(client.get("/").content)
    assert home.xpath('//*[@class="friendly-links"]//a/@href') == ["https://friend.example.net/"]
    # The card links to /go/<slug>/, which redirects to the URL as stored.
    assert home.xpath('//a[@class="promo-card"]/@href') == ["/go/okx/"]
    assert client.get("/go/okx/", HTTP_USER_AGENT="Mozilla/5.0")["Location"] == "http://okx.example.com/?a=1&b=2"
    page = lxml_html.document_fromstring(client.get(article.get_absolute_url()).content)
    assert page.xpath('//p[@class="source"]/a/@href') == ["https://news.example.com/2026/renovation.html"]
    assert page.xpath('//p[@class="source"]/a/text()') == ["https://news.example.com/2026/renovation.html"]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), URL_FIELDS, ids=FIELD_IDS)
def test_admin_opens_a_row_holding_a_script_url(admin_client, model, field):
    row = model.objects.create(**VALID_ROWS[model])
    store_behind_the_orms_back(row, field, "javascript:alert(1)")
    response = admin_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk]))
    assert response.status_code == 200
    assert response.context["adminform"].form[field].value() == "javascript:alert(1)"  # shown, to be fixed
    assert_every_url_is_web_or_relative(response.content.decode())


@pytest.mark.django_db
def test_admin_asks_for_a_web_url(admin_client):
    link = FriendlyLink.objects.create(**VALID_ROWS[FriendlyLink])
    change_url = reverse("admin:portal_friendlylink_change", args=[link.pk])
    for url in ["javascript:alert(1)", "ftp://files.example.com/"]:
        response = admin_client.post(change_url, {"name": "邻站新闻", "url": url, "order": 0, "active": "on"})
        assert response.status_code == 200 and list(response.context["adminform"].form.errors) == ["url"]
    link.refresh_from_db()
    assert link.url == "https://friend.example.net/"
