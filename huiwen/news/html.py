"""Article body HTML: one allow-list for everything that reaches a reader.

nh3 (the Ammonia sanitiser) does the parsing and filtering; this module only states
what we allow, so collected pages and staff edits go through the same gate.
"""

from __future__ import annotations

import re

import nh3
from lxml import html as lxml_html

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "pre", "code", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
    "figure", "figcaption", "img", "a",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A script URL in a non-URL attribute (a title, an alt text) is inert in a browser, but
# copied out by a reader or another tool it may not be: such values are dropped too.
_SCRIPT_URL = re.compile(r"^[\s\x00-\x1f]*(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|^\s*data\s*:\s*text/html", re.IGNORECASE)


# C0 controls other than tab and line breaks are not allowed in HTML text; left in, they
# also make lxml refuse the fragment when the plain text is derived.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _drop_script_urls(tag: str, attribute: str, value: str) -> str | None:
    return None if _SCRIPT_URL.search(value) else value


# Text of these elements ends a line in the plain-text rendering.
_BLOCK_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote", "pre", "tr", "figcaption", "br", "hr", "caption"}


def clean_body_html(html: str) -> str:
    """Sanitise article HTML: keep structure, images and links; drop scripts, styles,
    event handlers and ``javascript:`` URLs. Links get ``rel="noopener nofollow"``."""
    return nh3.clean(
        _CONTROL_CHARACTERS.sub("", html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_drop_script_urls,
        link_rel="noopener nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(html: str) -> str:
    """Plain text of sanitised body HTML, one block per line."""
    if not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)

