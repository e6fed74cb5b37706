from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from huiwen.search.index import published_count, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from scratch from every published article (idempotent)."

    def handle(self, *args, **options):
        started = time.monotonic()
        with tqdm(total=published_count(), unit="article", disable=options["verbosity"] == 0) as bar:
            done = rebuild(on_batch=bar.update)
        seconds = time.monotonic() - started
        self.stdout.write(f"Indexed {done} published articles in {seconds:.1f} s.")
