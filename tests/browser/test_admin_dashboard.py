"""An editor logs in to the served demo's admin and reads its dashboard, filled from the
demo's own collection (`huiwen demo` collects its sample folder and feed at load) and
views (a reader's visit counted by the beacon)."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest
from chromium import browser, served_demo  # noqa: F401 - browser is a fixture
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = REPO_ROOT / "test-artifacts"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def _huiwen(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "huiwen", *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _admin_password(env: dict) -> str:
    password = secrets.token_urlsafe(12)
    _huiwen(env, "manage", "shell", "-c", (
        "from django.contrib.auth.models import User; "
        f"user = User.objects.get(username='admin'); user.set_password({password!r}); user.save()"
    ))
    return password


def test_editor_sees_the_dashboard_charts_filled_and_follows_a_bar(tmp_path_factory, browser):
    data_dir = tmp_path_factory.mktemp("dashboard-data")
    with served_demo(data_dir, workers=1) as (base, env):
        reader = browser.new_context(user_agent=DESKTOP)
        page = reader.new_page()
        with page.expect_response(lambda response: "/hit/2/" in response.url) as beacon:
            page.goto(base + "/article/2.html")
        assert beacon.value.ok
        reader.close()

        editor = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
        page = editor.new_page()
        page.goto(base + "/admin/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", _admin_password(env))
        page.click("input[type=submit]")
        page.wait_for_selector("#dash-collection svg")

        collection = page.locator("#dash-collection svg")
        titles = collection.locator("rect title").all_text_contents()
        counts: dict[str, int] = {}
        for title in titles:
            _day, series, value = title.rsplit(" ", 2)
            counts[series] = counts.get(series, 0) + int(value)
        assert counts.get("新文章", 0) >= 1 and counts.get("重复", 0) >= 1 and counts.get("失败", 0) >= 1, titles
        views = page.locator("#dash-views svg rect title").all_text_contents()
        assert views and int(views[-1].rsplit(" ", 1)[1]) >= 1, views
        assert page.locator(".dash-top").first.locator("li a").count() >= 1
        assert page.locator("#dash-collection rect").first.is_visible()

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "admin-dashboard.png"), full_page=True)

        page.locator("#dash-collection rect.dash-failed").last.click()
        page.wait_for_selector("#result_list")
        assert "/admin/sources/page/" in page.url and "outcome__in=failed" in page.url
        assert page.locator("#result_list tbody tr").count() == counts["失败"]
        editor.close()
