"""One collection run of one source: discover URLs, fetch, extract, dedupe, store.

Every failure is recorded on the URL's ``Page`` row (or, for the source's own location,
on the source) with the reason; nothing a remote site sends can stop the run or touch
what is already stored.
"""

from __future__ import annotations

import copy
import itertools
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwen.collect import (
    DiscoveredLink,
    NotAnArticle,
    OverBudget,
    PageReader,
    PendingRead,
    ReadingBudget,
    SitemapLinks,
    canonical_url,
    documents_from_path,
    documents_from_warc,
    links_from_feed,
    links_from_list_page,
    links_from_sitemap,
    list_page_urls,
    url_key,
)
from huiwen.demo import origin as demo_origin
from huiwen.extract import Extracted
from huiwen.fetch import (
    BlockedAddress,
    DecodingError,
    Fetcher,
    FetchError,
    HTTPStatusError,
    InvalidURL,
    NetworkError,
    RobotsDisallowed,
    Timeout,
    TooLarge,
    TooManyRedirects,
)
from huiwen.news import tagging
from huiwen.news.models import Article, Tag
from huiwen.portal.fields import as_web_url
from huiwen.sources import dedupe
from huiwen.sources.boilerplate import learn_boilerplate
from huiwen.sources.checks import (
    OutsideImportFolders,
    blocked_address_message,
    fetch_policy,
    import_root,
    invalid_url_message,
    missing_path_message,
)
from huiwen.sources.models import Page, Source
from huiwen.text import decode_html

logger = logging.getLogger(__name__)
Parsed = TypeVar("Parsed")

#: A body shorter than this is not an article (a login wall, an index page, an error).
MIN_BODY_CHARS = 40
#: Sitemap indexes nest; this bounds how many sitemaps one run reads.
MAX_SITEMAPS = 50
#: Keywords added as tags to each collected article, after the source's default tags.
KEYWORD_TAGS = 5
#: Share of a run's pages that came back empty or identical before the source is flagged.
FLAG_SHARE = 0.5
#: Fetches of a page that keeps failing (timeouts, 5xx) before it is left alone.
MAX_FETCH_ATTEMPTS = 3
FLAG_MIN_PAGES = 2
#: Pages stored in one transaction (each article still whole with its tags, search entry
#: and fingerprint). A kill -9 loses at most the batch not yet committed, whose pages the
#: resumed run fetches again; the commit, the ingest lock and the per-batch lookups are
#: paid once for all of them.
STORE_BATCH = 20
#: A batch is stored once its first page has waited this long, so a slow site's pages
#: are not held back for the rest of the batch.
STORE_BATCH_SECONDS = 2.0
#: Pages fetched and handed to the reading process ahead of the one being stored: a
#: batch's worth, so the reading process has work while the collecting thread stores
#: a batch and fetches the next pages.
READ_AHEAD = STORE_BATCH
#: Articles `huiwen source test` and the admin's preview read.
PREVIEW_COUNT = 3
#: Characters of an article's text a preview shows.
PREVIEW_CHARS = 120


@dataclass
class Candidate:
    """A URL to collect, with its content when it came from disk rather than the web."""

    url: str
    hint: DiscoveredLink | None = None
    content: bytes | None = None
    declared_charset: str | None = None
    problem: str = ""


@dataclass
class RunReport:
    source: Source
    counts: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Content hash -> URLs, to spot a site serving the same text for every URL.
    bodies: dict[str, set[str]] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.counts[outcome] += 1

    def fail(self, url: str, reason: str, outcome: str = Page.Outcome.FAILED) -> None:
        self.count(outcome)
        self.errors.append((url, reason))

    def summary_line(self) -> str:
        return _(
            "%(name)s:新增 %(new)d,重复 %(duplicate)d,失败 %(failed)d,无正文 %(empty)d,已有 %(known)d,"
            "未变 %(unchanged)d,连续 %(attempts)d 次抓取失败而放弃 %(given_up)d"
        ) % {"name": self.source.name, "attempts": MAX_FETCH_ATTEMPTS,
             **{key: self.counts[key] for key in ("new", "duplicate", "failed", "empty", "known", "unchanged", "given_up")}}


