"""A reader's journey in a real Chromium against a real `huiwen serve` process."""

from __future__ import annotations

import httpx
import pytest
from chromium import browser, served_demo  # noqa: F401 - browser is a fixture
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    with served_demo(tmp_path_factory.mktemp("demo-data"), workers=1) as (base, _env):
        yield base


def test_reader_opens_home_follows_an_article_and_sees_every_seed_element(demo_site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(demo_site + "/")
    promo = page.locator(".promo-card").first
    assert promo.is_visible() and promo.get_attribute("rel") == "sponsored nofollow"
    assert page.locator(".friendly-links").is_visible()

    page.locator(".content .item-title a").first.click()
    page.wait_for_selector("h1.article-title")
    title = page.locator("h1.article-title").inner_text()
    site_name = page.locator(".logo").inner_text().split(maxsplit=1)[1]
    assert page.title() == f"{title}_{site_name}"

    for selector in [
        "time.published", ".views", ".article-summary", ".byline .author", ".article-body h2",
        ".article-body p", ".editor", ".source a", ".copyright a[href='/takedown/']",
        ".promo-card", ".friendly-links a",
    ]:
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator("time.published").inner_text().count(":") == 2
    assert page.locator(".article-summary").inner_text().startswith("摘要:")
    assert page.locator(".editor").inner_text().startswith("编辑:")

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "article-page.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000


def _shown_count(html: str) -> int:
    return int(html.split('class="view-count">', 1)[1].split("<", 1)[0])


def test_view_beacon_counts_a_visit_once_and_shows_the_live_count(demo_site, browser):
    """The page as served carries the count of when it was rendered; the beacon's answer
    replaces it with the live one. Headless Chromium's user agent names itself as such;
    present as a desktop browser so the beacon treats the visit as a reader's."""
    context = browser.new_context(
        user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    )
    page = context.new_page()
    served = _shown_count(httpx.get(demo_site + "/article/2.html").text)
    with page.expect_response(lambda response: "/hit/2/" in response.url) as beacon:
        page.goto(demo_site + "/article/2.html")
    assert beacon.value.json() == {"views": served + 1}
    page.wait_for_function(f"document.querySelector('.view-count').textContent === '{served + 1}'")
    # Reload at once, racing the first beacon's cookie, then once more: a reader's reloads
    # within 30 minutes add nothing, and each shows the same live count.
    page.reload()
    page.reload(wait_until="networkidle")
    page.wait_for_function(f"document.querySelector('.view-count').textContent === '{served + 1}'")
    again = page.evaluate("fetch('/hit/2/', {method: 'POST', credentials: 'same-origin'}).then(r => r.json())")
    assert again == {"views": served + 1}
    context.close()


def test_pages_fit_a_phone_screen(demo_site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    for path in ["/", "/article/1.html"]:
        page.goto(demo_site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.locator(".nav").bounding_box()["height"] < 50, path
        assert page.locator(".promo-card").first.is_visible(), path
    page.screenshot(path=str(ARTIFACTS / "article-page-phone.png"), full_page=True)
