"""Public XSS vectors (DOMPurify's and bleach's test payloads, read from ../shared) go
through extraction and sanitising into articles, and through every staff-entered text
field; the pages render in Chromium with alert/confirm/prompt/print hooked, and nothing
fires."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from lxml import html as lxml_html

from chromium import CHROMIUM, LAUNCH_ARGS, ensure_chromium
from conftest import require_shared
from huiwen.extract import extract
from huiwen.news.html import clean_body_html

pytestmark = pytest.mark.browser

_DANGEROUS_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
_HOOKS = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
}
"""


def payloads() -> list[str]:
    corpus = require_shared("corpora/security")
    dompurify = json.loads((corpus / "dompurify-expect.json").read_text("utf-8"))
    bleach = json.loads((corpus / "bleach-data.json").read_text("utf-8"))
    return [case["payload"] for case in dompurify] + [case["payload"] for case in bleach]


def extracted_body(payload: str) -> str:
    """The payload as it comes out of collection: inside a news page, extracted."""
    page = (
        "<html><head><title>测试页面</title></head><body><article><h1>测试页面</h1>"
        "<p>这是一段正常的正文,用来让抽取器把这里认作文章的主体部分,后面紧跟着待检验的内容。</p>"
        f"{payload}<p>正文的最后一段,同样足够长,保证整段内容都被当作正文保留下来。</p></article></body></html>"
    )
    return extract(page, url="https://news.example.com/a.html").html


def assert_inert(fragment: str) -> None:
    if not fragment.strip():
        return
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("script", "style", "iframe", "object", "embed", "svg", "math", "form"), fragment
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), fragment
            assert not _DANGEROUS_URL.match(value), fragment


def test_sanitised_payloads_carry_no_script(seed_dir):
    cases = payloads()
    assert len(cases) == 243
    for payload in cases:
        assert_inert(clean_body_html(payload))
        assert_inert(clean_body_html(extracted_body(payload)))


def render_and_watch(urls: list[str]) -> tuple[dict[str, list[str]], list[str], dict[str, list[str]]]:
    """Open each URL with the dialog functions hooked; return what fired and any script
    on the page other than our own view-count beacon."""
    from playwright.sync_api import sync_playwright

    fired: dict[str, list[str]] = {}
    foreign: dict[str, list[str]] = {}
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.add_init_script(_HOOKS)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in urls:
            page.goto(url, wait_until="load")
            if calls := page.evaluate("window.__xss || []"):
                fired[url] = calls
            # JSON-LD is data, never run; it must still be whole JSON (no payload broke out).
            scripts = page.evaluate(
                "[...document.scripts].map(s => s.type === 'application/ld+json'"
                " ? (() => { try { JSON.parse(s.textContent); return '' } catch (e) { return s.textContent } })()"
                " : s.src || s.textContent)"
            )
            ours = ("/static/huiwen/hit.js", "/static/huiwen/promo.js")
            if others := [script for script in scripts if script and not script.endswith(ours)]:
                foreign[url] = others
        browser.close()
    return fired, dialogs, foreign


@pytest.mark.django_db(transaction=True)
def test_payloads_render_inert_in_chromium(live_server):
    from huiwen.news.models import Article
    from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings

    cases = payloads()
    site = SiteSettings.current()
    site.site_name, site.tagline, site.copyright_notice, site.takedown_contact = cases[:4]
    site.save()
    PromoCard.objects.create(name=cases[4][:50], localized_name=cases[5][:100], tagline=cases[6][:120],
                             url="https://promo.example.com/", badge_text=cases[7][:12])
    FriendlyLink.objects.create(name=cases[8][:50], url="https://friend.example.com/")
    articles = [
        Article.objects.create(
            title=payload[:200], subtitle=payload[:200], author=payload[:100], editor=payload[:50],
            source_name=payload[:100], source_url="https://news.example.com/a.html", summary=payload,
            body_html=extracted_body(payload), status=Article.Status.PUBLISHED,
        )
        for payload in cases
    ]

    ensure_chromium()
    urls = [live_server.url + path for path in ["/", "/rss.xml", "/takedown/"]]
    urls += [live_server.url + article.get_absolute_url() for article in articles]
    # Playwright's sync API runs an event loop in its thread, where Django refuses ORM
    # calls; the browser gets a thread of its own.
    with ThreadPoolExecutor(1) as pool:
        fired, dialogs, foreign = pool.submit(render_and_watch, urls).result()
    assert not fired and not dialogs, (fired, dialogs)
    assert not foreign, foreign
