"""What editors and admins do in the Django admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from huiwen.news.models import Article


@pytest.fixture
def editor(db):
    user = User.objects.create_user("xiaobian", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


def test_groups_are_created_by_migration(db):
    editor_perms = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "delete_article", "view_article", "change_category", "add_tag"} <= editor_perms
    assert "change_promocard" not in editor_perms and "change_user" not in editor_perms
    admin_perms = set(Group.objects.get(name="admin").permissions.values_list("codename", flat=True))
    assert {"change_promocard", "change_friendlylink", "change_sitesettings", "change_user"} <= admin_perms


def test_editor_can_edit_articles_but_not_promos(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    assert client.get(f"/admin/news/article/{article.pk}/change/").status_code == 200
    assert client.get("/admin/portal/promocard/").status_code == 403


def test_draft_preview_is_staff_only(client, editor, make_article):
    draft = make_article(status=Article.Status.DRAFT, title="尚未发布的稿件")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/preview/{draft.pk}/").status_code == 302  # to the admin login
    client.force_login(editor)
    response = client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 200 and "尚未发布的稿件" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_bulk_publish_and_unpublish(client, editor, make_article):
    drafts = [make_article(status=Article.Status.DRAFT) for _ in range(3)]
    removed = make_article(status=Article.Status.REMOVED)
    client.force_login(editor)
    ids = [str(a.pk) for a in [*drafts, removed]]
    client.post("/admin/news/article/", {"action": "publish", "_selected_action": ids})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"published", "removed"}
    client.post("/admin/news/article/", {"action": "unpublish", "_selected_action": ids})
    assert Article.objects.filter(status="hidden").count() == 3
    assert Article.objects.get(pk=removed.pk).status == "removed"


def test_admin_article_list_filters_and_searches(client, editor, make_article):
    make_article(title="关于电梯加装的报道")
    make_article(title="关于管网更新的报道", status=Article.Status.DRAFT)
    client.force_login(editor)
    html = client.get("/admin/news/article/", {"q": "电梯加装的报道"}).content.decode()
    assert "关于电梯加装的报道" in html and "关于管网更新的报道" not in html
    html = client.get("/admin/news/article/", {"status__exact": "draft"}).content.decode()
    assert "关于管网更新的报道" in html and "关于电梯加装的报道" not in html


def test_saving_sanitises_body_and_fills_text_and_summary(make_article):
    article = make_article(
        summary="",
        body_html=(
            '<p onclick="steal()">第一段正文讲述了改造的背景和主要目标。</p><script>alert(1)</script>'
            '<h2 style="color:red">第二部分</h2><p><a href="javascript:alert(1)">坏链接</a>'
            '<img src="https://img.example.com/a.jpg" onerror="x()" alt="现场"></p>'
        ),
    )
    assert "<script" not in article.body_html and "onclick" not in article.body_html
    assert "onerror" not in article.body_html and "javascript:" not in article.body_html
    assert "style=" not in article.body_html
    assert '<img src="https://img.example.com/a.jpg" alt="现场">' in article.body_html
    assert "<h2>第二部分</h2>" in article.body_html
    assert article.body_text.splitlines()[:2] == ["第一段正文讲述了改造的背景和主要目标。", "第二部分"]
    assert article.summary and "alert" not in article.summary


def test_control_characters_and_script_urls_in_any_attribute_are_dropped(make_article):
    article = make_article(body_html='<p title="java\tscript:alert(1)">正文\x00里有\x1b控制字符。</p><img alt="vbscript:x" src="https://img.example.com/b.png">')
    assert article.body_text == "正文里有控制字符。"
    assert "script:" not in article.body_html and 'src="https://img.example.com/b.png"' in article.body_html
