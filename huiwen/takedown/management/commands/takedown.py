"""``huiwen takedown list | show REF | accept REF | reject REF``: the staff queue from a shell."""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huiwen.takedown import workflow
from huiwen.takedown.models import TakedownRequest


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name in a container
        return "cli"


class Command(BaseCommand):
    help = "List and decide takedown requests."

    def add_arguments(self, parser):
        steps = parser.add_subparsers(dest="step", required=True)
        listing = steps.add_parser("list", help="requests, open ones first")
        listing.add_argument("--all", action="store_true", help="decided requests too")
        show = steps.add_parser("show", help="one request and its audit log")
        show.add_argument("reference")
        accept = steps.add_parser("accept", help="remove the request's articles (410)")
        accept.add_argument("reference")
        accept.add_argument("--reason", default="", help="told to the claimant")
        which = accept.add_mutually_exclusive_group()
        which.add_argument("--block-source", action="store_true", help="also switch off the sources the articles came from")
        which.add_argument("--downgrade-source", action="store_true", help="also send those sources' articles to review")
        reject = steps.add_parser("reject", help="turn the request down, with a reason")
        reject.add_argument("reference")
        reject.add_argument("--reason", required=True, help="told to the claimant")
        hide = steps.add_parser("hide", help="hide the request's articles while it is reviewed")
        hide.add_argument("reference")
        hide.add_argument("--reason", default="")

    def _find(self, reference: str) -> TakedownRequest:
        try:
            return workflow.find(reference)
        except TakedownRequest.DoesNotExist:
            raise CommandError(f"no takedown request {reference!r}; `huiwen takedown list --all` lists them") from None

    def handle(self, *args, step: str, **options):
        actor = _actor()
        if step == "list":
            return self._list(options["all"])
        request = self._find(options["reference"])
        try:
            if step == "show":
                return self._show(request)
            if step == "accept":
                action = (workflow.SourceAction.BLOCK if options["block_source"]
                          else workflow.SourceAction.DOWNGRADE if options["downgrade_source"] else "")
                request = workflow.accept(request, actor=actor, reason=options["reason"], source_action=action)
            elif step == "reject":
                request = workflow.reject(request, actor=actor, reason=options["reason"])
            elif step == "hide":
                request = workflow.hide(request, actor=actor, reason=options["reason"])
        except workflow.WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{request.reference}: {request.get_status_display()} ({request.status})")
        self._show(request)

    def _list(self, everything: bool) -> None:
        requests = TakedownRequest.objects.prefetch_related("items")
        if not everything:
            requests = requests.filter(status__in=TakedownRequest.OPEN)
        rows = list(requests.order_by("created_at"))
        if not rows:
            self.stdout.write("no open takedown requests" if not everything else "no takedown requests")
            return
        for row in rows:
            filed = timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M")
            articles = ",".join(str(item.article_id) for item in row.items.all())
            self.stdout.write(f"{row.reference}  {row.status:<8}  {filed}  articles {articles}  {row.claimant} <{row.email}>")

    def _show(self, request: TakedownRequest) -> None:
        self.stdout.write(f"{request.reference}  {request.status}  {request.claimant} <{request.email}>")
        for item in request.items.select_related("article"):
            self.stdout.write(f"  article {item.article_id} ({item.article.status}): {item.url}")
        for entry in request.audit.all():
            when = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
            why = f" — {entry.why}" if entry.why else ""
            self.stdout.write(f"  {when}  {entry.actor}  {entry.action}  {entry.what}{why}")