@dataclass(frozen=True)
class PreviewItem:
    """What collecting one URL would store, or why it would fail."""

    url: str
    title: str = ""
    published_at: datetime | None = None
    author: str = ""
    opening: str = ""
    problem: str = ""
    #: The article already held that this one would be linked to as a repost.
    duplicate_of: Article | None = None
    #: The URL was collected before, so a run would skip it.
    already_held: bool = False


_shared_fetcher: Fetcher | None = None
_demo_fetcher: Fetcher | None = None
_shared_reader: PageReader | None = None
_shared_lock = threading.Lock()


def shared_fetcher() -> Fetcher:
    """One fetcher per process, so per-host politeness holds across worker threads."""
    global _shared_fetcher
    with _shared_lock:
        if _shared_fetcher is None:
            _shared_fetcher = Fetcher(fetch_policy())
        return _shared_fetcher


def fetcher_for(source: Source) -> Fetcher:
    """The shared fetcher; the demo's own feed gets one allowed to reach the site itself."""
    global _demo_fetcher
    if not demo_origin.is_demo_feed(source.location):
        return shared_fetcher()
    with _shared_lock:
        if _demo_fetcher is None:
            _demo_fetcher = Fetcher(fetch_policy(source.location))
        return _demo_fetcher


def shared_reader() -> PageReader:
    """One pool of reading processes per process, one process per collecting thread."""
    global _shared_reader
    with _shared_lock:
        if _shared_reader is None:
            _shared_reader = PageReader(ReadingBudget(
                seconds=settings.PAGE_TIME_BUDGET, memory_mb=settings.PAGE_MEMORY_MB, workers=settings.HUEY["consumer"]["workers"],
            ))
        return _shared_reader


_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def start_reading(
    candidate: Candidate, fetcher: Fetcher, reader: PageReader, source: Source, boilerplate: frozenset[str] = frozenset()
) -> tuple[PendingRead | None, str]:
    """Fetch the candidate (unless its content came from disk) and start reading it,
    without the lines learned as the source's ``boilerplate``; returns the reading under
    way and the final URL.

    None when the candidate was unusable before extraction (``candidate.problem``).
    Raises FetchError or NotAnArticle with the reason.
    """
    if candidate.problem:
        return None, candidate.url
    if candidate.content is not None:
        url, content, charset = candidate.url, candidate.content, candidate.declared_charset
    else:
        result = fetcher.fetch(candidate.url)
        content_type = result.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type and content_type not in _PAGE_TYPES:
            raise NotAnArticle(_("服务器发来的是 %(type)s,不是 HTML 网页") % {"type": content_type})
        url, content, charset = result.url, result.content, result.encoding_declared
    return reader.submit(content, url, declared_charset=charset, overrides=source.overrides, boilerplate=boilerplate), url


def extract_candidate(
    candidate: Candidate, fetcher: Fetcher, reader: PageReader, source: Source, boilerplate: frozenset[str] = frozenset()
) -> tuple[Extracted | None, str]:
    """:func:`start_reading`, waiting for the article. Raises FetchError, NotAnArticle
    or OverBudget with the reason."""
    pending, url = start_reading(candidate, fetcher, reader, source, boilerplate)
    return (pending.result() if pending else None), url


@dataclass
class _Fetched:
    """A URL on its way to storage: its page record, and its article or why there is none."""

    candidate: Candidate
    page: Page | None
    final_url: str
    extracted: Extracted | None = None
    outcome: str = ""
    reason: str = ""


