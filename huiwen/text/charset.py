"""Turn fetched bytes into text the way a browser would.

Order of evidence, strongest first: byte-order mark, the charset the server declared
(HTTP ``Content-Type``), a ``<meta charset>`` / ``http-equiv`` in the first bytes of the
document, and only when nothing is declared, statistical detection over the whole body.
Labels are mapped the WHATWG way (``gb2312`` really means GBK, which gb18030 extends;
``iso-8859-1`` really means windows-1252), because that is how the pages were authored
and tested by their owners.

Chinese sites mislabel often enough that a declaration is checked rather than trusted:
bytes that are valid UTF-8 but labelled with a legacy CJK charset are UTF-8 (a real GBK
text of any length is practically never valid UTF-8), and a declared decode that produces
many errors falls back to strict UTF-8 and then detection. Never raises.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "normalise_charset_label"]

#: How far into the document a ``<meta charset>`` is honoured (HTML spec says 1024; real
#: Chinese pages often put a long ``<title>``/keywords first, so look a little further).
META_SNIFF_BYTES = 4096
#: A declared decode is rejected when more than this share of its characters are U+FFFD.
MAX_REPLACEMENT_RATIO = 0.002
#: ...or when it produced at least this many replacement characters outright.
MAX_REPLACEMENTS = 8

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG encoding labels that differ from what Python's codec registry would pick.
_LABEL_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "gb18030": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cn-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "windows-1252": "cp1252",
    "cp819": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    # A page cannot really be UTF-16 if it declared so in ASCII-compatible bytes.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_LEGACY_CJK = frozenset({"gb18030", "big5hkscs", "shift_jis", "euc_jp", "euc_kr", "cp949", "cp932"})

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")


def normalise_charset_label(label: str | None) -> str | None:
    """Map an encoding label to the Python codec a browser would effectively use."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _LABEL_ALIASES.get(cleaned, cleaned)
    try:
        name = codecs.lookup(cleaned).name
    except LookupError:
        return None
    return _LABEL_ALIASES.get(name, name)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML document; ``declared`` is the charset from the HTTP header, if any."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("decode_html expects bytes")
    data = bytes(data)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")

    declarations = [normalise_charset_label(declared), _sniff_meta_charset(data)]
    declarations = [codec for codec in declarations if codec]
    if declarations:
        codec = declarations[0]
        if codec in _LEGACY_CJK and _is_strict_utf8_with_multibyte(data):
            return data.decode("utf-8")
        text = data.decode(codec, errors="replace")
        if not _too_many_errors(text):
            return text
        return _guess(data, exclude=codec) or text

    return _guess(data) or data.decode("utf-8", errors="replace")


def _sniff_meta_charset(data: bytes) -> str | None:
    head = data[:META_SNIFF_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return normalise_charset_label(match.group(1).decode("ascii", "ignore")) if match else None


def _is_strict_utf8_with_multibyte(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _too_many_errors(text: str) -> bool:
    replacements = text.count("\ufffd")
    return replacements >= MAX_REPLACEMENTS or replacements > len(text) * MAX_REPLACEMENT_RATIO


# Chinese text is mostly made of each script's frequently used characters: GB2312's
# level-1 block (3,755 characters, lead bytes B0–D7) and Big5's frequent block (5,401
# characters, lead bytes A4–C6). Bytes of one encoding read as the other decode to a
# scatter of rare characters, which is how the two are told apart.
_FREQUENT_BLOCK = {"gb18030": ("gb2312", 0xB0, 0xD7), "big5hkscs": ("big5", 0xA4, 0xC6)}
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Share of frequent characters above which a strict Chinese decode is trusted.
MIN_FREQUENT_SHARE = 0.6
_SAMPLE_HAN = 3000


def _frequent_share(text: str, codec: str) -> float:
    legacy, first, last = _FREQUENT_BLOCK[codec]
    han = _HAN.findall(text)[:_SAMPLE_HAN]
    if not han:
        return 0.0
    frequent = 0
    for character in han:
        try:
            encoded = character.encode(legacy)
        except UnicodeEncodeError:
            continue
        frequent += first <= encoded[0] <= last
    return frequent / len(han)


def _guess_chinese(data: bytes) -> str | None:
    """A GB18030 or Big5 decode, with hardly any errors, whose characters are mostly
    the common ones.

    Statistical detectors trained on many languages sometimes call undeclared GBK pages
    Cyrillic; for a Chinese-first reader, Chinese is checked first. Real pages often
    carry a stray invalid byte, so a handful of errors is tolerated.
    """
    best_text, best_share = None, MIN_FREQUENT_SHARE
    for codec in _FREQUENT_BLOCK:
        text = data.decode(codec, errors="replace")
        if _too_many_errors(text):
            continue
        share = _frequent_share(text, codec)
        if share > best_share:
            best_text, best_share = text, share
    return best_text


def _guess(data: bytes, exclude: str | None = None) -> str | None:
    """Strict UTF-8 first (cheap and unambiguous), then Chinese, then statistical
    detection."""
    if exclude != "utf-8":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if chinese := _guess_chinese(data):
        return chinese
    from charset_normalizer import from_bytes  # imported lazily: costly and rarely needed

    best = from_bytes(data).best()
    if best is None:
        return None
    codec = normalise_charset_label(best.encoding) or best.encoding
    if codec == exclude:
        return None
    text = data.decode(codec, errors="replace")
    return None if _too_many_errors(text) else text
