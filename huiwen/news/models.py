"""Articles and how readers find them: categories, tags, view counts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from huiwen.news.html import clean_body_html, html_to_text
from huiwen.portal.fields import WebURLField

#: Stands for the one argument while a URL's shape is reversed (digits: every converter
#: of these routes accepts it).
_PLACEHOLDER = "918273645"
_shapes: dict[tuple, tuple[str, str]] = {}


def _reverse_one(view_name: str, value: int | str) -> str:
    """``reverse(view_name, args=[value])`` for the routes whose one argument is an id or
    an ASCII slug, which every listing, sidebar and rebuild builds by the hundred:
    reverse() costs ~50 µs (resolver walk, quoting) and this ~5 µs. The URL's shape is
    reversed once per language, script prefix and URLconf, then filled in."""
    key = (view_name, get_language(), get_script_prefix(), get_urlconf())
    shape = _shapes.get(key)
    if shape is None:
        head, _placeholder, tail = reverse(view_name, args=[_PLACEHOLDER]).rpartition(_PLACEHOLDER)
        shape = _shapes[key] = (head, tail)
    return f"{shape[0]}{value}{shape[1]}"


def article_id_at(path: str) -> int | None:
    """The id of the article whose reader page is at ``path``, in any site language."""
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        return int(match.kwargs["pk"]) if match.view_name == "news:article" else None
    return None


class Category(models.Model):
    slug = models.SlugField(_("路径名"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return _reverse_one("news:category", self.slug)


class Tag(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("标签")
        verbose_name_plural = _("标签")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if BannedTag.objects.filter(name=self.name).exists():
            raise ValidationError({"name": _("标签“%(name)s”已被屏蔽；要使用它，请先在“屏蔽的标签”中解除屏蔽。") % {"name": self.name}})

    def get_absolute_url(self) -> str:
        # By id, so any name works: "AI/大模型" fits no single path segment, and names
        # such as ".." or "a?b" would not survive as folder names of a static copy either.
        return _reverse_one("news:tag", self.pk)


class BannedTag(models.Model):
    """A tag name editors banned: collection never assigns it again, and no tag of that
    name can be made until the ban is lifted (by deleting this row)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    banned_at = models.DateTimeField(_("屏蔽时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("屏蔽的标签")
        verbose_name_plural = _("屏蔽的标签")

    def __str__(self) -> str:
        return self.name


class TagAlias(models.Model):
    """A tag name merged into another tag: collection assigns the tag it was merged into."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    tag = models.ForeignKey(Tag, verbose_name=_("并入的标签"), on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        ordering = ["name"]
        verbose_name = _("合并的标签名")
        verbose_name_plural = _("合并的标签名")

    def __str__(self) -> str:
        return f"{self.name} → {self.tag.name}"


class KeywordDocumentFrequency(models.Model):
    """In how many of the site's collected articles a keyword candidate appeared: the
    site's own IDF, which sinks the words most of its articles share (news.tagging)."""

    word = models.CharField(max_length=50, unique=True)
    documents = models.PositiveIntegerField(default=0)


class KeywordCorpusSize(models.Model):
    """How many articles ``KeywordDocumentFrequency`` has learned from (one row)."""

    documents = models.PositiveIntegerField(default=0)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        HIDDEN = "hidden", _("已隐藏")
        REMOVED = "removed", _("已删除(侵权)")

    title = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    #: Set on a new published article whose tags are added right after its first save
    #: (``tagging.save_new_article``): the search index makes its entry once, when the
    #: tags are added, instead of on the save and again then.
    tags_follow = False

    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    editor = models.CharField(_("编辑"), max_length=50, blank=True)
    source_name = models.CharField(_("来源"), max_length=100, blank=True)
    source_url = WebURLField(_("原文链接"), max_length=2000, blank=True)
    summary = models.TextField(
        _("摘要"), blank=True, help_text=_("留空则从正文自动抽取完整句子生成")
    )
    body_html = models.TextField(_("正文"), help_text=_("保存时按白名单净化"))
    body_text = models.TextField(_("正文纯文本"), editable=False, blank=True)
    lead_image_url = WebURLField(_("题图"), max_length=1000, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("栏目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="articles")
    view_count = models.PositiveBigIntegerField(_("阅读数"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        # Each in the exact order a listing reads, id last as in Meta.ordering: read in
        # index order, a page stops after its rows, and a deep page finds its ids on the
        # index alone, however large the archive (views._listing_response, news.listings).
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_listing"),
            models.Index(fields=["category", "status", "-published_at", "-id"], name="article_category_listing"),
            models.Index(fields=["status", "-view_count", "-published_at"], name="article_hot"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _reverse_one("news:article", self.pk)

    def prepare_text(self) -> None:
        """Clean the body and derive its text and summary, as ``save`` does. Collection
        calls it before it takes the ingest lock, so the save under the lock finds the
        work done (a body already cleaned is not cleaned again)."""
        if self.body_html != getattr(self, "_prepared_html", None):
            self.body_html = clean_body_html(self.body_html)
            self.body_text = html_to_text(self.body_html)
            self._prepared_html = self.body_html
        if not self.summary.strip():
            from huiwen.text import summarize

            self.summary = summarize(self.body_text)

    def save(self, *args, **kwargs):
        self.prepare_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"body_html", "body_text", "summary"}
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()


class ViewStamp(models.Model):
    """When a visitor's view of an article was last counted.

    One row per (article, visitor) makes "once per visit" a unique-constraint question
    the database answers atomically, even across many server processes.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=40)
    #: Keyed hash of the client address (``counting.address_key``), for the per-address limit.
    address = models.CharField(max_length=16, blank=True)
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="viewstamp_once_per_visitor")
        ]
        indexes = [
            models.Index(fields=["counted_at"]),
            models.Index(fields=["article", "address", "counted_at"], name="viewstamp_per_address"),
        ]


class DailyViews(models.Model):
    """Counted views of an article on one day (the site's time zone), incremented in the
    same transaction as ``Article.view_count``; the 24-hour and 7-day hot lists are
    summed from these rows (``news.listings.hot_window``)."""

    article = models.ForeignKey(Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    views = models.PositiveBigIntegerField(_("阅读数"), default=0)

    class Meta:
        verbose_name = _("每日阅读")
        verbose_name_plural = _("每日阅读")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="dailyviews_once_per_day")]
        indexes = [models.Index(fields=["day", "article"], name="dailyviews_by_day")]


# Every process (web, worker, CLI) imports the models, so the signal receivers that drop
# cached furniture, hot lists and page counts are connected here.
from huiwen.news import listings as _listings  # noqa: E402,F401
from huiwen.news import related as _related  # noqa: E402,F401
from huiwen.portal import furniture as _furniture  # noqa: E402,F401
