"""Deciding requests: from the command line and the admin queue, each step in the audit
log and mailed to the claimant; a removed article is 410, gone from the published files
and the feed at once, and collection never brings it back."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from takedownkit import committed, file_takedown  # noqa: F401 - fixtures

from huiwen import cli
from huiwen.news.models import Article
from huiwen.publish._files import public_file
from huiwen.sources.collector import collect_source, reextract
from huiwen.sources.models import Page, Source
from huiwen.takedown.models import AuditEntry, TakedownRequest

PAGE = """<html><head><title>{title}_本地档案</title><meta charset="utf-8"></head><body>
<div class="nav"><a href="/">首页</a></div>
<h1>{title}</h1><div class="info">2025-06-01 08:30 来源:县融媒体中心</div>
<div class="content"><p>{body}</p><p>记者了解到,相关工作将在年底前全部完成,届时将向社会公布验收结果。</p>
<p>责任编辑:孔岚</p></div><div class="footer">版权声明:本站所有文章仅供学习交流。</div></body></html>"""
STORY = "北川县第一批社区食堂本月开门营业,老人凭卡就餐可享受补贴,每餐价格控制在十元以内,受到居民欢迎。"


def actions(request: TakedownRequest) -> list[str]:
    return list(request.audit.values_list("action", flat=True))


def search_results(client, query: str) -> str:
    """The result list of the search page (not the hot list beside it)."""
    html = client.get("/search/", {"q": query}).content.decode()
    return html.split('class="article-list search-results">', 1)[1].split("</ol>", 1)[0] if "search-results" in html else ""


def run_cli(*argv: str) -> int:
    return cli.main(list(argv))


def test_cli_accept_removes_the_article_everywhere_within_two_seconds(client, make_article, file_takedown, committed,
                                                                     public_folder, mailoutbox, capsys):
    article = make_article(title="被投诉的文章")
    kept = make_article(title="无关的文章")
    path = f"/article/{article.pk}.html"
    call_command("publish", all=True, verbosity=0)
    assert public_file(public_folder, path).exists() and "被投诉的文章" in public_file(public_folder, "/rss.xml").read_text()
    _, reference, status_path = file_takedown(path)
    assert f'href="{path}"' in search_results(client, "被投诉")

    assert run_cli("takedown", "list") == 0
    assert reference in capsys.readouterr().out
    with committed():
        assert run_cli("takedown", "accept", reference.lower(), "--reason", "权属证明充分") == 0
        # Gone from the files before anything is republished: in the command's own call.
        assert not public_file(public_folder, path).exists() and not public_file(public_folder, f"/en{path}").exists()
        assert not public_file(public_folder, "/rss.xml").exists() or "被投诉的文章" not in public_file(public_folder, "/rss.xml").read_text()
    assert f"{reference}: " in capsys.readouterr().out

    article.refresh_from_db()
    assert article.status == Article.Status.REMOVED
    response = client.get(path)
    assert response.status_code == 410 and "应权利人要求" in response.content.decode()
    assert client.get(f"/en{path}").status_code == 410
    assert not public_file(public_folder, path).exists(), "a 410 is never published"
    # The feed and the listings were published again, without it.
    for listing in ["/rss.xml", "/en/rss.xml", "/", "/category/local/"]:
        text = public_file(public_folder, listing).read_text()
        assert "被投诉的文章" not in text and "无关的文章" in text, listing
    assert "被投诉的文章" not in client.get("/rss.xml").content.decode()
    assert f'href="{path}"' not in search_results(client, "被投诉")  # through search's own signals
    assert Article.objects.get(pk=kept.pk).status == Article.Status.PUBLISHED

    request = TakedownRequest.objects.get(reference=reference)
    assert request.status == TakedownRequest.Status.REMOVED and request.decided_at
    assert actions(request) == ["filed", "notified", "article", "removed", "notified"]
    step = request.audit.get(action="article")
    assert step.what == f"article {article.pk}: published → removed" and step.why == "权属证明充分"
    assert step.actor.startswith("cli")
    assert [mail.to for mail in mailoutbox] == [["rights@jiangcheng.example"]] * 2
    assert "已删除" in mailoutbox[1].subject and "权属证明充分" in mailoutbox[1].body
    status = client.get(status_path).content.decode()
    assert "已删除文章" in status and "权属证明充分" in status

    with pytest.raises(CommandError, match="already decided"):
        call_command("takedown", "reject", reference, "--reason", "改主意")
    assert run_cli("takedown", "accept", "TD-ZZZZZZZZ") == 1


def test_reject_needs_a_reason_and_tells_the_claimant(client, make_article, file_takedown, committed, mailoutbox):
    article = make_article()
    _, reference, status_path = file_takedown(article.get_absolute_url())
    with pytest.raises(CommandError):
        call_command("takedown", "reject", reference, "--reason", "  ")
    with committed():
        call_command("takedown", "reject", reference, "--reason", "该文为本站原创,不涉及您的作品。")
    request = TakedownRequest.objects.get()
    assert request.status == TakedownRequest.Status.REJECTED and request.reason == "该文为本站原创,不涉及您的作品。"
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert actions(request) == ["filed", "notified", "rejected", "notified"]
    assert "未予删除" in mailoutbox[-1].subject and "本站原创" in mailoutbox[-1].body
    html = client.get(status_path).content.decode()
    assert "已驳回" in html and "本站原创" in html


def test_hidden_pending_review_then_rejected_comes_back(client, make_article, file_takedown, committed, public_folder):
    article = make_article(title="审核中的文章")
    path = f"/article/{article.pk}.html"
    _, reference, _ = file_takedown(path)
    call_command("publish", all=True, verbosity=0)
    with committed():
        call_command("takedown", "hide", reference, "--reason", "核实中")
    assert Article.objects.get().status == Article.Status.HIDDEN
    assert client.get(path).status_code == 404
    assert "审核中的文章" not in public_file(public_folder, "/").read_text()
    with committed():
        call_command("takedown", "reject", reference, "--reason", "证据不足")
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert client.get(path).status_code == 200
    request = TakedownRequest.objects.get()
    assert [e.what for e in request.audit.filter(action="article")] == [
        f"article {article.pk}: published → hidden", f"article {article.pk}: hidden → published",
    ]


@pytest.fixture
def folder_source(db, tmp_path, import_from):
    import_from(tmp_path)
    (tmp_path / "story.html").write_text(PAGE.format(title="北川社区食堂开门", body=STORY), encoding="utf-8")
    return Source.objects.create(name="本地档案", kind=Source.Kind.FILES, location=str(tmp_path),
                                 publish_mode=Source.PublishMode.AUTO), tmp_path


def test_collecting_again_never_brings_a_removed_article_back(client, folder_source, file_takedown, committed):
    source, folder = folder_source
    assert collect_source(source).counts["new"] == 1
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    _, reference, _ = file_takedown(article.get_absolute_url())
    with committed():
        call_command("takedown", "accept", reference)

    again = collect_source(source)
    assert again.counts["new"] == 0 and again.counts["known"] == 1
    # The same story reposted elsewhere (here: another file) is linked to the removed
    # article as its duplicate, and so is not published either.
    (folder / "repost.html").write_text(PAGE.format(title="转载:北川社区食堂开门", body=STORY), encoding="utf-8")
    repost = collect_source(source)
    assert repost.counts["new"] == 0 and repost.counts["duplicate"] == 1
    page = Page.objects.get(url=(folder / "repost.html").resolve().as_uri())
    assert page.article == article and "已因侵权投诉删除" in page.reason
    assert list(Article.objects.values_list("status", flat=True)) == [Article.Status.REMOVED]
    assert reextract(source, 20) == 0, "a removed article's URL is not fetched again"
    assert client.get(article.get_absolute_url()).status_code == 410

    # Its collection record is what settles the URL, so the admin will not delete it.
    staff = User.objects.create_superuser("zhanzhang", password="pw-for-tests-only")
    client.force_login(staff)
    original = Page.objects.get(article=article, outcome=Page.Outcome.NEW)
    assert client.get(f"/admin/sources/page/{original.pk}/delete/").status_code == 403


def test_accept_can_block_or_downgrade_the_source(folder_source, file_takedown, committed, make_article):
    source, _folder = folder_source
    collect_source(source)
    article = Article.objects.get()
    _, reference, _ = file_takedown(article.get_absolute_url())
    with committed():
        assert cli.main(["takedown", "accept", reference, "--reason", "整站未授权", "--block-source"]) == 0
    source.refresh_from_db()
    assert not source.active and reference in source.blocked_reason and "整站未授权" in source.blocked_reason
    request = TakedownRequest.objects.get()
    assert request.audit.filter(action="blocked", what__contains=source.name).exists()
    report = collect_source(source)  # even asked for explicitly, a blocked source is not collected
    assert report.counts["new"] == 0 and "已停用" in report.errors[0][1]
    source.active = True
    source.save()
    source.refresh_from_db()
    assert source.blocked_reason == ""

    other = Source.objects.create(name="另一个源", kind=Source.Kind.URL, location="https://other.example/a.html",
                                  publish_mode=Source.PublishMode.AUTO)
    second = make_article(title="另一个源的文章")
    Page.objects.create(source=other, url="https://other.example/a.html", url_key="k" * 40, outcome="new", article=second)
    _, reference, _ = file_takedown(second.get_absolute_url())
    call_command("takedown", "accept", reference, "--downgrade-source")
    other.refresh_from_db()
    assert other.active and other.publish_mode == Source.PublishMode.REVIEW
    assert TakedownRequest.objects.get(reference=reference).audit.filter(action="downgraded").exists()
    with pytest.raises(SystemExit):
        cli.main(["takedown", "accept", reference, "--block-source", "--downgrade-source"])


def test_the_admin_queue_decides_and_the_audit_log_is_read_only(client, make_article, file_takedown, committed, mailoutbox):
    article = make_article()
    _, reference, _ = file_takedown(article.get_absolute_url())
    request = TakedownRequest.objects.get()
    staff = User.objects.create_user("fawu", password="pw-for-tests-only", is_staff=True)
    staff.groups.add(Group.objects.get(name="admin"))
    client.force_login(staff)
    queue = client.get("/admin/takedown/takedownrequest/")
    assert queue.status_code == 200 and reference in queue.content.decode()
    assert client.get(f"/admin/takedown/takedownrequest/{request.pk}/change/").status_code == 200

    chosen = {"action": "reject_requests", "_selected_action": [request.pk]}
    asked = client.post("/admin/takedown/takedownrequest/", chosen)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    refused = client.post("/admin/takedown/takedownrequest/", {**chosen, "apply": "1", "reason": ""})
    assert refused.status_code == 200 and TakedownRequest.objects.get().status == TakedownRequest.Status.RECEIVED
    with committed():
        client.post("/admin/takedown/takedownrequest/",
                    {"action": "hide_pending_review", "_selected_action": [request.pk], "apply": "1", "reason": "先隐藏"})
    assert Article.objects.get().status == Article.Status.HIDDEN
    with committed():
        done = client.post("/admin/takedown/takedownrequest/", {"action": "remove_articles", "_selected_action": [request.pk],
                                                                  "apply": "1", "reason": "核实属实", "source_action": ""})
    assert done.status_code == 302
    assert Article.objects.get().status == Article.Status.REMOVED
    request.refresh_from_db()
    assert actions(request) == ["filed", "notified", "article", "hidden", "notified", "article", "removed", "notified"]
    assert request.audit.get(action="removed").actor == "admin:fawu"
    assert len(mailoutbox) == 3

    entry = request.audit.first()
    log = client.get("/admin/takedown/auditentry/")
    assert log.status_code == 200 and "核实属实" in log.content.decode()
    superuser = User.objects.create_superuser("zhanzhang", password="pw-for-tests-only")
    for user in (staff, superuser):
        client.force_login(user)
        change = client.get(f"/admin/takedown/auditentry/{entry.pk}/change/")
        assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
        assert client.post(f"/admin/takedown/auditentry/{entry.pk}/change/", {"why": "改写"}).status_code == 403
        assert client.get(f"/admin/takedown/auditentry/{entry.pk}/delete/").status_code == 403
        assert client.get("/admin/takedown/auditentry/add/").status_code == 403
        assert client.get(f"/admin/takedown/takedownrequest/{request.pk}/delete/").status_code == 403
    # No such permissions exist to grant anyone.
    assert not Permission.objects.filter(content_type__app_label="takedown", codename__in=["change_auditentry", "delete_auditentry"]).exists()
    entry.why = "改写"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(why="改写")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).why != "改写"
