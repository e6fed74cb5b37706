from __future__ import annotations

import multiprocessing
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from tqdm import tqdm

from huiwen.publish import pages, publisher
from huiwen.publish.tasks import full_rebuild

#: Paths handed to a rendering process at a time.
_CHUNK = 200


def _publish_chunk(paths: list[str]) -> tuple[int, int]:
    return publisher.publish(paths), len(paths)


class Command(BaseCommand):
    help = "Publish reader pages as files now: the front pages, every page (--all), or the paths given."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH", help="URL paths to publish, e.g. /article/12.html")
        parser.add_argument("--all", action="store_true", help="every public page (the public folder may be empty)")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                            help="rendering processes for --all (default: one per core)")

    def handle(self, *args, paths: list[str], all: bool, processes: int, **options):
        if paths and all:
            raise CommandError("give PATHs or --all, not both")
        started = time.monotonic()
        try:
            chosen = list(full_rebuild()) if all else paths or pages.hot_list_pages()
            with tqdm(total=len(chosen), unit="page", disable=options["verbosity"] == 0) as bar:
                written = self._publish(chosen, processes if all else 1, bar)
        except publisher.PublishError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(f"Published {written} of {len(chosen)} pages into {publisher.public_root()} in {seconds:.1f} s.")

    def _publish(self, paths: list[str], processes: int, bar: tqdm) -> int:
        if processes <= 1 or len(paths) <= _CHUNK:
            return publisher.publish(paths, on_page=lambda _path: bar.update())
        # Rendering is CPU-bound Python: one process per core. Forked children inherit the
        # configured Django but must open database connections of their own.
        connections.close_all()
        written = 0
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for chunk_written, chunk_size in pool.imap_unordered(_publish_chunk, publisher.batches(paths, _CHUNK)):
                written += chunk_written
                bar.update(chunk_size)
        return written
