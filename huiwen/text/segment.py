"""Word segmentation with jieba, initialised once and quietly on first use."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

__all__ = ["segment", "tokenizer"]

_init_lock = threading.Lock()


@lru_cache(maxsize=1)
def tokenizer() -> "jieba.Tokenizer":
    """The shared jieba tokenizer; building its prefix dictionary takes about a second."""
    with _init_lock:
        import jieba

        # jieba logs "Building prefix dict..." at DEBUG/INFO on every process start.
        jieba.setLogLevel(logging.WARNING)
        jieba.dt.initialize()
        return jieba.dt


def segment(text: str) -> list[str]:
    """Split text into words, dropping whitespace-only tokens."""
    return [word for word in tokenizer().cut(text) if word.strip()]
