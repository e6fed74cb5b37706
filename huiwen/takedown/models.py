"""Rights holders' takedown requests, the articles they name, and the audit log.

A request is filed through the public form (``views.request_form``) and decided by staff
in the admin or with ``huiwen takedown``; ``workflow`` holds every state change, each of
which appends an ``AuditEntry``. The claimant follows the request through a private
status link whose token is kept only as a hash.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from huiwen.news.models import Article

#: No 0/O, 1/I/L or U/V look-alikes: a reference read out over the phone or retyped
#: from a screenshot comes back right.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    return "TD-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """``td-7k3m9q2x``, ``7K3M9Q2X`` and ``TD-7K3M9Q2X`` name the same request."""
    text = text.strip().upper()
    return text if text.startswith("TD-") else f"TD-{text}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TakedownRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("已收到,待处理")
        HIDDEN = "hidden", _("文章已暂时隐藏,审核中")
        REMOVED = "removed", _("已删除文章")
        REJECTED = "rejected", _("已驳回")

    #: Statuses a decision can still be taken from.
    OPEN = (Status.RECEIVED, Status.HIDDEN)

    reference = models.CharField(_("编号"), max_length=12, unique=True, editable=False)
    #: SHA-256 of the status link's token: the link itself is only ever shown to the claimant.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    claimant = models.CharField(_("权利人"), max_length=200)
    email = models.EmailField(_("联系邮箱"))
    urls = models.TextField(_("文章网址"), help_text=_("投诉中列出的网址,每行一个"))
    work = models.TextField(_("权属作品"))
    statement = models.TextField(_("说明"))
    good_faith = models.BooleanField(_("善意声明"), default=False)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans", editable=False)
    articles = models.ManyToManyField(
        Article, through="RequestedArticle", related_name="takedown_requests", verbose_name=_("文章")
    )
    reason = models.TextField(_("处理理由"), blank=True, help_text=_("告知投诉人的理由"))
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("最近变更"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("侵权投诉")
        verbose_name_plural = _("侵权投诉")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def status_path(self, token: str) -> str:
        """The status page's path in the language the request was filed in."""
        with translation.override(self.language):
            return reverse("takedown:status", args=[token])

    def status_url(self, token: str) -> str:
        return settings.SITE_URL + self.status_path(token)


class RequestedArticle(models.Model):
    """One article a request names, and its status before the request hid it (restored
    when the request is rejected)."""

    request = models.ForeignKey(TakedownRequest, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+", verbose_name=_("文章"))
    url = models.CharField(_("网址"), max_length=2000)
    status_before = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "article"], name="takedown_article_once")]
        verbose_name = _("投诉文章")
        verbose_name_plural = _("投诉文章")

    def __str__(self) -> str:
        return self.url


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the takedown audit log is append-only")

    def delete(self):
        raise PermissionError("the takedown audit log is append-only")


class AuditEntry(models.Model):
    """One state change: who, when, what, why. Rows are only ever added."""

    class Action(models.TextChoices):
        FILED = "filed", _("提交投诉")
        HIDDEN = "hidden", _("隐藏文章待审")
        REMOVED = "removed", _("删除文章")
        REJECTED = "rejected", _("驳回")
        ARTICLE = "article", _("文章状态变更")
        SOURCE_BLOCKED = "blocked", _("停用采集源")
        SOURCE_DOWNGRADED = "downgraded", _("采集源改为待审")
        NOTIFIED = "notified", _("邮件通知投诉人")
        NOTIFY_FAILED = "notify_failed", _("邮件发送失败")

    request = models.ForeignKey(
        TakedownRequest, on_delete=models.PROTECT, related_name="audit", verbose_name=_("投诉"), editable=False
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    actor = models.CharField(_("操作人"), max_length=150, editable=False)
    action = models.CharField(_("操作"), max_length=15, choices=Action.choices, editable=False)
    what = models.TextField(_("内容"), blank=True, editable=False)
    why = models.TextField(_("理由"), blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("投诉处理记录")
        verbose_name_plural = _("投诉处理记录")
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"{self.request} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionError("the takedown audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the takedown audit log is append-only")


class Attempt(models.Model):
    """A POST of the public form, by a keyed hash of the client address, for the
    per-address limit. Rows older than an hour are pruned as new ones arrive."""

    address = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "at"]), models.Index(fields=["at"])]
