"""Every state change of a takedown request, each written to the audit log.

Articles change through ``Article.save()``, never ``QuerySet.update()``: the publish
app's signals delete a removed article's published page and the listings and feeds it
was on in that same call, and other apps (search) follow the same signals.
"""

from __future__ import annotations

import logging
import secrets

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from huiwen.news.models import Article
from huiwen.portal.models import SiteSettings
from huiwen.takedown.models import AuditEntry, RequestedArticle, TakedownRequest, new_reference, token_digest

logger = logging.getLogger(__name__)

CLAIMANT = "claimant"
SYSTEM = "system"


class WorkflowError(Exception):
    """The request cannot take this step (already decided, a reason missing)."""


class SourceAction:
    NONE = ""
    BLOCK = "block"
    DOWNGRADE = "downgrade"


def _log(request: TakedownRequest, actor: str, action: str, what: str = "", why: str = "") -> AuditEntry:
    return AuditEntry.objects.create(request=request, actor=actor[:150], action=action, what=what, why=why)


def file_request(*, claimant: str, email: str, items: list[tuple[str, Article]], work: str, statement: str,
                 language: str) -> tuple[TakedownRequest, str]:
    """Store a request from the public form; returns it and its status-link token."""
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    request = TakedownRequest.objects.create(
                        reference=new_reference(), token_hash=token_digest(token), claimant=claimant, email=email,
                        urls="\n".join(url for url, _article in items), work=work, statement=statement,
                        good_faith=True, language=language,
                    )
                break
            except IntegrityError:
                continue  # a reference already given out (about one in 10¹¹ per request)
        else:
            raise WorkflowError("could not find a free reference")
        RequestedArticle.objects.bulk_create(RequestedArticle(request=request, article=article, url=url[:2000])
                                             for url, article in items)
        _log(request, CLAIMANT, AuditEntry.Action.FILED,
             what="articles " + ", ".join(str(article.pk) for _url, article in items), why=statement[:2000])
        notify(request, "filed", token=token)
    return request, token


def _set_article(request: TakedownRequest, article: Article, status: str, actor: str, why: str) -> None:
    if article.status == status:
        return
    before = article.status
    article.status = status
    article.save()  # the publish signals unpublish it here, in this call
    _log(request, actor, AuditEntry.Action.ARTICLE, what=f"article {article.pk}: {before} → {status}", why=why)


def _decide(request: TakedownRequest, status: str, actor: str, reason: str) -> None:
    request.status, request.reason = status, reason
    request.updated_at = timezone.now()
    if status in (TakedownRequest.Status.REMOVED, TakedownRequest.Status.REJECTED):
        request.decided_at = request.updated_at
    request.save(update_fields=["status", "reason", "updated_at", "decided_at"])


def _locked(request: TakedownRequest) -> TakedownRequest:
    """The request as stored now (another member of staff may have decided it)."""
    return TakedownRequest.objects.select_for_update().get(pk=request.pk)


def hide(request: TakedownRequest, *, actor: str, reason: str = "") -> TakedownRequest:
    """Take the named articles off the site while the request is reviewed."""
    with transaction.atomic():
        request = _locked(request)
        if request.status != TakedownRequest.Status.RECEIVED:
            raise WorkflowError(f"{request.reference} is {request.get_status_display()}; only a new request can be hidden")
        for item in request.items.select_related("article"):
            if item.article.status == Article.Status.PUBLISHED:
                item.status_before = item.article.status
                item.save(update_fields=["status_before"])
                _set_article(request, item.article, Article.Status.HIDDEN, actor, reason)
        _decide(request, TakedownRequest.Status.HIDDEN, actor, reason)
        _log(request, actor, AuditEntry.Action.HIDDEN, what="articles hidden pending review", why=reason)
    notify(request, "hidden")
    return request


def accept(request: TakedownRequest, *, actor: str, reason: str = "", source_action: str = SourceAction.NONE) -> TakedownRequest:
    """Remove the named articles for good (410), optionally blocking or downgrading the
    sources they were collected from."""
    from huiwen.sources.models import Source

    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise WorkflowError(f"{request.reference} is already decided ({request.get_status_display()})")
        articles = [item.article for item in request.items.select_related("article")]
        for article in articles:
            _set_article(request, article, Article.Status.REMOVED, actor, reason)
        _decide(request, TakedownRequest.Status.REMOVED, actor, reason)
        _log(request, actor, AuditEntry.Action.REMOVED,
             what="articles removed: " + ", ".join(str(article.pk) for article in articles), why=reason)
        if source_action:
            sources = Source.objects.filter(pages__article__in=articles, pages__outcome="new").distinct()
            for source in sources:
                if source_action == SourceAction.BLOCK:
                    source.active = False
                    source.blocked_reason = f"{request.reference}: {reason}"[:500] if reason else request.reference
                    source.save(update_fields=["active", "blocked_reason"])
                    _log(request, actor, AuditEntry.Action.SOURCE_BLOCKED, what=f"source {source.pk} ({source.name}) blocked", why=reason)
                elif source_action == SourceAction.DOWNGRADE:
                    source.publish_mode = Source.PublishMode.REVIEW
                    source.save(update_fields=["publish_mode"])
                    _log(request, actor, AuditEntry.Action.SOURCE_DOWNGRADED,
                         what=f"source {source.pk} ({source.name}) now goes to review", why=reason)
    notify(request, "removed")
    return request


def reject(request: TakedownRequest, *, actor: str, reason: str) -> TakedownRequest:
    """Turn the request down; articles hidden for the review are published again."""
    if not reason.strip():
        raise WorkflowError("a rejection needs a reason, which the claimant is told")
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise WorkflowError(f"{request.reference} is already decided ({request.get_status_display()})")
        for item in request.items.select_related("article"):
            if item.status_before and item.article.status == Article.Status.HIDDEN:
                _set_article(request, item.article, item.status_before, actor, reason)
        _decide(request, TakedownRequest.Status.REJECTED, actor, reason)
        _log(request, actor, AuditEntry.Action.REJECTED, why=reason)
    notify(request, "rejected")
    return request


def notify(request: TakedownRequest, event: str, *, token: str = "") -> None:
    """Mail the claimant about ``event`` once the change is committed, in the language
    the request was filed in; the outcome is logged either way."""

    def send() -> None:
        site = SiteSettings.current()
        with translation.override(request.language):
            context = {"request": request, "site": site, "status_url": request.status_url(token) if token else ""}
            subject = " ".join(render_to_string(f"takedown/email/{event}_subject.txt", context).split())
            body = render_to_string(f"takedown/email/{event}.txt", context)
        try:
            send_mail(subject, body, None, [request.email])
        except Exception as error:  # noqa: BLE001 - the decision stands; staff see the failure
            logger.exception("could not mail the claimant of %s", request.reference)
            _log(request, SYSTEM, AuditEntry.Action.NOTIFY_FAILED, what=event, why=f"{type(error).__name__}: {error}")
        else:
            _log(request, SYSTEM, AuditEntry.Action.NOTIFIED, what=f"{event} → {request.email}")

    transaction.on_commit(send)


def find(reference: str) -> TakedownRequest:
    from huiwen.takedown.models import normalise_reference

    return TakedownRequest.objects.get(reference=normalise_reference(reference))
