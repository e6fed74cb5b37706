"""Public XSS vectors (DOMPurify's and bleach's test payloads, read from ../shared) and
our own go through extraction and sanitising into articles, and through every
staff-entered text field; the pages render in Chromium with alert/confirm/prompt/print
hooked and a Content-Security-Policy violation listener, and nothing fires or is blocked:
the defence is the sanitiser's allow-list and escaping, the policy only the second wall."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from chromium import CHROMIUM, LAUNCH_ARGS, ensure_chromium, violations_on, watch_violations
from conftest import require_shared
from lxml import html as lxml_html

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


#: Ours, beyond the public corpora: mutation XSS through parser differences, markup that
#: changes the page around it (base, meta refresh, forms), obfuscated script URLs, and
#: breaking out of the attributes and JSON-LD our templates put text into.
OWN_PAYLOADS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg><style><img src=x onerror=alert(2)></style></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(3)>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(4)>',
    '<template><img src=x onerror=alert(5)></template>',
    '<iframe srcdoc="&lt;script&gt;alert(6)&lt;/script&gt;"></iframe>',
    '<base href="javascript:alert(7)//"><a href="x">相对链接</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(8)">',
    '<form action="javascript:alert(9)"><button>提交</button></form>',
    '<a href="jav&#x09;ascript:alert(10)">链接</a><a href="&#106;avascript:alert(11)">链接</a>',
    '<a href=" \x01javascript:alert(12)">链接</a><a href="JaVaScRiPt&colon;alert(13)">链接</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(14)>"><object data="javascript:alert(15)"></object>',
    '<div style="background:url(javascript:alert(16))">样式</div><p style="x:expression(alert(17))">旧IE</p>',
    '<details open ontoggle=alert(18)><summary>展开</summary></details>',
    '<video><source onerror=alert(19)></video><audio src=x onerror=alert(20)></audio>',
    '<input autofocus onfocus=alert(21)><select autofocus onfocus=alert(22)></select>',
    '"><script>alert(23)</script>', "'><img src=x onerror=alert(24)>",
    '</script><script>alert(25)</script>', '</title><script>alert(26)</script>',
    '{"@context": "</script><script>alert(27)</script>"}', '\u003c/script\u003e<script>alert(28)</script>',
    '<a href="https://news.example.com/" target="_blank" onclick="alert(29)">外链</a>',
    '<img src="https://img.example.com/a.jpg" srcset="javascript:alert(30) 1x" onload="alert(31)">',
    '<embed src="javascript:alert(32)"><link rel="import" href="data:text/html,<script>alert(33)</script>">',
    '<xmp><p title="</xmp><img src=x onerror=alert(34)>"></xmp>',
    '<style>@import "javascript:alert(35)";</style><p>样式表</p>',
    '<!--<img src="--><img src=x onerror=alert(36)//">',
    '<svg><a xlink:href="javascript:alert(37)"><text x="20" y="20">点</text></a></svg>',
    '＜script＞alert(38)＜/script＞<scr<script>ipt>alert(39)</script>',
]


def payloads() -> list[str]:
    corpus = require_shared("corpora/security")
    dompurify = json.loads((corpus / "dompurify-expect.json").read_text("utf-8"))
    bleach = json.loads((corpus / "bleach-data.json").read_text("utf-8"))
    return [case["payload"] for case in dompurify] + [case["payload"] for case in bleach] + OWN_PAYLOADS


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
    assert len(cases) == 243 + len(OWN_PAYLOADS)
    for payload in cases:
        assert_inert(clean_body_html(payload))
        assert_inert(clean_body_html(extracted_body(payload)))


def render_and_watch(base: str, urls: list[str]) -> tuple[dict[str, list[str]], list[str], dict[str, list[str]], dict[str, list[str]]]:
    """Open each URL with the dialog functions hooked; return what fired, any script on
    the page other than our own, and the policy violations. Requests to anywhere but
    ``base`` (images a payload points elsewhere) are aborted: the test stays on loopback."""
    from playwright.sync_api import sync_playwright

    fired: dict[str, list[str]] = {}
    foreign: dict[str, list[str]] = {}
    violated: dict[str, list[str]] = {}
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page.add_init_script(_HOOKS)
        console_violations = watch_violations(page)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in urls:
            page.goto(url, wait_until="load")
            if calls := page.evaluate("window.__xss || []"):
                fired[url] = calls
            if found := violations_on(page):
                violated[url] = found
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
    if console_violations:
        violated["console"] = console_violations
    return fired, dialogs, foreign, violated


@pytest.mark.django_db(transaction=True)
def test_payloads_render_inert_in_chromium(live_server):
    from huiwen.news.models import Article, Category, Tag
    from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings

    cases = payloads()
    site = SiteSettings.current()
    for name, payload in zip(("site_name", "tagline", "copyright_notice", "takedown_contact"), cases, strict=False):  # the first four
        # As long as the field takes (PostgreSQL refuses longer; SQLite would not say).
        setattr(site, name, payload[: SiteSettings._meta.get_field(name).max_length])
    site.save()
    PromoCard.objects.create(name=cases[4][:50], localized_name=cases[5][:100], tagline=cases[6][:120],
                             url="https://promo.example.com/", badge_text=cases[7][:12])
    FriendlyLink.objects.create(name=cases[8][:50], url="https://friend.example.com/")
    category = Category.objects.create(name=cases[9][:50], slug="xss")
    tags = [Tag.objects.create(name=payload[:50]) for payload in dict.fromkeys(p[:50] for p in OWN_PAYLOADS)]
    articles = [
        Article.objects.create(
            title=payload[:200], subtitle=payload[:200], author=payload[:100], editor=payload[:50],
            source_name=payload[:100], source_url="https://news.example.com/a.html", summary=payload,
            body_html=extracted_body(payload), status=Article.Status.PUBLISHED, category=category,
        )
        for payload in cases
    ]
    for article in articles[-len(OWN_PAYLOADS):]:
        article.tags.set(tags[:5])

    ensure_chromium()
    urls = [live_server.url + path for path in ["/", "/rss.xml", "/takedown/", "/category/xss/", "/search/?q=alert"]]
    urls += [live_server.url + f"/tags/{tag.pk}/" for tag in tags[:5]]
    urls += [live_server.url + article.get_absolute_url() for article in articles]
    # Playwright's sync API runs an event loop in its thread, where Django refuses ORM
    # calls; the browser gets a thread of its own.
    with ThreadPoolExecutor(1) as pool:
        fired, dialogs, foreign, violated = pool.submit(render_and_watch, live_server.url, urls).result()
    assert not fired and not dialogs, (fired, dialogs)
    assert not foreign, foreign
    assert not violated, violated
