"""Reader pages published as files: what a change touches leaves at once and comes back
rendered anew; the folder holds only whole pages our routes produce, and rebuilds."""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

import pytest
from django.core.management import call_command

from huiwen.news.models import Article, Category, Tag
from huiwen.portal.models import PromoCard
from huiwen.publish import publisher
from huiwen.publish._files import public_file
from huiwen.publish.tasks import publish_what_time_changed


def page(root: Path, path: str) -> str:
    return public_file(root, path).read_text(encoding="utf-8")


def listed(root: Path, path: str) -> str:
    """The article list of a published listing page, without the hot list beside it."""
    return page(root, path).split('<ol class="article-list">', 1)[1].split("</ol>", 1)[0]


def test_publish_all_writes_every_public_page_with_its_gzip_copy(db, public_folder, make_article):
    tag = Tag.objects.create(name="AI/大模型")
    first = make_article(title="第一篇")
    first.tags.add(tag)
    make_article(title="草稿不发布", status=Article.Status.DRAFT)

    call_command("publish", all=True, verbosity=0)

    expected = ["/", "/en/", f"/article/{first.pk}.html", "/category/local/", "/en/category/local/",
                f"/tags/{tag.pk}/", "/rss.xml", "/en/rss.xml"]
    for path in expected:
        file = public_file(public_folder, path)
        assert file.is_file(), path
        assert gzip.decompress(file.with_name(file.name + ".gz").read_bytes()) == file.read_bytes(), path
    assert "第一篇" in page(public_folder, "/") and "草稿不发布" not in page(public_folder, "/")
    assert '<html lang="en">' in page(public_folder, "/en/")
    assert not [p for p in public_folder.rglob("*") if p.name.startswith(".")], "temporary files left behind"


def test_other_languages_are_published_by_their_readers_and_cleared_by_a_rebuild(client, db, public_folder, make_article):
    article = make_article()
    call_command("publish", all=True, verbosity=0)
    english = f"/en/article/{article.pk}.html"
    assert not public_file(public_folder, english).exists()
    assert client.get(english).status_code == 200
    assert '<html lang="en">' in page(public_folder, english)
    call_command("publish", all=True, verbosity=0)  # e.g. after a promo card changed
    assert not public_file(public_folder, english).exists() and public_file(public_folder, "/en/").exists()


def test_the_folder_can_be_deleted_and_rebuilt(db, public_folder, make_article):
    article = make_article()
    call_command("publish", all=True, verbosity=0)
    before = {p.relative_to(public_folder) for p in public_folder.rglob("*") if p.is_file()}
    for file in sorted(public_folder.rglob("*"), reverse=True):
        file.unlink() if file.is_file() else file.rmdir()
    call_command("publish", all=True, verbosity=0)
    assert {p.relative_to(public_folder) for p in public_folder.rglob("*") if p.is_file()} == before
    assert article.title in page(public_folder, article.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_an_edit_an_unpublish_and_a_removal_reach_the_files(client, public_folder, make_article):
    article = make_article(title="原来的标题")
    call_command("publish", all=True, verbosity=0)
    path = f"/article/{article.pk}.html"

    article.title = "改过的标题"
    article.save()
    assert "改过的标题" in page(public_folder, path) and "改过的标题" in page(public_folder, "/")

    article.status = Article.Status.HIDDEN
    article.save()
    assert not public_file(public_folder, path).exists()
    assert "改过的标题" not in page(public_folder, "/") and "改过的标题" not in listed(public_folder, "/category/local/")
    assert client.get(path).status_code == 404

    article.status = Article.Status.PUBLISHED
    article.save()
    assert "改过的标题" in page(public_folder, path)
    article.status = Article.Status.REMOVED
    article.save()
    assert not public_file(public_folder, path).exists() and not public_file(public_folder, f"/en{path}").exists()
    assert client.get(path).status_code == 410
    assert not public_file(public_folder, path).exists(), "a 410 must not be published"
    assert "改过的标题" not in page(public_folder, "/rss.xml")


@pytest.mark.django_db(transaction=True)
def test_tags_and_category_moves_republish_both_listings(public_folder, make_article):
    old, new = Category.objects.create(slug="old", name="旧栏目"), Category.objects.create(slug="new", name="新栏目")
    article = make_article(title="搬家的文章", category=old)
    call_command("publish", all=True, verbosity=0)
    article.category = new
    article.save()
    assert "搬家的文章" not in listed(public_folder, "/category/old/")
    assert "搬家的文章" in listed(public_folder, "/category/new/")
    tag = Tag.objects.create(name="新标签")
    article.tags.add(tag)
    assert "搬家的文章" in listed(public_folder, f"/tags/{tag.pk}/")


@pytest.mark.django_db(transaction=True)
def test_a_promo_card_change_republishes_every_page(public_folder, make_article):
    article = make_article()
    call_command("publish", all=True, verbosity=0)
    PromoCard.objects.create(name="新伙伴", localized_name="新伙伴(NEW)", tagline="一句话", url="https://partner.example.com/")
    for path in ["/", "/en/", article.get_absolute_url(), "/category/local/"]:
        assert "新伙伴(NEW)" in page(public_folder, path), path


@pytest.mark.django_db(transaction=True)
def test_time_alone_publishes_due_articles_and_promo_windows(public_folder, make_article):
    import time
    from datetime import timedelta

    from django.utils import timezone

    publish_what_time_changed()  # remembers the state to compare with
    due = timezone.now() + timedelta(seconds=3)
    article = make_article(title="定时发布的文章", published_at=due)
    PromoCard.objects.create(
        name="限时", localized_name="限时(WINDOW)", tagline="限时推广", url="https://partner.example.com/", starts_at=due,
    )
    call_command("publish", all=True, verbosity=0)
    assert "定时发布的文章" not in page(public_folder, "/") and "限时(WINDOW)" not in page(public_folder, "/")
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.1)
    publish_what_time_changed()
    assert "定时发布的文章" in page(public_folder, "/") and "限时(WINDOW)" in page(public_folder, "/")
    assert public_file(public_folder, article.get_absolute_url()).exists()


