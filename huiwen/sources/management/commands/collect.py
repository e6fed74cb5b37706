from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from huiwen.sources.collector import collect_source
from huiwen.sources.models import Source


def _since(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--since {value!r} is not a date; use e.g. 2026-11-01 or 2026-11-01T08:00") from error
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = "Collect from sources now, with a progress bar, and print what happened."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--source", type=int, action="append", dest="source_ids", metavar="ID",
                           help="collect this source (repeatable)")
        which.add_argument("--all", action="store_true", help="collect every active source")
        parser.add_argument("--since", type=_since, help="skip entries that feeds or sitemaps date before this")
        parser.add_argument("--limit", type=int, help="at most this many articles per source")

    def handle(self, *args, source_ids=None, all=False, since=None, limit=None, **options):
        sources = Source.objects.filter(active=True) if all else Source.objects.filter(pk__in=source_ids)
        missing = set(source_ids or []) - set(sources.values_list("pk", flat=True))
        if missing:
            raise CommandError(f"no source with id {', '.join(map(str, sorted(missing)))}; `huiwen manage shell` or the admin lists them")
        for source in sources:
            with tqdm(desc=source.name, unit=" url", disable=options["verbosity"] == 0, file=self.stderr._out) as bar:
                report = collect_source(source, since=since, limit=limit, on_progress=lambda url: bar.update())
            self.stdout.write(report.summary_line())
            for url, reason in report.errors:
                self.stdout.write(f"  ✗ {url}: {reason}")
            if report.source.flagged:
                self.stdout.write(self.style.WARNING(f"  ! flagged: {report.source.flag_reason}"))
