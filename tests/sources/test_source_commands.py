"""Sources from the command line and the admin: checked where the mistake is made, in the
language of whoever made it, and previewed through the collector without storing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from fastwarc.warc import WarcRecord, WarcRecordType
from testsite import ARTICLES, start_test_site

from huiwen.fetch import Fetcher, FetchPolicy
from huiwen.news.models import Article, Category
from huiwen.sources import collector
from huiwen.sources.collector import collect_source
from huiwen.sources.models import Page, Source

STORY = (
    "<html><head><title>东湖公园完成水质提升</title></head><body><h1>东湖公园完成水质提升</h1>"
    "<p>东湖公园水质提升工程近日完工,湖水透明度由原来的四十厘米提高到一米二,岸边新种水生植物两万余株。</p>"
    "<p>公园管理处表示,将每月公布一次水质监测结果,接受市民监督。</p></body></html>"
)


@pytest.fixture(scope="module")
def site():
    with start_test_site() as running:
        yield running


@pytest.fixture
def loopback_allowed(site, settings, monkeypatch):
    """The settings an operator would set for an intranet site: its address allowed, no
    delay; the process's shared fetcher is rebuilt from them."""
    settings.FETCH_ALLOW_NETWORKS = (f"{site.host}:{site.port}",)
    settings.FETCH_HOST_DELAY = 0
    monkeypatch.setattr(collector, "_shared_fetcher", None)
    yield site
    if collector._shared_fetcher is not None:
        collector._shared_fetcher.close()


@pytest.fixture
def first_import_folder(settings, tmp_path):
    settings.IMPORT_DIRS = [tmp_path / "import"]
    (tmp_path / "import").mkdir()
    return tmp_path / "import"


def source_command(*args: str, capsys) -> str:
    call_command("source", *args)
    return capsys.readouterr().out


def test_add_a_folder_by_its_relative_name_then_collect_list_show_remove(db, first_import_folder, capsys):
    (first_import_folder / "样例").mkdir()
    (first_import_folder / "样例" / "story.html").write_text(STORY, encoding="utf-8")
    Category.objects.create(slug="local", name="地方")

    added = source_command("add", "files", "样例", "--category", "local", "--tags", "民生,东湖", "--schedule", "2h",
                           "--publish", "auto", capsys=capsys)
    source = Source.objects.get()
    assert f"已添加采集源 {source.pk}" in added and f"huiwen collect --source {source.pk}" in added
    assert (source.name, source.location, source.interval_minutes) == ("样例", "样例", 120)
    assert source.category.slug == "local" and source.tag_names == ["民生", "东湖"]

    call_command("collect", f"--source={source.pk}", verbosity=0)
    article = Article.objects.get()
    assert article.title == "东湖公园完成水质提升" and article.status == Article.Status.PUBLISHED

    listed = source_command("list", capsys=capsys)
    assert f"{source.pk:>4}  样例  files" in listed and "1/0/0  正常" in listed
    shown = source_command("show", str(source.pk), capsys=capsys)
    assert "默认标签: 民生,东湖" in shown and "新文章" in shown and "story.html" in shown
    with translation.override("en"):
        assert "1/0/0  OK" in source_command("list", capsys=capsys)

    removed = source_command("remove", str(source.pk), capsys=capsys)
    assert "1 条采集记录" in removed
    assert not Source.objects.exists() and not Page.objects.exists()
    assert Article.objects.get() == article, "the articles stay"


def test_add_refuses_what_collection_could_not_use(db, first_import_folder, tmp_path):
    (first_import_folder / "rules.toml").write_text('title = "h1["\n', encoding="utf-8")
    refusals = {
        ("files", "不存在的目录"): "不存在",
        ("files", str(tmp_path)): "不在导入文件夹内",
        ("feed", "http://127.0.0.1:9/feed.xml"): "内部地址 127.0.0.1",
        ("feed", "http://10.1.2.3/feed.xml"): "内部地址 10.1.2.3",
        ("feed", "ftp://example.com/feed.xml"): "不是可采集的网址",
        ("url", "https://example.invalid/a.html", "--rules", str(first_import_folder / "rules.toml")): "不是有效的CSS 选择器",
        ("url", "https://example.invalid/a.html", "--schedule", "hourly"): "不是采集间隔",
        ("files", ".", "--category", "nope"): "没有栏目 'nope'",
    }
    for args, message in refusals.items():
        with pytest.raises(CommandError, match=message):
            call_command("source", "add", *args)
    assert not Source.objects.exists()


def test_source_test_previews_a_loopback_site_and_stores_nothing(db, loopback_allowed, capsys):
    site = loopback_allowed
    out = source_command("test", "feed", site.url("/feed.xml"), "--count", "2", capsys=capsys)
    assert "前 2 篇" in out
    previewed = [path for path in ARTICLES if site.url(path) in out]
    assert len(previewed) == 2
    for path in previewed:
        assert f"标题:{ARTICLES[path].title}" in out
        assert ARTICLES[path].first_paragraph[:20] in out
    assert not Source.objects.exists() and not Page.objects.exists() and not Article.objects.exists()


