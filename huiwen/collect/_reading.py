"""All the CPU work of collecting one page, bounded: decode, extract, field rules, enrichment.

A page is whatever a remote site chose to send, and a few kinds of text (millions of
digits, random bytes declared GBK) make segmentation run for minutes. The work is bounded
twice: by size (the body an article may have, the share of unreadable characters, the text
enrichment reads) and by a hard budget of time and memory. Python cannot stop a thread and
signals reach only the main thread, so the budget is a worker process per concurrent
reader (pebble's ProcessPool kills a task's process when it overruns and starts another);
the cost is one pickled page each way. :meth:`PageReader.submit` returns at once, so the
collecting thread fetches and stores other pages while a page is read.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import re
import resource
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pebble import ProcessExpired, ProcessPool

from huiwen.collect.overrides import FieldOverrides, apply_overrides
from huiwen.extract import Extracted, extract
from huiwen.text import decode_html

if TYPE_CHECKING:
    from pebble import ProcessFuture

__all__ = ["MAX_ARTICLE_CHARS", "NotAnArticle", "OverBudget", "PageReader", "PendingRead", "ReadingBudget", "read_page"]

#: No news article is longer; a body this size is a dump, a log or a generated bomb.
MAX_ARTICLE_CHARS = 200_000
#: Bodies with more than this share of U+FFFD, control or private-use characters were
#: decoded with the wrong charset or are not text at all.
MAX_UNREADABLE_SHARE = 0.02
_MIN_UNREADABLE = 20
_UNREADABLE = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")


class NotAnArticle(Exception):
    """The page is no article: not HTML, far too long, or not readable text."""


class OverBudget(Exception):
    """Reading the page took more time or memory than its budget allows."""


@dataclass(frozen=True)
class ReadingBudget:
    #: Wall-clock seconds one page may take from decoding to keywords.
    seconds: float = 30.0
    #: Address space of a reading process; past it the page fails with MemoryError.
    memory_mb: int = 2048
    #: Pages read at once: one process each, so as many as the threads that collect.
    workers: int = 2


def read_page(
    content: bytes | str,
    url: str,
    *,
    declared_charset: str | None = None,
    overrides: FieldOverrides = FieldOverrides(),
    boilerplate: frozenset[str] = frozenset(),
) -> Extracted:
    """Decode ``content`` the way a browser would, extract the article (without the lines
    learned as its source's ``boilerplate``), apply the source's field rules and compute
    its summary and keywords. Raises :class:`NotAnArticle`."""
    html = content if isinstance(content, str) else decode_html(content, declared_charset)
    extracted = extract(html, url=url if url.startswith("http") else None, boilerplate=boilerplate)
    article = apply_overrides(extracted, html, url, overrides)
    _check_readable(article.text)
    # Computed here, inside the budget; cached on the article, it travels with it.
    article.enrichment  # noqa: B018
    return article


def _check_readable(text: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise NotAnArticle(
            f"the extracted body has {len(text):,} characters, more than any article ({MAX_ARTICLE_CHARS:,}); "
            "the page is a dump or a generated page"
        )
    unreadable = len(_UNREADABLE.findall(text))
    if unreadable >= _MIN_UNREADABLE and unreadable > MAX_UNREADABLE_SHARE * len(text):
        raise NotAnArticle(
            f"{unreadable:,} of {len(text):,} body characters are unreadable (U+FFFD, control or private use): "
            "the page declares the wrong charset or is not text"
        )


class PageReader:
    """Runs :func:`read_page` in worker processes that are killed when a page overruns.

    Thread-safe: collection threads share one reader per process (see ``shared_reader``
    in the sources app), as they share one fetcher.
    """

    def __init__(self, budget: ReadingBudget = ReadingBudget()) -> None:
        self.budget = budget
        # forkserver, not fork: the caller has threads (Huey, gunicorn) and forking a
        # threaded process can copy a held lock into the child.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        self._pool = ProcessPool(
            max_workers=budget.workers, initializer=_prepare_worker, initargs=(budget.memory_mb,), context=context
        )
        atexit.register(self.close)

    def submit(
        self,
        content: bytes | str,
        url: str,
        *,
        declared_charset: str | None = None,
        overrides: FieldOverrides = FieldOverrides(),
        boilerplate: frozenset[str] = frozenset(),
    ) -> PendingRead:
        """Start :func:`read_page` in a reading process; the caller takes the article from
        the returned handle when it needs it."""
        future = self._pool.schedule(
            _read_page_or_exit, args=(content, url),
            kwargs={"declared_charset": declared_charset, "overrides": overrides, "boilerplate": boilerplate},
            timeout=self.budget.seconds,
        )
        return PendingRead(future, self.budget)

    def read(self, content: bytes | str, url: str, **options) -> Extracted:
        """:meth:`submit` and wait: :func:`read_page` within the budget (``options`` as
        there); raises :class:`OverBudget` or :class:`NotAnArticle`."""
        return self.submit(content, url, **options).result()

    def close(self) -> None:
        if self._pool.active:
            self._pool.stop()
            self._pool.join()

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class PendingRead:
    """A page being read by a :class:`PageReader`."""

    def __init__(self, future: ProcessFuture, budget: ReadingBudget) -> None:
        self._future, self._budget = future, budget

    def cancel(self) -> None:
        """Stop reading the page (its process is replaced if it had started)."""
        self._future.cancel()

    def result(self) -> Extracted:
        """The article, once read; raises :class:`OverBudget` or :class:`NotAnArticle`."""
        try:
            return self._future.result()
        except FutureTimeout:
            raise OverBudget(
                f"reading the page took more than its {self._budget.seconds:g} s budget (HUIWEN_PAGE_TIME_BUDGET) and was stopped"
            ) from None
        except ProcessExpired as error:
            if error.exitcode == _OUT_OF_MEMORY_EXIT:
                raise OverBudget(
                    f"reading the page needed more than its {self._budget.memory_mb} MiB budget (HUIWEN_PAGE_MEMORY_MB)"
                ) from None
            raise OverBudget(f"the process reading the page died ({error}); the page is probably hostile") from None


#: Exit status of a reading process whose page ran out of its memory budget.
_OUT_OF_MEMORY_EXIT = 75


def _read_page_or_exit(*args, **kwargs) -> Extracted:
    """:func:`read_page` in a worker, which ends itself when the page ran out of memory:
    the heap the page filled stays too fragmented for the next page's allocations (or a
    library still to be mapped), so a fresh process takes the next page."""
    try:
        return read_page(*args, **kwargs)
    except MemoryError:
        os._exit(_OUT_OF_MEMORY_EXIT)


def _prepare_worker(memory_mb: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))
    # Load the segmentation dictionaries before the first task's clock starts.
    from huiwen.text.keywords import warm_up

    warm_up()
