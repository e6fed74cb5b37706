"""Per-source field rules for sites the automatic extractor gets wrong.

An operator gives a CSS selector, or an XPath (starting with ``/`` or ``(``), per field;
whatever a rule finds replaces the automatic value, everything else stays automatic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector, SelectorError

from huiwen.extract import Extracted, extract, parse_date


class InvalidRule(ValueError):
    """A field rule is neither a valid CSS selector nor a valid XPath; ``detail`` is the
    parser's reason."""

    def __init__(self, rule: str, detail: str) -> None:
        self.rule, self.detail, self.is_xpath = rule, detail, rule.startswith(("/", "("))
        super().__init__(f"{rule!r} is not a valid {'XPath' if self.is_xpath else 'CSS selector'}: {detail}")


@dataclass(frozen=True)
class FieldOverrides:
    title: str = ""
    body: str = ""
    published_at: str = ""
    author: str = ""

    def __bool__(self) -> bool:
        return any((self.title, self.body, self.published_at, self.author))


def compile_rule(rule: str):
    """Compile a CSS selector or XPath; raises InvalidRule with the parser's reason."""
    rule = rule.strip()
    try:
        return etree.XPath(rule) if rule.startswith(("/", "(")) else CSSSelector(rule)
    except (etree.XPathSyntaxError, SelectorError) as error:
        raise InvalidRule(rule, str(error)) from error


def _first_element(root, rule: str):
    matches = [m for m in compile_rule(rule)(root) if isinstance(m, etree._Element)]
    return matches[0] if matches else None


def _text(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def apply_overrides(article: Extracted, html: str, url: str | None, overrides: FieldOverrides) -> Extracted:
    """The article with each field that has a rule taken from what the rule selects."""
    if not overrides:
        return article
    root = lxml_html.document_fromstring(html)
    changes: dict = {}
    if overrides.title and (title := _text(_first_element(root, overrides.title))):
        changes["title"] = title
    if overrides.author and (author := _text(_first_element(root, overrides.author))):
        changes["author"] = " ".join(author.replace("作者", " ").replace(":", " ").replace("：", " ").split())
    if overrides.published_at and (published := parse_date(_text(_first_element(root, overrides.published_at)))):
        changes["published_at"] = published
    if overrides.body and (body := _first_element(root, overrides.body)) is not None:
        # The selected element alone goes through the normal pipeline, so the body
        # still becomes typed blocks with bylines and boilerplate taken out.
        wrapped = f"<html><body><article>{etree.tostring(body, encoding='unicode', method='html')}</article></body></html>"
        changes["blocks"] = extract(wrapped, url=url).blocks
    return replace(article, **changes) if changes else article