class Collector:
    def __init__(self, source: Source, fetcher: Fetcher, reader: PageReader, *, since: datetime | None = None,
                 limit: int | None = None, on_progress: Callable[[str], None] | None = None) -> None:
        self.source = source
        self.fetcher = fetcher
        self.reader = reader
        self.since = since
        self.limit = limit or settings.COLLECT_MAX_ARTICLES_PER_RUN
        self.on_progress = on_progress or (lambda _url: None)
        self.report = RunReport(source)
        # What any worker has learned about this source so far, read once per run.
        self.boilerplate = source.learned_boilerplate()

    # -- discovery ---------------------------------------------------------------

    def _fetch_location(self, url: str, *, conditional: bool, may_be_missing: bool = False) -> tuple[str, bytes, str | None] | None:
        """Fetch a discovery document; None when unchanged or failed (recorded), or
        missing when ``may_be_missing`` (the page after a list's last page)."""
        source = self.source
        try:
            result = self.fetcher.fetch(
                url,
                etag=source.location_etag or None if conditional else None,
                last_modified=source.location_last_modified or None if conditional else None,
            )
        except HTTPStatusError as error:
            if not (may_be_missing and error.status in (404, 410)):
                self.report.fail(url, fetch_failure_reason(error))
            return None
        except FetchError as error:
            self.report.fail(url, fetch_failure_reason(error))
            return None
        if result.not_modified:
            self.report.count("unchanged")
            return None
        if conditional:
            source.location_etag = result.etag or ""
            source.location_last_modified = result.last_modified or ""
        return result.url, result.content, result.encoding_declared

    def _parse_location(self, url: str, parse: Callable[[], Parsed], nothing: Parsed) -> Parsed:
        """What a discovery parser read from ``url``; a crash on hostile bytes (even a
        MemoryError) is that location's recorded failure, not the end of the run."""
        try:
            return parse()
        except Exception as error:  # noqa: BLE001 - hostile input must not end the run
            logger.exception("could not read the discovery document %s", url)
            self.report.fail(url, _("无法把 %(url)s 读作%(kind)s:%(error)s") % {
                "url": url, "kind": self.source.get_kind_display(), "error": f"{type(error).__name__}: {error}"})
            return nothing

    def discover(self) -> Iterator[Candidate]:
        kind, location = self.source.kind, self.source.location
        if kind == Source.Kind.URL:
            yield Candidate(location)
        elif kind == Source.Kind.FEED:
            fetched = self._fetch_location(location, conditional=True)
            if fetched:
                links = self._parse_location(location, lambda: links_from_feed(fetched[1], fetched[0]), [])
                yield from (Candidate(link.url, link) for link in links)
        elif kind == Source.Kind.SITEMAP:
            yield from self._discover_sitemaps()
        elif kind == Source.Kind.LIST:
            yield from self._discover_list_pages()
        elif kind in (Source.Kind.FILES, Source.Kind.WARC):
            try:
                path, root = import_root(location)
            except OutsideImportFolders as error:
                self.report.fail(location, str(error))
                return
            if not path.exists():
                self.report.fail(location, missing_path_message(path))
                return
            documents = documents_from_path(path, within=root) if kind == Source.Kind.FILES else documents_from_warc(path)
            for document in documents:
                yield Candidate(document.url, content=document.content, declared_charset=document.declared_charset, problem=document.problem)

    def _discover_sitemaps(self) -> Iterator[Candidate]:
        pending, seen = [self.source.location], set()
        while pending and len(seen) < MAX_SITEMAPS:
            url = pending.pop(0)
            if url in seen:
                continue
            seen.add(url)
            fetched = self._fetch_location(url, conditional=url == self.source.location)
            if not fetched:
                continue
            found = self._parse_location(url, lambda: links_from_sitemap(fetched[1], fetched[0]), SitemapLinks())  # noqa: B023 - called at once
            pending.extend(found.sitemaps)
            # Newest first, so a capped run takes the latest news.
            epoch = timezone.make_aware(datetime(1970, 1, 1))
            for link in sorted(found.pages, key=lambda link: link.published_at or epoch, reverse=True):
                yield Candidate(link.url, link)

    def _discover_list_pages(self) -> Iterator[Candidate]:
        source = self.source
        for number, url in enumerate(list_page_urls(source.location, source.page_url_template, source.max_pages)):
            fetched = self._fetch_location(url, conditional=number == 0, may_be_missing=number > 0)
            if not fetched:
                # An unchanged first page means nothing new further down either; a
                # missing later page is the end of the list.
                break
            final_url, content, declared = fetched
            links = self._parse_location(url, lambda: links_from_list_page(
                decode_html(content, declared), final_url, link_selector=source.link_selector, link_regex=source.link_regex  # noqa: B023 - called at once
            ), [])
            yield from (Candidate(link.url, link) for link in links)

    # -- one URL -----------------------------------------------------------------

    def collect(self) -> RunReport:
        if not self.source.active and self.source.blocked_reason:
            # Blocked after a takedown: not even an explicit run collects it until staff
            # switch it on again (which clears the reason).
            self.report.fail(self.source.location, _("采集源已停用:%(reason)s") % {"reason": self.source.blocked_reason})
            return self.report
        self._collect_all(itertools.chain(self.discover(), self._failed_before()))
        if self.report.counts["new"]:
            learn_boilerplate(self.source)
        self._record_health()
        return self.report

    def _failed_before(self) -> Iterator[Candidate]:
        """Pages an earlier run could not fetch, tried again even when the feed or list
        they came from is unchanged (a conditional GET answered 304 lists nothing)."""
        if self.source.kind not in (Source.Kind.FEED, Source.Kind.SITEMAP, Source.Kind.LIST):
            return
        failed = self.source.pages.filter(outcome=Page.Outcome.FAILED, attempts__lt=MAX_FETCH_ATTEMPTS)
        for page in failed.order_by("collected_at")[: self.limit]:
            yield Candidate(page.url)

    def _collect_all(self, candidates: Iterable[Candidate]) -> None:
        """Fetch and read the candidates ahead of storing them, and store what was read
        in batches (see ``READ_AHEAD`` and ``STORE_BATCH``)."""
        batch: list[_Fetched] = []
        started = 0.0
        for fetched in self._read_ahead(self._to_fetch(candidates)):
            if not batch:
                started = time.monotonic()
            batch.append(fetched)
            if len(batch) >= STORE_BATCH or time.monotonic() - started >= STORE_BATCH_SECONDS:
                self._store(batch)
                batch = []
        self._store(batch)

    def _to_fetch(self, candidates: Iterable[Candidate]) -> Iterator[tuple[Candidate, Page]]:
        """The candidates this run fetches, each with its page record (new or held), up
        to the run's limit; URLs already settled or given up are counted and skipped. The
        held records are looked up for a batch of candidates in one query."""
        tried: set[str] = set()

        def wanted() -> Iterator[tuple[Candidate, str]]:
            for candidate in candidates:
                key = url_key(candidate.url)
                if key in tried:
                    continue
                tried.add(key)
                if self.since and candidate.hint and candidate.hint.published_at and candidate.hint.published_at < self.since:
                    continue
                yield candidate, key

        taken = 0
        pending = wanted()
        while taken < self.limit and (chunk := list(itertools.islice(pending, STORE_BATCH))):
            held = {page.url_key: page for page in Page.objects.filter(url_key__in=[key for _candidate, key in chunk])}
            for candidate, key in chunk:
                if taken >= self.limit:
                    return
                self.on_progress(candidate.url)
                page = held.get(key)
                if page and page.is_settled:
                    # Also a URL whose article was removed after a takedown: its row stays
                    # settled (the admin refuses to delete it), so it is never fetched again.
                    self.report.count("known")
                elif page and page.outcome == Page.Outcome.FAILED and page.attempts >= MAX_FETCH_ATTEMPTS:
                    self.report.count("given_up")  # deleting its 采集记录 in admin lets it be tried afresh
                else:
                    taken += 1
                    yield candidate, page or Page(source=self.source, url=canonical_url(candidate.url)[:2000], url_key=key)

    def _read_ahead(self, wanted: Iterator[tuple[Candidate, Page]]) -> Iterator[_Fetched]:
        """Each wanted page fetched and read, in order, with up to ``READ_AHEAD`` more
        being read meanwhile."""
        pending: deque[tuple[Candidate, Page, tuple[PendingRead | None, str, str, str]]] = deque()
        try:
            for candidate, page in wanted:
                page.attempts += 1
                page.collected_at = timezone.now()
                pending.append((candidate, page, self._begin(candidate)))
                if len(pending) > READ_AHEAD:
                    yield self._finish(*pending.popleft())
            while pending:
                yield self._finish(*pending.popleft())
        finally:
            for _candidate, _page, (reading, *_rest) in pending:
                if reading:
                    reading.cancel()  # the run ended early (its lease was taken over)

    def _begin(self, candidate: Candidate) -> tuple[PendingRead | None, str, str, str]:
        """Fetch the candidate and start reading it: the reading under way and the final
        URL, or None with the outcome (failed) and the reason."""
        try:
            reading, final_url = start_reading(candidate, self.fetcher, self.reader, self.source, self.boilerplate)
        except Exception as error:  # noqa: BLE001 - hostile input must not end the run
            return None, candidate.url, Page.Outcome.FAILED, _failure_reason(error, candidate.url)
        if reading is None:
            return None, final_url, Page.Outcome.FAILED, candidate.problem or _("未能读取")
        return reading, final_url, "", ""

    def _finish(self, candidate: Candidate, page: Page | None, begun: tuple[PendingRead | None, str, str, str]) -> _Fetched:
        """The candidate read; or, when it gave no article, the outcome (failed or empty)
        and the reason."""
        pending, final_url, outcome, reason = begun
        if pending is None:
            return _Fetched(candidate, page, final_url, outcome=outcome, reason=reason)
        try:
            extracted = pending.result()
        except Exception as error:  # noqa: BLE001 - hostile input must not end the run
            return _Fetched(candidate, page, final_url, outcome=Page.Outcome.FAILED, reason=_failure_reason(error, candidate.url))
        if len(extracted.text) < MIN_BODY_CHARS:
            return _Fetched(candidate, page, final_url, outcome=Page.Outcome.EMPTY, reason=_(
                "抽取到的正文只有 %(count)d 个字,这个页面可能需要正文规则"
            ) % {"count": len(extracted.text)})
        return _Fetched(candidate, page, final_url, extracted)

    def _store(self, batch: list[_Fetched]) -> None:
        """Store a batch of fetched pages in one transaction, each page's article or
        failure in a savepoint of it, so a page another worker stored meanwhile (caught
        by a unique constraint) is counted as known and the others are kept."""
        if not batch:
            return
        ready = [fetched for fetched in batch if fetched.extracted]
        # Everything that needs no lock is done before taking it: each article's cleaned
        # body, text and summary, its tag names and the text's fingerprint.
        articles, prints = {}, {}
        for fetched in ready:
            extracted = fetched.extracted
            articles[id(fetched)] = self._prepare_article(extracted, fetched.final_url, fetched.candidate.hint)
            prints[id(fetched)] = text_print = dedupe.print_of(extracted.text)
            self.report.bodies.setdefault(text_print.content_hash, set()).add(fetched.candidate.url)
        keyword_candidates = [fetched.extracted.enrichment.candidates for fetched in ready]
        names = dict(zip(map(id, ready), tagging.tag_names_for(keyword_candidates, self.source.tag_names, KEYWORD_TAGS), strict=True))
        learned = []
        with transaction.atomic():
            dedupe.lock_for_ingest(list(prints.values()), [fetched.page.url_key for fetched in batch])
            # Another worker may have taken some of these URLs while we read them.
            settled = set(Page.objects.filter(
                url_key__in=[fetched.page.url_key for fetched in batch], outcome__in=Page.SETTLED
            ).values_list("url_key", flat=True))
            tags = {tag.name: tag for tag in tagging.tags_named(sorted({name for each in names.values() for name in each}))}
            for fetched in batch:
                if fetched.extracted is None:
                    self.report.errors.append((fetched.page.url, fetched.reason))
                outcome = "known"
                if fetched.page.url_key not in settled:
                    try:
                        with transaction.atomic():
                            if fetched.extracted is None:
                                outcome = self._settle_unusable(fetched.page, fetched.outcome, fetched.reason)
                            else:
                                key = id(fetched)
                                outcome = self._ingest(fetched.page, articles[key], [tags[n] for n in names[key]], prints[key])
                    except IntegrityError:
                        # A unique constraint caught another worker storing this URL or
                        # text first: nothing of this page was kept, that worker's stands.
                        outcome = "known"
                if outcome == Page.Outcome.NEW:
                    learned.append(fetched.extracted.enrichment.candidates)
                self.report.count(outcome)
        if learned:
            tagging.learn_keywords(*learned)

    def _ingest(self, page: Page, article: Article, tags: list[Tag], fingerprint: dedupe.TextPrint) -> str:
        """Look for a held copy and store the article or the link to it: the article, its
        tags, search entry, fingerprint and page record together (the caller's
        transaction), so a crash leaves all of them or none."""
        match = dedupe.find_duplicate(fingerprint)
        if match:
            # A repost of a story removed after a takedown is linked to the removed
            # article like any duplicate, so it is never published either.
            page.article, page.similarity = match.article, round(match.similarity, 3)
            outcome, reason = Page.Outcome.DUPLICATE, _duplicate_reason(match.article)
        else:
            tagging.save_new_article(article, tags)
            dedupe.remember(article, fingerprint, new=True)
            page.article, outcome, reason = article, Page.Outcome.NEW, ""
        page.outcome, page.reason = outcome, reason
        page.save()
        return outcome

    def _read(self, candidate: Candidate) -> _Fetched:
        """The candidate fetched and read now, for a preview."""
        return self._finish(candidate, None, self._begin(candidate))

    def preview_one(self, candidate: Candidate) -> PreviewItem:
        """What :meth:`collect` would store from ``candidate``; stores nothing."""
        fetched = self._read(candidate)
        extracted, final_url = fetched.extracted, fetched.final_url
        if extracted is None:
            return PreviewItem(final_url, problem=fetched.reason)
        match = dedupe.find_duplicate(dedupe.print_of(extracted.text))
        settled = Page.objects.filter(url_key=url_key(candidate.url), outcome__in=Page.SETTLED)
        return PreviewItem(
            final_url,
            title=extracted.title or (candidate.hint.title if candidate.hint else ""),
            published_at=extracted.published_at or (candidate.hint.published_at if candidate.hint else None),
            author=extracted.author or "",
            opening=" ".join(extracted.text[:PREVIEW_CHARS].split()),
            duplicate_of=match.article if match else None,
            already_held=settled.exists(),
        )

    def _prepare_article(self, extracted: Extracted, url: str, hint: DiscoveredLink | None) -> Article:
        source = self.source
        published = extracted.published_at or (hint.published_at if hint else None) or timezone.now()
        article = Article(
            title=(hint.title if hint else "") or url,
            published_at=published,
            status=Article.Status.PUBLISHED if source.publish_mode == Source.PublishMode.AUTO else Article.Status.DRAFT,
            source_name=(extracted.source or source.name)[:100],
            source_url=as_web_url(url),
            lead_image_url=as_web_url(extracted.lead_image or ""),
            category=source.category,
        )
        _take_extracted_fields(article, extracted)
        article.prepare_text()
        return article

    def _settle_unusable(self, page: Page, outcome: str, reason: str) -> str:
        """Record a page that gave no article; never over a record another worker has
        meanwhile settled."""
        page.outcome, page.reason = outcome, reason
        if page.pk is not None:
            fields = {"outcome": outcome, "reason": reason, "attempts": page.attempts, "collected_at": page.collected_at}
            updated = Page.objects.filter(pk=page.pk).exclude(outcome__in=Page.SETTLED).update(**fields)
            return outcome if updated else "known"
        page.save()
        return outcome

    # -- health ------------------------------------------------------------------

    def _record_health(self) -> None:
        source, counts = self.source, self.report.counts
        repeated = sum(len(urls) for urls in self.report.bodies.values() if len(urls) > 1)
        attempted = counts["new"] + counts["duplicate"] + counts["empty"] + counts["failed"]
        bad = counts["empty"] + repeated
        source.flagged, source.flag_reason = False, ""
        if attempted >= FLAG_MIN_PAGES and bad / attempted >= FLAG_SHARE:
            source.flagged = True
            source.flag_reason = _(
                "%(attempted)d 个页面中 %(empty)d 个没有正文、%(repeated)d 个正文相同:网站版面可能改了,请检查页面并设置字段规则"
            ) % {"attempted": attempted, "empty": counts["empty"], "repeated": repeated}
        elif attempted >= FLAG_MIN_PAGES and counts["failed"] == attempted:
            source.flagged = True
            source.flag_reason = (_("%(attempted)d 个页面全部失败:%(reason)s") % {
                "attempted": attempted, "reason": self.report.errors[-1][1]})[:300]
        source.last_run_at = timezone.now()
        source.last_new, source.last_duplicates, source.last_failed = counts["new"], counts["duplicate"], counts["failed"] + counts["empty"]
        source.last_error = self.report.errors[-1][1][:2000] if self.report.errors else ""
        source.save(update_fields=[
            "flagged", "flag_reason", "last_run_at", "last_new", "last_duplicates", "last_failed", "last_error",
            "location_etag", "location_last_modified",
        ])


