"""Traditional to Simplified Chinese with OpenCC's ``t2s``, one converter per process.

Search folds documents and queries with it, and enrichment folds a body before jieba
(whose dictionary is Simplified) tags it. ``t2s`` maps character for character and
phrase for phrase, so in practice a text keeps its length and every character its
position; callers that rely on positions check the length. The converter loads its
dictionaries (a few MB) on first use, not when ``huiwen.text`` is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache

__all__ = ["to_simplified"]

_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    with _load_lock:
        import opencc

        return opencc.OpenCC("t2s").convert


def to_simplified(text: str) -> str:
    return _converter()(text)
