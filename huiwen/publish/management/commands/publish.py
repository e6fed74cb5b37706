from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from huiwen.publish import pages, publisher
from huiwen.publish.tasks import full_rebuild


class Command(BaseCommand):
    help = "Publish reader pages as files now: the front pages, every page (--all), or the paths given."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH", help="URL paths to publish, e.g. /article/12.html")
        parser.add_argument("--all", action="store_true", help="every public page (the public folder may be empty)")

    def handle(self, *args, paths: list[str], all: bool, **options):
        if paths and all:
            raise CommandError("give PATHs or --all, not both")
        started = time.monotonic()
        try:
            chosen = list(full_rebuild()) if all else paths or pages.hot_list_pages()
        except publisher.PublishError as error:
            raise CommandError(str(error)) from error
        with tqdm(total=len(chosen), unit="page", disable=options["verbosity"] == 0) as bar:
            try:
                written = publisher.publish(chosen, on_page=lambda _path: bar.update())
            except publisher.PublishError as error:
                raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(f"Published {written} pages of {len(chosen)} into {publisher.public_root()} in {seconds:.1f} s.")