def collect_source(source: Source, *, fetcher: Fetcher | None = None, reader: PageReader | None = None,
                   since: datetime | None = None, limit: int | None = None,
                   on_progress: Callable[[str], None] | None = None) -> RunReport:
    """Run one collection of ``source`` now and return what happened."""
    return Collector(
        source, fetcher or fetcher_for(source), reader or shared_reader(), since=since, limit=limit, on_progress=on_progress
    ).collect()


def preview_source(source: Source, count: int = PREVIEW_COUNT, *, fetcher: Fetcher | None = None,
                   reader: PageReader | None = None) -> tuple[list[PreviewItem], list[tuple[str, str]]]:
    """What collecting ``source`` (saved or not) would store from its first ``count``
    articles, and the problems met finding them; stores nothing, ``source`` included."""
    unsaved = copy.copy(source)
    # Unconditional: a feed unchanged since the last run still has articles to show.
    unsaved.location_etag = unsaved.location_last_modified = ""
    collector = Collector(unsaved, fetcher or fetcher_for(source), reader or shared_reader())
    items = [collector.preview_one(candidate) for candidate in itertools.islice(collector.discover(), count)]
    return items, collector.report.errors


def fetch_failure_reason(error: FetchError) -> str:
    """Why a fetch failed and what to do, in the active language (the fetcher, pure
    Python, says it in English; its technical detail is kept where it helps)."""
    url = error.url or ""
    if isinstance(error, HTTPStatusError):
        hint = (
            _("页面已不存在,请检查网址或停用采集源") if error.status in (404, 410)
            else _("网站拒绝了我们(可能屏蔽爬虫或需要登录)") if error.status in (401, 403)
            else _("请求太频繁,被网站限流;请调大 HUIWEN_FETCH_HOST_DELAY") if error.status == 429
            else _("网站服务器出错,稍后会再试") if error.status >= 500
            else ""
        )
        if not hint:
            return _("%(url)s 返回 HTTP %(status)d") % {"url": url, "status": error.status}
        return _("%(url)s 返回 HTTP %(status)d;%(hint)s") % {"url": url, "status": error.status, "hint": hint}
    if isinstance(error, BlockedAddress):
        return blocked_address_message(error)
    if isinstance(error, RobotsDisallowed):
        return _("网站的 robots.txt 不允许抓取 %(url)s,或暂时无法读取(%(detail)s)") % {"url": url, "detail": error}
    if isinstance(error, Timeout):
        return _("%(url)s 超时未响应;网站若只是慢,稍后会再试(%(detail)s)") % {"url": url, "detail": error}
    if isinstance(error, TooLarge):
        return _("%(url)s 的内容超过 %(limit)d 字节的上限(HUIWEN_FETCH_MAX_BYTES)") % {"url": url, "limit": error.limit}
    if isinstance(error, TooManyRedirects):
        return _("%(url)s 重定向了 %(count)d 次以上,网站可能陷入重定向循环") % {"url": url, "count": len(error.redirects) - 1}
    if isinstance(error, InvalidURL):
        return invalid_url_message(url)
    if isinstance(error, DecodingError):
        return _("无法解压 %(url)s 发来的内容(%(detail)s)") % {"url": url, "detail": error}
    if isinstance(error, NetworkError):
        return _("无法连接 %(url)s(%(detail)s)") % {"url": url, "detail": error}
    return str(error)


