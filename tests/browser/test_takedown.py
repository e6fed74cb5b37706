"""A rights holder files a takedown in a real Chromium against a real `huiwen serve`;
`huiwen takedown accept REF` then takes the article down within two seconds."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest
from chromium import browser, served_demo  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"TD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo site in a fresh data dir, served by `huiwen serve`; yields (base URL, env)."""
    with served_demo(tmp_path_factory.mktemp("takedown-data"), workers=2) as running:
        yield running


def test_a_takedown_filed_in_the_browser_and_accepted_from_the_command_line(served, browser):
    base, env = served
    article_path = "/article/2.html"
    assert httpx.get(base + article_path).status_code == 200
    page = browser.new_page(locale="zh-CN")
    page.goto(base + article_path)
    title = page.locator("h1.article-title").inner_text()
    page.locator(".copyright a[href='/takedown/']").click()
    page.wait_for_selector("form.takedown-form")
    box = page.locator("input[name=website]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, "the honeypot is out of people's sight"

    page.fill("input[name=claimant]", "江城晚报社")
    page.fill("input[name=email]", "rights@jiangcheng.example")
    page.fill("textarea[name=urls]", base + article_path)
    page.fill("textarea[name=work]", "本报 2026 年 11 月 1 日首发的同名报道")
    page.fill("textarea[name=statement]", "该文全文转载自本报,未经授权。")
    page.check("input[name=good_faith]")
    page.click("form.takedown-form button[type=submit]")
    page.wait_for_selector(".takedown-reference")
    reference = page.locator(".takedown-reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    status_link = page.locator(".takedown-status-link a").get_attribute("href")
    assert status_link.startswith(base + "/takedown/status/")

    page.goto(status_link)
    assert reference in page.content() and "已收到" in page.locator(".status").inner_text()

    accepted = subprocess.run([sys.executable, "-m", "huiwen", "takedown", "accept", reference, "--reason", "权属证明充分"],
                              env=env, capture_output=True, text=True, timeout=60)
    assert accepted.returncode == 0, accepted.stderr
    started = time.monotonic()
    while httpx.get(base + article_path).status_code != 410:
        assert time.monotonic() - started < 2, "still served 2 s after the takedown was accepted"
        time.sleep(0.1)
    for path in ["/", "/rss.xml", "/en/rss.xml"]:
        assert title not in httpx.get(base + path).text, path
    page.goto(status_link)
    assert "已删除" in page.locator(".status").inner_text() and "权属证明充分" in page.content()
    page.close()
