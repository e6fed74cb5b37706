from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from huiwen.sources import runs
from huiwen.sources.collector import RunReport, collect_source
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
            report = self._collect(source, since, limit, quiet=options["verbosity"] == 0)
            if report is None:
                continue
            self.stdout.write(report.summary_line())
            for url, reason in report.errors:
                self.stdout.write(f"  ✗ {url}: {reason}")
            if report.source.flagged:
                self.stdout.write(self.style.WARNING(f"  ! flagged: {report.source.flag_reason}"))

    def _collect(self, source: Source, since: datetime | None, limit: int | None, *, quiet: bool) -> RunReport | None:
        """Collect ``source`` in a run like the scheduler's, so it is in the source's
        history and never collects alongside a worker's run of the same source; None
        when one is open already or a worker took this one over."""
        run = runs.open_run(source)
        lease = runs.claim(run.pk) if run else None
        if lease is None:
            self.stdout.write(self.style.WARNING(
                f"{source.name}: skipped, a run of this source is already queued or running (采集任务 in the admin)"
            ))
            return None
        with tqdm(desc=source.name, unit=" url", disable=quiet, file=self.stderr._out) as bar:

            def progress(_url: str) -> None:
                bar.update()
                lease.renew()

            try:
                report = collect_source(source, since=since, limit=limit, on_progress=progress)
            except runs.RunTakenOver:
                self.stdout.write(self.style.WARNING(f"{source.name}: stopped, a worker resumed this run"))
                return None
        lease.finish(report)
        return report