def test_source_test_shows_problems_and_would_be_duplicates(db, loopback_allowed, capsys, make_article):
    site = loopback_allowed
    assert "HTTP 404" in source_command("test", "url", site.url("/notfound.html"), capsys=capsys)
    source = Source.objects.create(name="测试站", kind="url", location=site.url("/gbk/a1.html"))
    collect_source(source)
    held = Article.objects.get()
    out = source_command("test", "url", site.url("/repost/a9.html"), capsys=capsys)
    assert f"与已有文章 {held.pk}" in out
    assert "已采集过" in source_command("test", "url", site.url("/gbk/a1.html"), capsys=capsys)
    assert Article.objects.count() == 1 and Page.objects.count() == 1


class CountingFetcher(Fetcher):
    """A fetcher that counts what it is asked for, with a delay no test could sit out."""

    def __init__(self) -> None:
        super().__init__(FetchPolicy(host_delay=3600))
        self.fetched: list[str] = []

    def fetch(self, url, **conditions):
        self.fetched.append(url)
        return super().fetch(url, **conditions)


def test_local_files_and_warc_records_never_wait_for_the_fetcher(db, first_import_folder):
    for number in range(3):
        (first_import_folder / f"story{number}.html").write_text(STORY.replace("东湖", f"东湖{number}号"), encoding="utf-8")
    archive = io.BytesIO()
    for number in range(3):
        record = WarcRecord()
        record.init_headers(record_type=WarcRecordType.response)
        record.headers["WARC-Target-URI"] = f"https://archived.example.com/{number}.html"
        record.headers["Content-Type"] = "application/http; msgtype=response"
        body = STORY.replace("东湖", f"西湖{number}号").encode()
        record.set_bytes_content(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body)
        record.write(archive)
    (first_import_folder / "crawl.warc").write_bytes(archive.getvalue())

    fetcher = CountingFetcher()
    files = collect_source(Source.objects.create(name="本地", kind="files", location="."), fetcher=fetcher)
    warc = collect_source(Source.objects.create(name="档案", kind="warc", location="crawl.warc"), fetcher=fetcher)
    # Nearly one text six times: the first is new, the rest linked to it.
    assert [report.counts["new"] + report.counts["duplicate"] for report in (files, warc)] == [3, 3]
    assert fetcher.fetched == [], "pages already on disk go through no fetcher, so wait for no host"


def admin_client(client, language: str):
    user = User.objects.create_superuser("chief", password="pw-for-tests-only")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def source_form(**fields) -> dict:
    return {"name": "新源", "max_pages": 3, "interval_minutes": 60, "publish_mode": "review", "rights_mode": "full",
            "next_run_at_0": "2026-01-01", "next_run_at_1": "00:00:00", **fields}


BAD_SOURCES = {
    "private address": (dict(kind="feed", location="http://192.168.1.20/rss.xml"),
                        "192.168.1.20 指向内部地址", "192.168.1.20 is an internal address"),
    "missing folder": (dict(kind="files", location="没有这个目录"), "不存在", "does not exist"),
    "folder outside": (dict(kind="files", location="/etc"), "不在导入文件夹内", "is outside the import folders"),
    "bad rule": (dict(kind="url", location="https://example.invalid/a.html", body_rule="//div[@class="),
                 "不是有效的XPath", "is not a valid XPath"),
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("case", BAD_SOURCES)
def test_the_admin_refuses_a_bad_source_in_its_language(db, client, first_import_folder, language, case):
    fields, chinese, english = BAD_SOURCES[case]
    staff = admin_client(client, language)
    response = staff.post("/admin/sources/source/add/", source_form(**fields))
    assert response.status_code == 200
    html = response.content.decode()
    assert (chinese if language == "zh-hans" else english) in html
    assert not Source.objects.exists()
    # The preview refuses it the same way.
    preview = staff.post("/admin/sources/source/preview/", source_form(**fields)).content.decode()
    assert (chinese if language == "zh-hans" else english) in preview


def test_the_admin_previews_a_source_before_saving(db, client, loopback_allowed):
    site = loopback_allowed
    staff = admin_client(client, "zh-hans")
    assert "测试此源" in staff.get("/admin/sources/source/add/").content.decode()
    html = staff.post("/admin/sources/source/preview/", source_form(kind="feed", location=site.url("/feed.xml"))).content.decode()
    titles = [spec.title for spec in ARTICLES.values() if spec.title in html]
    assert len(titles) == 3, html[-3000:]
    assert not Source.objects.exists() and not Page.objects.exists() and not Article.objects.exists()


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "返回 HTTP 404;页面已不存在"), ("en", "answered HTTP 404; the page is gone")])
def test_collection_reasons_are_recorded_in_the_active_language(db, loopback_allowed, language, expected):
    site = loopback_allowed
    with translation.override(language):
        report = collect_source(Source.objects.create(name="测试站", kind="url", location=site.url("/notfound.html")))
        summary = report.summary_line()
    assert expected in Page.objects.get().reason
    assert ("失败 1" if language == "zh-hans" else "1 failed") in summary