def _failure_reason(error: Exception, url: str) -> str:
    """Why fetching or reading ``url`` failed, for its page record."""
    if isinstance(error, FetchError):
        return fetch_failure_reason(error)
    if isinstance(error, (NotAnArticle, OverBudget)):
        return str(error)
    logger.exception("extraction failed for %s", url)
    return _("抽取时出错:%(error)s") % {"error": f"{type(error).__name__}: {error}"}


def _duplicate_reason(original: Article) -> str:
    if original.status == Article.Status.REMOVED:
        # A repost of a story removed after a takedown is never published either.
        return _("与文章 %(id)d 是同一篇(该文已因侵权投诉删除,不发布)") % {"id": original.pk}
    return _("与文章 %(id)d 是同一篇") % {"id": original.pk}


def _take_extracted_fields(article: Article, extracted: Extracted) -> None:
    """Copy what extraction found onto the article, cut to the columns' lengths; a
    missing title or date keeps the article's own, and no date is in the future."""
    article.title = (extracted.title or article.title)[:200]
    article.subtitle = (extracted.subtitle or "")[:200]
    article.author = (extracted.author or "")[:100]
    article.editor = (extracted.editor or "")[:50]
    article.body_html = extracted.html
    article.summary = extracted.summary
    article.published_at = min(extracted.published_at or article.published_at, timezone.now())


