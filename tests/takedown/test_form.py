"""The public form: linked under every article, validated, CSRF-protected, bounded per
address, never published; a good request gets a reference and a private status link."""

from __future__ import annotations

import multiprocessing

import pytest
from django.test import Client
from django.utils import timezone
from takedownkit import REFERENCE, committed, file_takedown, form_data  # noqa: F401 - fixtures

from huiwen.news.models import Article
from huiwen.publish._files import public_file
from huiwen.publish.pages import PUBLISHED_ROUTES
from huiwen.takedown import throttle
from huiwen.takedown.models import Attempt, AuditEntry, TakedownRequest


def nothing_kept(mailoutbox) -> bool:
    return not TakedownRequest.objects.exists() and not AuditEntry.objects.exists() and not mailoutbox


def test_every_article_links_to_the_form_in_both_languages(client, make_article, public_folder):
    article = make_article()
    assert 'href="/takedown/"' in client.get(article.get_absolute_url()).content.decode()
    assert 'href="/en/takedown/"' in client.get(f"/en{article.get_absolute_url()}").content.decode()
    for path in ["/takedown/", "/en/takedown/"]:
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200 and 'name="csrfmiddlewaretoken"' in html
        assert 'name="website"' in html and 'name="good_faith"' in html
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        assert not public_file(public_folder, path).exists(), "the form is never published"
    assert not any(name.startswith("takedown:") for name in PUBLISHED_ROUTES)
    english = client.get("/en/takedown/").content.decode()
    assert "The work you own" in english and "Submit the request" in english


def test_a_request_gets_a_reference_a_status_link_and_a_mail(client, make_article, file_takedown, mailoutbox):
    article = make_article()
    response, reference, status_path = file_takedown(f"http://testserver{article.get_absolute_url()}")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert reference and status_path
    assert response["Referrer-Policy"] == "same-origin"
    request = TakedownRequest.objects.get()
    assert request.reference == reference and request.status == TakedownRequest.Status.RECEIVED
    assert list(request.articles.all()) == [article]
    assert status_path.split("/")[-2] not in request.token_hash, "only the token's hash is kept"

    status = client.get(status_path)
    html = status.content.decode()
    assert status.status_code == 200 and reference in html and "已收到" in html
    assert article.get_absolute_url() in html and "rights@jiangcheng.example" not in html
    assert status["X-Robots-Tag"] == "noindex"
    assert client.get(status_path[:-5] + "xxxx/").status_code == 404

    [mail] = mailoutbox
    assert mail.to == ["rights@jiangcheng.example"] and reference in mail.subject
    assert f"http://testserver{status_path}" in mail.body
    assert [entry.action for entry in request.audit.all()] == ["filed", "notified"]
    assert request.audit.first().actor == "claimant"


def test_a_status_page_shows_one_request_only(client, make_article, file_takedown):
    first, second = make_article(title="第一篇"), make_article(title="第二篇")
    _, ref_one, link_one = file_takedown(first.get_absolute_url())
    _, ref_two, link_two = file_takedown(second.get_absolute_url(), claimant="另一位权利人")
    html = client.get(link_one).content.decode()
    assert ref_one in html and ref_two not in html and second.get_absolute_url() not in html
    assert "另一位权利人" not in client.get(link_one).content.decode()
    assert ref_two in client.get(link_two).content.decode()


def test_an_english_request_gets_an_english_status_link_and_mail(client, make_article, file_takedown, mailoutbox):
    article = make_article()
    response, reference, status_path = file_takedown(f"/en{article.get_absolute_url()}", prefix="/en")
    assert response.status_code == 200 and status_path.startswith("/en/takedown/status/")
    assert "Received" in client.get(status_path).content.decode()
    assert "received" in mailoutbox[0].subject.lower() and reference in mailoutbox[0].subject


@pytest.mark.parametrize("url", [
    "https://elsewhere.example.com/article/{pk}.html",   # another site
    "/category/local/",                                     # ours, not an article
    "/article/999999.html",                                 # no such article
    "javascript:alert(1)",
    "article/{pk}.html",                                    # not a path
    "ftp://testserver/article/{pk}.html",
])
def test_only_article_urls_of_this_site_are_accepted(client, make_article, file_takedown, mailoutbox, url):
    article = make_article()
    response, reference, _ = file_takedown(url.format(pk=article.pk))
    assert response.status_code == 400 and reference is None
    assert "不是本站的文章" in response.content.decode() or "请至少填写" in response.content.decode()
    assert nothing_kept(mailoutbox)


