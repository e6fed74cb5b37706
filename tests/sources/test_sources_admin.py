"""Editors manage sources and watch their health in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from huey.contrib.djhuey import HUEY

from huiwen.news.models import Article
from huiwen.sources.models import Source


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("caiji", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    client.force_login(user)
    return client


def test_source_list_shows_health(editor_client):
    Source.objects.create(name="正常的源", kind="feed", location="https://a.example.com/feed.xml")
    Source.objects.create(name="出问题的源", kind="feed", location="https://b.example.com/feed.xml",
                          flagged=True, flag_reason="3 of 3 pages came back empty")
    html = editor_client.get("/admin/sources/source/").content.decode()
    assert "正常的源" in html and "出问题的源" in html
    assert "3 of 3 pages came back empty" in html


def test_invalid_rules_are_refused_with_the_reason(editor_client):
    response = editor_client.post("/admin/sources/source/add/", {
        "name": "列表源", "kind": "list", "location": "https://c.example.com/list/", "max_pages": 3,
        "interval_minutes": 60, "publish_mode": "review", "link_selector": "div[", "link_regex": "(unclosed",
        "page_url_template": "https://c.example.com/list/index_2.html", "next_run_at_0": "2026-01-01", "next_run_at_1": "00:00:00",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "不是有效的CSS 选择器" in html and "{page}" in html
    assert not Source.objects.exists()


def test_local_sources_must_be_in_an_import_folder(editor_client):
    response = editor_client.post("/admin/sources/source/add/", {
        "name": "本地", "kind": "files", "location": "/etc", "max_pages": 3, "interval_minutes": 60,
        "publish_mode": "review", "next_run_at_0": "2026-01-01", "next_run_at_1": "00:00:00",
    })
    assert "不在导入文件夹内" in response.content.decode()
    assert not Source.objects.exists()


def test_collect_now_action_runs_the_source(editor_client, tmp_path, import_from):
    import_from(tmp_path)
    (tmp_path / "story.html").write_text(
        "<html><head><title>东湖公园完成水质提升</title></head><body><h1>东湖公园完成水质提升</h1>"
        "<p>东湖公园水质提升工程近日完工,湖水透明度由原来的四十厘米提高到一米二,岸边新种水生植物两万余株。</p>"
        "<p>公园管理处表示,将每月公布一次水质监测结果,接受市民监督。</p></body></html>", encoding="utf-8")
    source = Source.objects.create(name="本地", kind="files", location=str(tmp_path))
    HUEY.immediate = True
    try:
        editor_client.post("/admin/sources/source/", {"action": "collect_now", "_selected_action": [source.pk]})
    finally:
        HUEY.immediate = False
    assert Article.objects.get().title == "东湖公园完成水质提升"


def test_editors_watch_collection_runs_but_cannot_change_them(editor_client):
    from huiwen.sources import runs

    source = Source.objects.create(name="正在采集的源", kind="feed", location="https://a.example.com/feed.xml")
    run = runs.open_run(source)
    runs.claim(run.pk)
    html = editor_client.get("/admin/sources/collectionrun/").content.decode()
    assert "正在采集的源" in html and "采集中" in html
    assert editor_client.get(f"/admin/sources/collectionrun/{run.pk}/change/").status_code == 200  # read-only view
    assert editor_client.get("/admin/sources/collectionrun/add/").status_code == 403
