"""Promo cards done properly (issue 9 item 4): clicks through /go/<slug>/ counted once per
visitor per day with bots excluded, impressions per card per day, both in the admin; only
http(s) URLs wherever staff enter one; /go/ is live, never a file, and nginx proxies it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from huiwen import nginx_conf
from huiwen.portal.models import FriendlyLink, PromoCard, PromoCardDay, PromoClickStamp, SiteSettings
from huiwen.publish._files import public_file
from huiwen.publish.pages import PUBLISHED_ROUTES

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture
def card(db):
    return PromoCard.objects.create(name="欧易", localized_name="欧易(OKX)", tagline="合约交易",
                                    url="https://okx.example.com/?ref=huiwen")


def today(card: PromoCard) -> PromoCardDay | None:
    return PromoCardDay.objects.filter(card=card, day=timezone.localdate()).first()


def clicks(card: PromoCard) -> int:
    row = today(card)
    return row.clicks if row else 0


def impressions(card: PromoCard) -> int:
    row = today(card)
    return row.impressions if row else 0


# --- slugs and links ---------------------------------------------------------------------------


def test_slugs_are_filled_unique_and_kept(db):
    first = PromoCard.objects.create(name="欧易", localized_name="欧易(OKX)", tagline="t", url="https://a.example.com/")
    second = PromoCard.objects.create(name="欧易二", localized_name="OKX", tagline="t", url="https://b.example.com/")
    chinese = PromoCard.objects.create(name="币安", localized_name="币安", tagline="t", url="https://c.example.com/")
    named = PromoCard.objects.create(name="x", localized_name="x", tagline="t", url="https://d.example.com/", slug="my-card")
    assert (first.slug, second.slug, chinese.slug, named.slug) == ("okx", "okx-2", "card", "my-card")
    first.name = "改名"
    first.save()
    first.refresh_from_db()
    assert first.slug == "okx"


def test_cards_link_through_go_with_sponsored_nofollow(client, card):
    page = client.get("/").content.decode()
    link = lxml_html.document_fromstring(page).xpath('//a[@class="promo-card"]')[0]
    assert link.get("href") == "/go/okx/" and link.get("rel") == "sponsored nofollow"
    assert link.get("data-promo") == "okx"
    assert 'src="/static/huiwen/promo.js"' in page and 'data-url="/hit/promos/"' in page


# --- clicks --------------------------------------------------------------------------------------------


def test_a_click_counts_and_redirects(client, card):
    response = client.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302 and response["Location"] == "https://okx.example.com/?ref=huiwen"
    assert "no-cache" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    assert clicks(card) == 1


def test_a_visitor_counts_once_per_day(client, card):
    for _ in range(3):
        client.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    assert clicks(card) == 1
    Client().get("/go/okx/", HTTP_USER_AGENT=BROWSER)  # another reader
    assert clicks(card) == 2
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        client.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    assert PromoCardDay.objects.get(card=card, day=tomorrow).clicks == 1
    # The day's first click dropped the earlier days' stamps.
    assert set(PromoClickStamp.objects.values_list("day", flat=True)) == {tomorrow}


def test_the_visitor_cookie_of_the_view_beacon_is_the_visitor(card):
    reader = Client()
    reader.cookies["hw_vid"] = "a" * 32
    reader.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    again = Client()
    again.cookies["hw_vid"] = "a" * 32
    again.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    assert clicks(card) == 1


@pytest.mark.parametrize("user_agent", ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                                        "python-requests/2.31", ""])
def test_bots_are_redirected_but_not_counted(client, card, user_agent):
    response = client.get("/go/okx/", HTTP_USER_AGENT=user_agent)
    assert response.status_code == 302
    assert clicks(card) == 0 and "hw_vid" not in response.cookies


def test_clicks_from_other_sites_pages_are_not_counted(client, card):
    client.get("/go/okx/", HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="cross-site")
    assert clicks(card) == 0


def test_one_address_counts_a_bounded_number_of_visitors(card, settings):
    settings.VIEW_MAX_PER_ADDRESS = 3
    for _ in range(10):  # a script inventing a new visitor each time
        Client().get("/go/okx/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    assert clicks(card) == 3
    Client().get("/go/okx/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.8")
    assert clicks(card) == 4


def test_unknown_cards_and_cards_out_of_their_window(client, card):
    assert client.get("/go/nope/", HTTP_USER_AGENT=BROWSER).status_code == 404
    PromoCard.objects.filter(pk=card.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    response = client.get("/go/okx/", HTTP_USER_AGENT=BROWSER)  # a page published a moment before
    assert response.status_code == 302 and clicks(card) == 0


# --- impressions ----------------------------------------------------------------------------------------


def test_impressions_count_live_cards_per_page_view(client, card):
    PromoCard.objects.create(name="停用", localized_name="停用", tagline="t", url="https://off.example.com/", active=False,
                             slug="off")
    for _ in range(3):
        response = client.post("/hit/promos/", {"cards": "okx,off,nope"}, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 204
    assert impressions(card) == 3 and clicks(card) == 0
    assert not PromoCardDay.objects.filter(card__slug="off").exists()
    client.post("/hit/promos/", {"cards": "okx"}, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.post("/hit/promos/", {"cards": "okx"}, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="cross-site")
    assert impressions(card) == 3
    assert client.get("/hit/promos/").status_code == 405


def test_admin_shows_impressions_and_clicks_per_card_per_day(client, card):
    client.post("/hit/promos/", {"cards": "okx"}, HTTP_USER_AGENT=BROWSER)
    client.post("/hit/promos/", {"cards": "okx"}, HTTP_USER_AGENT=BROWSER)
    client.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    staff = User.objects.create_user("yunying", password="pw-for-tests-only", is_staff=True)
    staff.groups.add(Group.objects.get(name="admin"))
    client.force_login(staff)
    listing = client.get("/admin/portal/promocardday/")
    assert listing.status_code == 200
    row = lxml_html.document_fromstring(listing.content.decode()).xpath('//table[@id="result_list"]//tbody/tr')[0]
    cells = [cell.text_content().strip() for cell in row.xpath("./td|./th")]
    assert "欧易(OKX)" in cells and "2" in cells and "1" in cells and "50.0%" in cells
    change = client.get(f"/admin/portal/promocard/{card.pk}/change/").content.decode()
    assert "50.0%" in change
    assert client.get("/admin/portal/promocardday/add/").status_code == 403


# --- URLs staff enter --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.example.com/",
                                 " JaVa\tScRiPt:alert(1)"])
def test_admin_forms_accept_only_http_urls(client, db, url):
    admin_user = User.objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(admin_user)
    card_form = {"name": "坏", "localized_name": "坏", "tagline": "t", "url": url, "order": 0, "active": "on"}
    response = client.post("/admin/portal/promocard/add/", card_form)
    assert response.status_code == 200 and not PromoCard.objects.exists()
    response = client.post("/admin/portal/friendlylink/add/", {"name": "坏", "url": url, "order": 0, "active": "on"})
    assert response.status_code == 200 and not FriendlyLink.objects.exists()
    good = client.post("/admin/portal/promocard/add/", {**card_form, "url": "https://ok.example.com/"})
    assert good.status_code == 302 and PromoCard.objects.get().slug


def test_site_settings_hold_no_url_field_that_is_not_a_web_url_field():
    from django.db import models

    from huiwen.portal.fields import WebURLField

    for model in (SiteSettings, PromoCard, FriendlyLink):
        for field in model._meta.get_fields():
            if isinstance(field, models.URLField):
                assert isinstance(field, WebURLField), f"{model.__name__}.{field.name}"


# --- live, never published ---------------------------------------------------------------------------------


def test_go_is_never_published(client, card, public_folder):
    assert not any(name.startswith("promo") for name in PUBLISHED_ROUTES)
    call_command("publish", all=True, verbosity=0)
    client.get("/go/okx/", HTTP_USER_AGENT=BROWSER)
    assert not (public_folder / "go").exists()
    assert public_file(public_folder, "/go/okx/") is not None and not public_file(public_folder, "/go/okx/").exists()


def test_nginx_proxies_go_to_the_application():
    text = nginx_conf.server_block(nginx_conf.Site(public_root=Path("/srv/p"), static_root=Path("/srv/s"),
                                                   media_root=Path("/srv/m")))
    block = text.split("location /go/ {", 1)[1].split("}", 1)[0]
    assert "proxy_pass" in block and "try_files" not in block