def test_drafts_and_scheduled_articles_are_not_admitted_to_exist(client, make_article, file_takedown, mailoutbox):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timezone.timedelta(days=1))
    for article in (draft, scheduled):
        response, _, _ = file_takedown(article.get_absolute_url())
        assert response.status_code == 400
    assert nothing_kept(mailoutbox)


def test_several_urls_in_either_language_name_each_article_once(client, make_article, file_takedown):
    one, two = make_article(), make_article()
    response, reference, _ = file_takedown(
        f"http://testserver/article/{one.pk}.html", f"  /en/article/{one.pk}.html ", "", f"<http://127.0.0.1/article/{two.pk}.html>",
    )
    assert response.status_code == 200 and reference
    assert set(TakedownRequest.objects.get().articles.all()) == {one, two}


@pytest.mark.parametrize("changes", [
    {"good_faith": ""},
    {"email": "not an address"},
    {"claimant": ""},
    {"statement": ""},
    {"urls": ""},
    {"website": "http://spam.example/"},   # the honeypot
])
def test_a_bad_form_keeps_nothing(client, make_article, mailoutbox, changes):
    article = make_article()
    response = client.post("/takedown/", form_data(article.get_absolute_url(), **changes))
    assert response.status_code == 400
    assert not REFERENCE.search(response.content.decode())
    assert nothing_kept(mailoutbox)
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_posts_without_the_csrf_token_are_refused(make_article, mailoutbox, committed):
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/takedown/", form_data(article.get_absolute_url())).status_code == 403
    page = browser.get("/takedown/")
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    with committed():
        response = browser.post("/takedown/", {**form_data(article.get_absolute_url()), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and REFERENCE.search(response.content.decode())
    assert len(mailoutbox) == 1


def test_each_address_files_at_most_the_hourly_limit(client, settings, make_article, mailoutbox, committed):
    settings.TAKEDOWN_PER_HOUR = 2
    article = make_article()
    good = form_data(article.get_absolute_url())
    assert client.post("/takedown/", {**good, "website": "x"}, REMOTE_ADDR="203.0.113.7").status_code == 400  # counts too
    with committed():
        assert client.post("/takedown/", good, REMOTE_ADDR="203.0.113.7").status_code == 200
    limited = client.post("/takedown/", good, REMOTE_ADDR="203.0.113.7")
    assert limited.status_code == 429 and "一小时后再试" in limited.content.decode()
    assert TakedownRequest.objects.count() == 1 and len(mailoutbox) == 1
    # Another address is not held back; nor is this one an hour later.
    assert client.post("/takedown/", good, REMOTE_ADDR="198.51.100.20").status_code == 200
    Attempt.objects.update(at=timezone.now() - timezone.timedelta(minutes=61))
    assert client.post("/takedown/", good, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert TakedownRequest.objects.count() == 3
    assert not Attempt.objects.filter(at__lt=timezone.now() - timezone.timedelta(hours=1)).exists(), "old attempts pruned"


def test_the_limit_is_per_client_address_behind_the_proxy(client, settings, make_article):
    settings.TAKEDOWN_PER_HOUR, settings.PROXY_COUNT = 1, 1
    good = form_data(make_article().get_absolute_url())
    # The client may write anything left of what our proxy appended; only that counts.
    assert client.post("/takedown/", good, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7").status_code == 200
    assert client.post("/takedown/", good, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.7").status_code == 429
    assert client.post("/takedown/", good, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def _attempt_in_a_process(address: str) -> bool:
    from django.db import connection

    connection.close()  # a connection of its own, as another server process has
    try:
        return throttle.allow(address)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_across_processes(settings):
    """Twelve server processes posting at once from one address: exactly the limit gets
    through, since the count and the new row are one SQLite write transaction."""
    settings.TAKEDOWN_PER_HOUR = 5
    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(12) as pool:
        allowed = pool.map(_attempt_in_a_process, ["203.0.113.50"] * 24)
    assert sum(allowed) == 5
    assert Attempt.objects.count() == 5
