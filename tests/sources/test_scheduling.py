"""Scheduled collection through Huey, and `huiwen collect` from the command line."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from huiwen.news.models import Article
from huiwen.sources.models import Page, Source
from huiwen.sources.tasks import enqueue_due_sources

PAGE = """<html><head><title>{title}_本地档案</title><meta charset="utf-8"></head><body>
<div class="nav"><a href="/">首页</a></div>
<h1>{title}</h1><div class="info">2025-06-0{day} 08:30 来源:县融媒体中心</div>
<div class="content"><p>{body}</p><p>记者了解到,相关工作将在年底前全部完成,届时将向社会公布验收结果。</p>
<p>责任编辑:孔岚</p></div><div class="footer">版权声明:本站所有文章仅供学习交流。</div></body></html>"""


@pytest.fixture
def archive_folder(tmp_path, import_from):
    import_from(tmp_path)
    bodies = [
        "北川县今年启动农村公路提档升级工程,计划改造道路一百二十公里,目前已完成过半,沿线村民出行条件明显改善。",
        "北川县第一批社区食堂本月开门营业,老人凭卡就餐可享受补贴,每餐价格控制在十元以内,受到居民欢迎。",
    ]
    for day, body in enumerate(bodies, start=1):
        (tmp_path / f"story{day}.html").write_text(PAGE.format(title=f"北川县民生工程第{day}篇", day=day, body=body), encoding="utf-8")
    return tmp_path


@pytest.fixture
def immediate_huey():
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def test_due_sources_are_collected_once_by_the_scheduler(archive_folder, immediate_huey, db):
    due = Source.objects.create(name="本地档案", kind=Source.Kind.FILES, location=str(archive_folder), interval_minutes=30)
    Source.objects.create(name="还没到时间", kind=Source.Kind.FILES, location=str(archive_folder),
                          next_run_at=timezone.now() + timezone.timedelta(hours=1))
    assert enqueue_due_sources.call_local() == 1
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
    due.refresh_from_db()
    assert due.last_new == 2 and due.next_run_at > timezone.now() + timezone.timedelta(minutes=29)
    assert enqueue_due_sources.call_local() == 0


def test_claim_if_due_lets_only_one_scheduler_win(archive_folder, db):
    source = Source.objects.create(name="本地档案", kind=Source.Kind.FILES, location=str(archive_folder))
    stale_copy = Source.objects.get(pk=source.pk)
    assert source.claim_if_due() is True
    assert stale_copy.claim_if_due() is False


def test_collect_command_reports_and_is_repeatable(archive_folder, db, capsys):
    source = Source.objects.create(name="本地档案", kind=Source.Kind.FILES, location=str(archive_folder),
                                   publish_mode=Source.PublishMode.AUTO, default_tags="民生,北川")
    call_command("collect", f"--source={source.pk}", verbosity=0)
    assert "本地档案:新增 2,重复 0,失败 0" in capsys.readouterr().out
    article = Article.objects.get(title="北川县民生工程第1篇")
    assert article.status == Article.Status.PUBLISHED and article.editor == "孔岚"
    assert {"民生", "北川"} <= set(article.tags.values_list("name", flat=True))
    assert "版权声明" not in article.body_text and "责任编辑" not in article.body_text
    call_command("collect", "--all", verbosity=0)
    assert "新增 0,重复 0,失败 0,无正文 0,已有 2" in capsys.readouterr().out
    assert Page.objects.count() == 2


def test_collect_command_runs_like_the_scheduler_and_never_beside_an_open_run(archive_folder, db, capsys):
    """`huiwen collect` records its run in the source's history, and leaves a source
    alone while a worker's run of it is queued or running."""
    from huiwen.sources import runs
    from huiwen.sources.models import CollectionRun

    source = Source.objects.create(name="本地档案", kind=Source.Kind.FILES, location=str(archive_folder))
    call_command("collect", f"--source={source.pk}", verbosity=0)
    run = CollectionRun.objects.get(source=source)
    assert run.state == CollectionRun.State.DONE and run.counts["new"] == 2 and "新增 2" in run.summary

    queued = runs.open_run(source)  # as the scheduler opens one before its task runs
    Page.objects.all().delete()  # so that collecting would store the pages again
    call_command("collect", f"--source={source.pk}", verbosity=0)
    assert "skipped, a run of this source is already queued or running" in capsys.readouterr().out
    assert not Page.objects.exists()
    assert CollectionRun.objects.get(pk=queued.pk).state == CollectionRun.State.QUEUED


def test_collect_command_rejects_unknown_sources_and_bad_dates(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no source with id 999"):
        call_command("collect", "--source=999")
    with pytest.raises(CommandError, match="is not a date"):
        call_command("collect", "--all", "--since=yesterday-ish")


def test_missing_folder_is_a_recorded_error(db, tmp_path, import_from):
    import_from(tmp_path)
    source = Source.objects.create(name="丢失的目录", kind=Source.Kind.FILES, location=str(tmp_path / "gone"))
    call_command("collect", f"--source={source.pk}", verbosity=0)
    source.refresh_from_db()
    assert "不存在" in source.last_error


def test_files_outside_the_import_folders_are_refused(db, tmp_path, import_from):
    import_from(tmp_path / "import")
    secret = tmp_path / "secret.html"
    secret.write_text("<p>服务器上的私密文件,不应被导入。这一段足够长,足以被当作正文。</p>")
    source = Source.objects.create(name="越界", kind=Source.Kind.FILES, location=str(secret))
    call_command("collect", f"--source={source.pk}", verbosity=0)
    source.refresh_from_db()
    assert "不在导入文件夹内" in source.last_error
    assert not Article.objects.exists()


def test_symlinks_leading_out_of_the_import_folder_are_not_followed(db, tmp_path, import_from):
    inside = tmp_path / "import"
    inside.mkdir()
    import_from(inside)
    secret = tmp_path / "secret.html"
    secret.write_text("<p>服务器上的私密文件,不应被导入。这一段足够长,足以被当作正文。</p>")
    (inside / "innocent.html").symlink_to(secret)
    source = Source.objects.create(name="链接", kind=Source.Kind.FILES, location=str(inside))
    call_command("collect", f"--source={source.pk}", verbosity=0)
    assert Page.objects.get().reason.endswith(f"leads outside {inside.resolve()}")
    assert not Article.objects.exists()
