"""Where articles come from (sources), what happened to every URL (pages), and the
fingerprints that catch reposts across sources."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwen.news.models import Article, Category

if TYPE_CHECKING:
    from huiwen.collect.overrides import FieldOverrides


class Source(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", _("RSS/Atom 订阅")
        SITEMAP = "sitemap", _("站点地图")
        LIST = "list", _("列表页")
        URL = "url", _("单个网址")
        FILES = "files", _("本地 HTML 文件或文件夹")
        WARC = "warc", _("WARC 归档")

    class PublishMode(models.TextChoices):
        REVIEW = "review", _("进入待审")
        AUTO = "auto", _("自动发布")

    class RightsMode(models.TextChoices):
        """How much of a collected article the site republishes (per-source rights)."""

        FULL = "full", _("全文")
        EXCERPT = "excerpt", _("摘要与首段,链接原文")
        LINK = "link", _("仅标题与原文链接")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    location = models.CharField(
        _("地址"), max_length=1000,
        help_text=_("订阅、站点地图、列表首页或文章的网址;本地文件、文件夹或 WARC 的路径"),
    )
    page_url_template = models.CharField(
        _("分页网址模板"), max_length=1000, blank=True,
        help_text=_("列表第 2 页起的网址,用 {page} 表示页码,例如 https://example.com/list/index_{page}.html"),
    )
    max_pages = models.PositiveSmallIntegerField(_("最多读取页数"), default=3)
    link_selector = models.CharField(_("链接 CSS 选择器"), max_length=300, blank=True)
    link_regex = models.CharField(_("链接正则"), max_length=300, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    blocked_reason = models.CharField(
        _("停用原因"), max_length=500, blank=True,
        help_text=_("因侵权投诉停用时记录;重新启用时清空"),
    )
    interval_minutes = models.PositiveIntegerField(_("采集间隔(分钟)"), default=60)
    category = models.ForeignKey(Category, verbose_name=_("栏目"), on_delete=models.SET_NULL, null=True, blank=True)
    default_tags = models.CharField(_("默认标签"), max_length=300, blank=True, help_text=_("用逗号分隔"))
    publish_mode = models.CharField(_("发布方式"), max_length=10, choices=PublishMode.choices, default=PublishMode.REVIEW)
    rights_mode = models.CharField(
        _("转载方式"), max_length=10, choices=RightsMode.choices, default=RightsMode.FULL,
        help_text=_("全文;摘要与首段后链接原文;或仅链接原文。非全文时页面的 canonical 指向原文"),
    )
    attribution_name = models.CharField(
        _("署名"), max_length=100, blank=True, help_text=_("署名行中的来源名称;留空则用采集源名称"),
    )
    title_rule = models.CharField(_("标题规则"), max_length=300, blank=True, help_text=_("CSS 选择器,或以 / 开头的 XPath"))
    body_rule = models.CharField(_("正文规则"), max_length=300, blank=True)
    date_rule = models.CharField(_("日期规则"), max_length=300, blank=True)
    author_rule = models.CharField(_("作者规则"), max_length=300, blank=True)

    # Validators for the conditional GET of the location itself (feed, sitemap, list).
    location_etag = models.CharField(max_length=300, blank=True, editable=False)
    location_last_modified = models.CharField(max_length=100, blank=True, editable=False)

    next_run_at = models.DateTimeField(_("下次采集"), default=timezone.now)
    last_run_at = models.DateTimeField(_("上次采集"), null=True, blank=True, editable=False)
    last_new = models.PositiveIntegerField(_("新增"), default=0, editable=False)
    last_duplicates = models.PositiveIntegerField(_("重复"), default=0, editable=False)
    last_failed = models.PositiveIntegerField(_("失败"), default=0, editable=False)
    last_error = models.TextField(_("最近错误"), blank=True, editable=False)
    flagged = models.BooleanField(_("需要检查"), default=False, editable=False)
    flag_reason = models.CharField(_("检查原因"), max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("采集源")
        verbose_name_plural = _("采集源")
        indexes = [models.Index(fields=["active", "next_run_at"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Switching a source back on lifts its block; the takedown audit log keeps the history.
        if self.active and self.blocked_reason:
            self.blocked_reason = ""
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = set(kwargs["update_fields"]) | {"blocked_reason"}
        super().save(*args, **kwargs)

    @property
    def overrides(self) -> FieldOverrides:
        # Imported where used, like validate_source below: huiwen.collect and the fetcher
        # it checks addresses with (feedparser, httpx) are ~16 MB a web process reading
        # pages never needs, and every process imports the models.
        from huiwen.collect.overrides import FieldOverrides

        return FieldOverrides(title=self.title_rule, body=self.body_rule, published_at=self.date_rule, author=self.author_rule)

    def learned_boilerplate(self) -> frozenset[str]:
        """The lines learned as this source's furniture and not un-learned, as stored now
        (none for a source not saved yet, such as one being previewed)."""
        if self.pk is None:
            return frozenset()
        return frozenset(self.learned_lines.filter(unlearned=False).values_list("text", flat=True))

    @property
    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.default_tags.replace("，", ",").split(",") if name.strip()]

    def clean(self) -> None:
        from huiwen.sources.checks import validate_source

        validate_source(self)

    def claim_if_due(self, now=None) -> bool:
        """Move ``next_run_at`` forward if this source is due; true for exactly one
        caller even when several schedulers race."""
        now = now or timezone.now()
        return bool(
            Source.objects.filter(pk=self.pk, active=True, next_run_at__lte=now).update(
                next_run_at=now + timedelta(minutes=max(self.interval_minutes, 1))
            )
        )


class CollectionRun(models.Model):
    """One queued collection of a source, kept in the database so that a run whose worker
    died (kill -9, a lost machine) is found and resumed instead of lost with its task.

    A worker *claims* the run with a compare-and-swap on ``starts`` and holds it by a
    lease it renews after every page; a run whose lease ran out is queued again, and the
    next claim starts it afresh: pages already stored are skipped (their URLs are
    settled), so the run resumes where it stopped. The partial unique constraint allows
    one open run per source, so a source is never collected by two runs at once.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("采集中")
        DONE = "done", _("已完成")

    source = models.ForeignKey(Source, verbose_name=_("采集源"), on_delete=models.CASCADE, related_name="runs")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    queued_at = models.DateTimeField(_("排队时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    lease_until = models.DateTimeField(_("租约到期"))
    #: How many times a worker claimed the run: 1, plus one per resumption.
    starts = models.PositiveIntegerField(_("启动次数"), default=0)
    #: The outcome counts of the start that finished it (new, duplicate, failed, known, …).
    counts = models.JSONField(_("结果计数"), default=dict, blank=True)
    summary = models.TextField(_("结果"), blank=True)

    class Meta:
        ordering = ["-queued_at"]
        verbose_name = _("采集任务")
        verbose_name_plural = _("采集任务")
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~models.Q(state="done"), name="one_open_run_per_source"
            )
        ]
        indexes = [models.Index(fields=["state", "lease_until"])]

    def __str__(self) -> str:
        return f"{self.source} @ {self.queued_at:%Y-%m-%d %H:%M}"


