"""Parsing and small tree helpers shared by the pipeline stages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

from huiwen.extract._policy import current_policy
from huiwen.text.charset import decode_html

_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, recover=True, compact=True
)
# libxml2 refuses str input with an encoding declaration, and NUL/control characters.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))
# U+FFFE and U+FFFF in UTF-8; a lead byte EF can only start a whole character.
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_WHITESPACE = re.compile(r"\s+")
CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
#: Words after which a class token describes the layout around a box, not the box.
_LAYOUT_MODIFIERS = frozenset({"with", "w", "has", "no", "without", "not"})


def parse_html(html: bytes | str) -> etree._Element | None:
    """Parse a document into an lxml tree; ``None`` when there is nothing to parse."""
    policy = current_policy()
    if isinstance(html, (bytes, bytearray, memoryview)):
        text = decode_html(bytes(html[:policy.max_input_bytes]))
    else:
        text = html[:policy.max_input_bytes]
    text = _without_control_chars(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        return etree.fromstring(text, _PARSER)
    except (etree.ParserError, ValueError):
        return None


def _without_control_chars(text: str) -> str:
    # Deleting bytes from the UTF-8 form is ~1.5x faster than a character-class regex on
    # pages beyond Latin-1; control characters are single bytes, never inside a multibyte one.
    data = text.encode("utf-8", "surrogatepass").translate(None, _CONTROL_BYTES)
    for noncharacter in _NONCHARACTERS:
        data = data.replace(noncharacter, b"")
    return data.decode("utf-8", "surrogatepass")


def collapse_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def element_text(element: etree._Element) -> str:
    """All text inside an element, whitespace collapsed."""
    return collapse_whitespace("".join(element.itertext()))


def class_words(element: etree._Element) -> frozenset[str]:
    """Lowercased words of an element's class and id ("newsContent_box" -> news, content, box)."""
    return _words_of_names(f"{element.get('class') or ''} {element.get('id') or ''}")


# A page repeats a few class names on hundreds of elements; split each spelling once.
@lru_cache(maxsize=4096)
def _words_of_names(raw: str) -> frozenset[str]:
    if not raw.strip():
        return frozenset()
    # Some generators put URLs in ids; their path words ("more", "archive") mean nothing.
    words: set[str] = set()
    for token in raw.split():
        if "/" in token or ":" in token:
            continue
        for word in CLASS_WORD.findall(token):
            word = word.lower()
            if word in _LAYOUT_MODIFIERS:
                # "has-sidebar", "and-w-sidebar", "no-comments", "page-with-share": the rest
                # of the token says what the box sits next to, not what it is.
                break
            words.add(word)
    return frozenset(words)


def iter_bounded(root: etree._Element) -> Iterator[etree._Element]:
    """Elements (no comments or processing instructions) in document order.

    Bounded by construction: without ``huge_tree`` libxml2 stops nesting at 256 levels
    (MAX_DEPTH), so lxml's own C-level iteration is safe on hostile, deeply nested input
    and several times faster than walking the tree in Python.
    """
    return root.iter(etree.Element)


def remove_keeping_tail(element: etree._Element) -> None:
    """Drop an element and its content but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


#: Tags that start a new line when an element's text is read line by line.
BLOCK_LINE_TAGS = frozenset({
    "p", "div", "td", "th", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5",
    "h6", "pre", "blockquote", "section", "article", "main", "table", "tr", "center",
    "figure", "figcaption", "header", "footer", "br", "hr", "nav", "aside", "form", "body",
})


# libxslt writes the text out in C, with a newline around every block element; that is
# several times faster than visiting each node from Python. "/" selects only the root
# element: on a whole document, text after </html> is not part of it.
_BLOCK_LINES = etree.XSLT(etree.XML(f"""
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/"><xsl:apply-templates select="*[1]"/></xsl:template>
  <xsl:template match="{"|".join(sorted(BLOCK_LINE_TAGS))}">
    <xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
"""))


def text_lines(root: etree._Element) -> list[str]:
    """The element's text as displayed lines: block elements and <br> break lines."""
    # str.split() splits at exactly the characters \s matches, so this is collapse_whitespace.
    return [" ".join(words) for line in str(_BLOCK_LINES(root)).split("\n") if (words := line.split())]


_NOT_WORD = re.compile(r"[\W_]+")


def squash(text: str) -> str:
    """Text without punctuation, spaces or case: how a headline is matched across copies."""
    return _NOT_WORD.sub("", text).lower()
