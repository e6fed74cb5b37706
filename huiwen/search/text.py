"""How text becomes search tokens, the same way for articles and for queries.

Text is folded first — NFKC (full-width letters and digits become ASCII), lower case,
Traditional to Simplified (OpenCC's ``t2s``) — then segmented with jieba's search mode
(``rjieba``, the Rust port: the same dictionary and the same tokens as jieba, about 90
times faster; see docs/architecture.md). Folding before segmenting means ``臺灣`` and
``台湾`` become the same token in documents and in queries alike, and jieba's dictionary,
which is Simplified, segments Traditional text as well as Simplified.

Tokens are runs of letters and digits only: punctuation, spaces and symbols are never
tokens, so a token can be quoted into an FTS5 or tsquery expression without meaning
anything there but a word.
"""

from __future__ import annotations

import re
import unicodedata

from huiwen.text.segment import search_words
from huiwen.text.simplified import to_simplified

__all__ = ["MAX_INDEXED_CHARS", "MAX_QUERY_CHARS", "MAX_QUERY_TOKENS", "fold", "fold_aligned", "index_tokens", "query_tokens"]

#: Characters of an article's text that are indexed: a word deeper than this in a very
#: long article is not found (articles are rarely a tenth of it; collection refuses
#: bodies over 200,000 characters).
MAX_INDEXED_CHARS = 30_000
#: A query is read up to this many characters and this many distinct tokens; the rest of
#: a pasted page is ignored rather than turned into a huge expression.
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12

# Particles present in nearly every document: their posting lists are the largest in the
# index and match everything, so they are neither indexed nor searched for.
_PARTICLES = frozenset("的了和是在与及或着之也就都而其被把")

# A token is a run of letters, marks and digits (no underscore: FTS5's unicode61 and
# PostgreSQL's parser split on it, and a token must be one word to both).
_WORD_RUN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """NFKC, lower case, Traditional to Simplified."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text.lower())


def fold_aligned(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` with, for each folded character, the index of the character of
    ``text`` it came from (NFKC may turn one character into several)."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    if len(normalized) == len(text):
        origin = list(range(len(text)))
    else:
        pieces: list[str] = []
        origin = []
        for index, char in enumerate(text):
            folded = unicodedata.normalize("NFKC", char).lower()
            pieces.append(folded)
            origin.extend([index] * len(folded))
        normalized = "".join(pieces)
    converted = to_simplified(normalized)
    if len(converted) != len(normalized):
        # OpenCC keeps lengths for t2s in practice; if a phrase ever changed length,
        # convert character by character so positions still line up.
        converted = "".join(to_simplified(char) or char for char in normalized)
        if len(converted) != len(normalized):
            converted = normalized
    return converted, origin


def _tokens(folded: str) -> list[str]:
    # Words joined by a space: one regex pass finds the letter-and-digit runs of every
    # word at once, and no run crosses from one word into the next.
    runs = _WORD_RUN.findall(" ".join(search_words(folded)))
    return [run for run in runs if run not in _PARTICLES]


def index_tokens(text: str, limit: int = MAX_INDEXED_CHARS) -> str:
    """The space-separated tokens stored in the index for ``text``."""
    return " ".join(_tokens(fold(text[:limit])))


def query_tokens(query: str) -> list[str]:
    """The distinct tokens a query searches for (all must match), in query order.

    Anything a reader can type is safe here: control characters, NUL, lone surrogates
    and FTS syntax are not letters or digits, so they never reach a token."""
    text = query[:MAX_QUERY_CHARS].encode("utf-8", "replace").decode("utf-8", "replace")
    seen: dict[str, None] = {}
    for token in _tokens(fold(text)):
        seen.setdefault(token, None)
    # Search mode adds a word's dictionary sub-words (中华人民共和国: 中华, 人民, 共和国…)
    # in documents and queries alike, so a document with the word has them too: asking
    # for them as well changes nothing but the cost (and PostgreSQL's estimate, which
    # takes the words for independent).
    words = [t for t in seen if not any(t != other and t in other for other in seen)]
    return words[:MAX_QUERY_TOKENS]