class Page(models.Model):
    """Everything known about one canonical URL: the outcome of its last collection."""

    class Outcome(models.TextChoices):
        NEW = "new", _("新文章")
        DUPLICATE = "duplicate", _("重复")
        FAILED = "failed", _("失败")
        EMPTY = "empty", _("无正文")

    source = models.ForeignKey(Source, verbose_name=_("采集源"), on_delete=models.CASCADE, related_name="pages")
    url = models.URLField(_("网址"), max_length=2000)
    url_key = models.CharField(max_length=40, unique=True, editable=False)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("原因"), blank=True)
    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.SET_NULL, null=True, blank=True, related_name="pages"
    )
    similarity = models.FloatField(_("相似度"), null=True, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    collected_at = models.DateTimeField(_("采集时间"), default=timezone.now)

    class Meta:
        ordering = ["-collected_at"]
        verbose_name = _("采集记录")
        verbose_name_plural = _("采集记录")
        # Newest first across sources too: the admin's list and the dashboard's days
        # would otherwise sort or scan every page ever collected.
        indexes = [models.Index(fields=["source", "-collected_at"]), models.Index(fields=["-collected_at"]),
                   models.Index(fields=["outcome"])]

    def __str__(self) -> str:
        return self.url

    #: Outcomes of a URL collected into an article (new or linked duplicate): never fetched again.
    SETTLED = (Outcome.NEW, Outcome.DUPLICATE)

    @property
    def is_settled(self) -> bool:
        return self.outcome in self.SETTLED


class Fingerprint(models.Model):
    """An article's exact content hash and MinHash signature. One article per text: the
    unique hash stops an exact copy being stored twice whatever the workers do."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="fingerprint")
    content_hash = models.CharField(max_length=64, unique=True)
    signature = models.BinaryField()


class SignatureBand(models.Model):
    """One LSH band of a signature. Articles sharing any band key are candidates for
    near-duplicates; the database index finds them across all workers and sources."""

    fingerprint = models.ForeignKey(Fingerprint, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fingerprint", "key"], name="band_once_per_fingerprint")]


# The receivers that republish a source's articles when its rights change.
from huiwen.sources import rights as _rights  # noqa: E402,F401


class LearnedLine(models.Model):
    """A line that recurs across many articles of one source: that source's furniture
    (a promotion, a notice, widget text), dropped when its pages are extracted.

    Learned from the source's stored articles (``huiwen.sources.boilerplate``); kept here
    so every worker applies the same lines. An editor who un-learns a line keeps its row
    (``unlearned``), so the next learning does not bring it back.
    """

    source = models.ForeignKey(Source, verbose_name=_("采集源"), on_delete=models.CASCADE, related_name="learned_lines")
    #: BoilerplatePolicy.max_line_chars (no longer line is learned), written out: web
    #: processes load this model, and importing the extraction core for it cost each
    #: ~10 MB of patterns and word sets they never use (a test keeps the two equal).
    text = models.CharField(_("模板行"), max_length=300)
    articles = models.PositiveIntegerField(_("出现篇数"), default=0, help_text=_("最近学习时含有这一行的文章数"))
    unlearned = models.BooleanField(
        _("已取消"), default=False, help_text=_("勾选后这一行不再被当作模板删除,重新抽取后回到正文")
    )
    learned_at = models.DateTimeField(_("学到时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["source", "-articles"]
        verbose_name = _("已学到的模板行")
        verbose_name_plural = _("已学到的模板行")
        constraints = [models.UniqueConstraint(fields=["source", "text"], name="learned_line_once_per_source")]

    def __str__(self) -> str:
        return self.text
