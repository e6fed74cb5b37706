"""A new operator's first login to the demo: sources that have run, with their health; an
inbox of collected articles; a repost linked to its original; a failure with its reason."""

from __future__ import annotations

import subprocess
import sys

import pytest
from chromium import browser, served_demo  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser
PASSWORD = "demo-admin-for-tests-only"


@pytest.fixture(scope="module")
def demo_admin(tmp_path_factory, browser):
    with served_demo(tmp_path_factory.mktemp("demo-data"), workers=1) as (base, env):
        # `huiwen demo` printed a random password; the test sets one it knows.
        subprocess.run([sys.executable, "-m", "huiwen", "manage", "shell", "-c",
                        "from django.contrib.auth.models import User; u = User.objects.get(username='admin'); "
                        f"u.set_password({PASSWORD!r}); u.save()"], env=env, check=True, capture_output=True, timeout=120)
        context = browser.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"})
        page = context.new_page()
        page.goto(base + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(base + "/admin/")
        yield base, page
        context.close()


def test_sources_have_run_and_show_their_health(demo_admin):
    base, page = demo_admin
    page.goto(base + "/admin/sources/source/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    table = page.locator("#result_list").inner_text()
    assert "示例:本地稿件" in table and "示例:演示订阅" in table
    assert table.count("有失败") == 2, table  # health: each has run and recorded a failure


def test_the_inbox_holds_the_collected_articles(demo_admin):
    base, page = demo_admin
    page.goto(base + "/admin/news/article/?status__exact=draft")
    titles = page.locator("#result_list tbody th a").all_inner_texts()
    assert sorted(titles) == sorted([
        "城东新区图书馆冬季延长开放时间", "河畔县秋粮收购过半 农户当天拿到粮款",
        "城南气象站启用 分钟级播报周边天气", "老城夜市重开 六十个摊位统一换上新招牌",
    ])


def test_the_repost_is_linked_and_the_failures_say_why(demo_admin):
    base, page = demo_admin
    page.goto(base + "/admin/sources/page/?outcome__exact=duplicate")
    duplicate = page.locator("#result_list tbody tr")
    assert duplicate.count() == 1
    assert "thread-88.html" in duplicate.inner_text() and "城东新区图书馆冬季延长开放时间" in duplicate.inner_text()
    assert "是同一篇" in duplicate.inner_text()

    page.goto(base + "/admin/sources/page/?outcome__exact=failed")
    failed = page.locator("#result_list tbody tr").inner_text()
    assert "bus-line-12.html" in failed and "HTTP 404" in failed
    page.goto(base + "/admin/sources/page/?outcome__exact=empty")
    assert "members-only.html" in page.locator("#result_list").inner_text()
    assert "正文只有 0 个字" in page.locator("#result_list").inner_text()