def reextract(source: Source, count: int, *, fetcher: Fetcher | None = None, reader: PageReader | None = None) -> int:
    """Fetch and extract again the source's last ``count`` articles (after its field
    rules changed or its boilerplate was learned or un-learned, say), updating them in
    place. Returns how many were updated."""
    fetcher, reader = fetcher or fetcher_for(source), reader or shared_reader()
    boilerplate = source.learned_boilerplate()
    updated = 0
    pages = (
        source.pages.filter(outcome=Page.Outcome.NEW, article__isnull=False)
        .exclude(article__status=Article.Status.REMOVED)  # a taken-down URL is never fetched again
        .select_related("article")[:count]
    )
    for page in pages:
        try:
            extracted, _url = extract_candidate(Candidate(page.url), fetcher, reader, source, boilerplate)
        except (FetchError, NotAnArticle, OverBudget) as error:
            reason = fetch_failure_reason(error) if isinstance(error, FetchError) else str(error)
            page.reason = _("重新抽取失败:%(error)s") % {"error": reason}
            page.save(update_fields=["reason"])
            continue
        if extracted is None or len(extracted.text) < MIN_BODY_CHARS:
            continue
        article = page.article
        _take_extracted_fields(article, extracted)
        try:
            with transaction.atomic():
                article.save()
                dedupe.remember(article, dedupe.print_of(extracted.text))
        except IntegrityError:
            page.reason = _("重新抽取的正文与另一篇文章相同,保留原来的正文")
            page.save(update_fields=["reason"])
            continue
        updated += 1
    return updated
