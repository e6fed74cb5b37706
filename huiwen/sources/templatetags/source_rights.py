"""``first_paragraph``: the excerpt an article page shows under the excerpt rights mode."""

from __future__ import annotations

import lxml.html
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def first_paragraph(body_html: str) -> str:
    """The first paragraph with text of an article body (already sanitised on save)."""
    if not body_html or not body_html.strip():
        return ""
    try:
        fragments = lxml.html.fragments_fromstring(body_html)
    except Exception:  # noqa: BLE001 - a body that does not parse shows no excerpt
        return ""
    for fragment in fragments:
        if not isinstance(fragment, lxml.html.HtmlElement):
            continue
        candidates = [fragment] if fragment.tag == "p" else fragment.iter("p")
        for paragraph in candidates:
            if paragraph.text_content().strip():
                paragraph.tail = None
                return mark_safe(lxml.html.tostring(paragraph, encoding="unicode"))
    return ""