def test_a_miss_is_published_but_never_an_error_a_query_another_host_or_a_later_listing_page(
    client, db, public_folder, make_article
):
    article = make_article()
    for number in range(16):
        make_article(title=f"填满第一页{number}")
    assert client.get("/page/2/").status_code == 200  # shifts with every new article: never a file
    assert client.get("/article/999999.html").status_code == 404
    assert client.get("/page/7/").status_code == 404
    assert client.get(article.get_absolute_url(), HTTP_HOST="localhost").status_code == 200
    assert client.get("/?utm_source=share").status_code == 301
    assert not [p for p in public_folder.rglob("*") if p.is_file()]
    assert client.get(article.get_absolute_url()).status_code == 200
    assert public_file(public_folder, article.get_absolute_url()).is_file()


@pytest.mark.parametrize("path", [
    "/../secret_key", "/article/../../x.html", "/article//1.html", "/./index.html", "/.hidden.html",
    "/article/1.html\x00.html", "/a\\..\\b.html", "/article/1.html.gz", "/article/1.html.tmp-1", "/secret_key",
    "/" + "a/" * 300, "relative.html",
])
def test_no_hostile_path_maps_to_a_file(path, tmp_path):
    assert public_file(tmp_path, path) is None


def test_a_full_or_read_only_folder_fails_loudly_and_the_site_keeps_serving(client, db, settings, tmp_path, make_article):
    article = make_article()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.PUBLIC_ROOT = blocker / "public"  # every write fails, as on a full or read-only disk
    health = client.get("/healthz")  # seen before any publish has tried
    assert health.status_code == 503 and "not writable" in health.json()["problems"]["publishing"]
    with pytest.raises(publisher.PublishError, match="writable"):
        publisher.publish([article.get_absolute_url()])
    assert client.get(article.get_absolute_url()).status_code == 200
    settings.PUBLIC_ROOT = tmp_path / "public"
    publisher.publish([article.get_absolute_url()])
    assert client.get("/healthz").status_code == 200


def test_readers_never_see_a_partial_page_while_it_is_republished(db, public_folder, make_article):
    article = make_article(body_html="<p>" + "正文很长。" * 4000 + "</p>")
    path = article.get_absolute_url()
    publisher.publish([path])
    file = public_file(public_folder, path)
    done, bad = threading.Event(), []

    def read_in_a_loop():
        while not done.is_set():
            body = file.read_bytes()
            if not body.rstrip().endswith(b"</html>"):
                bad.append(len(body))

    readers = [threading.Thread(target=read_in_a_loop) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(100):
            publisher.publish([path])
    finally:
        done.set()
        for reader in readers:
            reader.join()
    assert bad == []


@pytest.mark.django_db(transaction=True)
def test_a_transaction_publishes_each_page_it_touched_once(public_folder, make_article, monkeypatch):
    """Collection stores a batch of articles in one transaction, each saved and then
    tagged: the pages they show on go out after the commit, each once."""
    from django.db import transaction

    make_article(title="先有的稿件")  # and its category, whose creation rebuilds every page
    tag = Tag.objects.create(name="港口")
    published: list[list[str]] = []
    publish = publisher.publish
    monkeypatch.setattr(publisher, "publish", lambda paths, **options: published.append(list(paths)) or publish(paths, **options))
    with transaction.atomic():
        stories = [make_article(title=f"港口稿件{number}") for number in range(3)]
        for story in stories:
            story.tags.add(tag)
        assert published == [], "nothing is published before the commit"
    assert len(published) == 1
    [paths] = published
    assert len(paths) == len(set(paths))
    assert {"/", f"/tags/{tag.pk}/", *(f"/article/{story.pk}.html" for story in stories)} <= set(paths)
    assert all(f"港口稿件{number}" in listed(public_folder, f"/tags/{tag.pk}/") for number in range(3))

