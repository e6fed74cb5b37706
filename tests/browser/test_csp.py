"""Every page a reader or a staff member opens carries the Content-Security-Policy and
Permissions-Policy, served by Django or from a published file, and satisfies it in a real
Chromium: no inline script, style or handler anywhere, the admin's included."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urljoin

import httpx
import pytest
from chromium import browser, served_demo, violations_on, watch_violations  # noqa: F401 - browser is a fixture

from huiwen.security_headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY

pytestmark = pytest.mark.browser

STAFF = ("csp-editor", "csp-pw-for-tests-only-8Q")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    with served_demo(tmp_path_factory.mktemp("csp-data"), workers=1) as (base, env):
        created = subprocess.run(
            [sys.executable, "-m", "huiwen", "manage", "createsuperuser", "--noinput", "--username", STAFF[0],
             "--email", "csp@example.org"],
            env={**env, "DJANGO_SUPERUSER_PASSWORD": STAFF[1]}, capture_output=True, text=True, timeout=120,
        )
        assert created.returncode == 0, created.stderr
        yield base


def reader_paths(base: str) -> list[str]:
    home = httpx.get(base + "/").text
    article = home.split('href="/article/', 1)[1].split('"', 1)[0]
    category = home.split('href="/category/', 1)[1].split('"', 1)[0]
    return [
        "/", "/en/", f"/article/{article}", f"/en/article/{article}", f"/category/{category}", "/tags/",
        "/search/?q=%E6%96%B0", "/takedown/", "/en/takedown/", "/no-such-page/", "/page/2/",
    ]


def test_every_reader_page_sends_the_policies_from_django_and_from_its_file(demo_site):
    for path in reader_paths(demo_site):
        # The first request may render (and publish), the second is answered from the file.
        for attempt in ("rendered", "published"):
            response = httpx.get(demo_site + path)
            assert response.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, (path, attempt)
            assert response.headers.get("permissions-policy") == PERMISSIONS_POLICY, (path, attempt)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def test_reader_and_admin_pages_cause_no_violation_in_chromium(demo_site, browser):
    page = browser.new_page()
    seen = watch_violations(page)
    visited: dict[str, list[str]] = {}

    def visit(url: str) -> None:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)  # beacons and late scripts
        if found := violations_on(page):
            visited[url] = found

    # The listener itself: a page breaking the same policy is caught, inline script and style.
    probe = demo_site + "/csp-probe"
    page.route(probe, lambda route: route.fulfill(
        status=200, content_type="text/html", headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
        body='<p style="color:red" onclick="x()">probe</p><script>document.title = "ran"</script>',
    ))
    visit(probe)
    assert page.title() != "ran"
    assert {entry.split()[0] for entry in visited.pop(probe)} >= {"script-src-elem", "style-src-attr"}
    seen.clear()

    for path in reader_paths(demo_site):
        visit(demo_site + path)

    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", STAFF[0])
    page.fill("#id_password", STAFF[1])
    page.click("input[type=submit]")
    page.wait_for_url(demo_site + "/admin/")
    admin_links = sorted({
        urljoin(demo_site, href) for href in page.eval_on_selector_all("a[href^='/admin/']", "links => links.map(a => a.getAttribute('href'))")
        if "logout" not in href
    })
    assert len(admin_links) >= 10, admin_links
    for url in admin_links:
        visit(url)
    # A change form of a real object: the article editor with its widgets.
    visit(demo_site + "/admin/news/article/")
    first = page.eval_on_selector("#result_list a[href*='/change/']", "a => a.href")
    visit(first)
    assert page.locator("#article_form").count() == 1

    assert not visited and not seen, (visited, seen)
