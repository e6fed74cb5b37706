"""Demo sources that collect without the internet, run once when the demo is loaded, so
the review inbox, a linked repost, a recorded failure and source health are there to see.

- a folder of sample pages (our own writing) in the first import folder: three site
  layouts, a forum repost of one story, and a members-only page with no body;
- the demo feed, served by the portal itself from its static files (``huiwen.demo.origin``),
  whose third entry is missing (a 404 with its reason).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.conf import settings

from huiwen.collect import PageReader, ReadingBudget
from huiwen.demo import origin
from huiwen.news.models import Category
from huiwen.sources.collector import RunReport, collect_source
from huiwen.sources.models import Source

#: The sample pages' folder, inside the first import folder.
SAMPLE_FOLDER = "demo-pages"


def create_demo_sources() -> list[Source]:
    """Copy the sample pages into the import folder and add the two demo sources."""
    target = settings.IMPORT_DIRS[0] / SAMPLE_FOLDER
    with resources.as_file(resources.files("huiwen.demo").joinpath("sample_pages")) as pages:
        shutil.copytree(pages, target, dirs_exist_ok=True)
    local = Category.objects.filter(slug="local").first()
    return [
        Source.objects.get_or_create(name="示例:本地稿件", defaults={
            "kind": Source.Kind.FILES, "location": SAMPLE_FOLDER, "category": local, "default_tags": "演示",
        })[0],
        Source.objects.get_or_create(name="示例:演示订阅", defaults={
            "kind": Source.Kind.FEED, "location": origin.feed_url(), "category": local, "default_tags": "演示",
        })[0],
    ]


def collect_demo_sources(sources: list[Source]) -> list[RunReport]:
    """Collect each source once, with the portal answering at its own address meanwhile
    (`huiwen demo` collects before it starts serving). The reading processes are closed
    afterwards: the demo goes on to serve, and the worker has its own."""
    budget = ReadingBudget(seconds=settings.PAGE_TIME_BUDGET, memory_mb=settings.PAGE_MEMORY_MB, workers=1)
    with _site_answering(), PageReader(budget) as reader:
        return [collect_source(source, reader=reader) for source in sources]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The collection report says what happened; no request log in the demo's output."""


@contextmanager
def _site_answering() -> Iterator[None]:
    """Serve the portal on the site address's port for the duration, unless something
    (the portal already running, say) listens there."""
    from huiwen.wsgi import application

    address = urlsplit(settings.SITE_URL)
    try:
        server = make_server(address.hostname, address.port or 80, application, handler_class=_QuietHandler)
    except OSError:
        yield
        return
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
