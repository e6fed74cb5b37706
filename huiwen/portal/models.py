"""Site-wide furniture shown on every page: settings, promo cards, friendly links."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from huiwen.portal.fields import WebURLField


class SiteSettings(models.Model):
    """The one row of operator-editable site settings (see ``SiteSettings.current``)."""

    site_name = models.CharField(_("站点名称"), max_length=100, default="汇文资讯")
    logo_text = models.CharField(_("标志文字"), max_length=20, default="汇文")
    tagline = models.CharField(_("标语"), max_length=200, blank=True)
    copyright_notice = models.TextField(
        _("版权声明"),
        default="版权声明:本站部分文章来自互联网,版权归原作者所有,如内容侵权可以联系我们删除!",
    )
    takedown_contact = models.CharField(
        _("侵权联系方式"), max_length=300, default="邮箱:takedown@example.org"
    )

    class Meta:
        verbose_name = _("站点设置")
        verbose_name_plural = _("站点设置")

    def __str__(self) -> str:
        return self.site_name

    @classmethod
    def current(cls) -> SiteSettings:
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings


class PromoCardQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(active=True),
            Q(starts_at__isnull=True) | Q(starts_at__lte=now),
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        )


class PromoCard(models.Model):
    """A partner card such as 欧易 / 欧易(OKX) / one-line tagline / link."""

    name = models.CharField(_("名称"), max_length=50)
    localized_name = models.CharField(
        _("中英文名"), max_length=100, help_text=_("例如 欧易(OKX)")
    )
    tagline = models.CharField(_("一句话介绍"), max_length=120)
    url = WebURLField(_("链接"), max_length=500)
    slug = models.SlugField(
        _("跳转路径名"), max_length=60, unique=True, blank=True, null=True,
        help_text=_("点击经 /go/<路径名>/ 计数后跳转;留空则按名称自动生成"),
    )
    logo = models.ImageField(_("标志图片"), upload_to="promos/", blank=True)
    badge_text = models.CharField(
        _("文字徽标"), max_length=12, blank=True, help_text=_("没有标志图片时显示")
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = PromoCardQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("推广卡片")
        verbose_name_plural = _("推广卡片")
        indexes = [models.Index(fields=["active", "order"])]

    def __str__(self) -> str:
        return self.localized_name or self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = set(kwargs["update_fields"]) | {"slug"}
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        """An unused slug from the card's names ("欧易(OKX)" gives "okx"), else "card"."""
        base = next((s for s in (slugify(self.localized_name), slugify(self.name)) if s), "card")[:50].strip("-") or "card"
        taken = set(PromoCard.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True))
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate


class PromoCardDay(models.Model):
    """A card's impressions and clicks on one day (the site's time zone)."""

    card = models.ForeignKey(PromoCard, verbose_name=_("推广卡片"), on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("日期"))
    impressions = models.PositiveBigIntegerField(_("展示"), default=0)
    clicks = models.PositiveBigIntegerField(_("点击"), default=0)

    class Meta:
        ordering = ["-day", "card"]
        verbose_name = _("推广统计")
        verbose_name_plural = _("推广统计")
        constraints = [models.UniqueConstraint(fields=["card", "day"], name="promocardday_once")]

    def __str__(self) -> str:
        return f"{self.card} {self.day}"


class PromoClickStamp(models.Model):
    """A visitor's counted click on a card on a day: clicks count once per visitor per
    day, and at most ``VIEW_MAX_PER_ADDRESS`` visitors per client address (a keyed hash,
    as for views). Rows of earlier days are deleted with the day's first click."""

    card = models.ForeignKey(PromoCard, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visitor = models.CharField(max_length=40)
    address = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "day", "visitor"], name="promoclick_once_per_visitor")]
        indexes = [models.Index(fields=["card", "day", "address"], name="promoclick_per_address")]


class FriendlyLink(models.Model):
    """An entry of the 友情链接 footer."""

    name = models.CharField(_("名称"), max_length=50)
    url = WebURLField(_("链接"), max_length=500)
    order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("友情链接")
        verbose_name_plural = _("友情链接")
        indexes = [models.Index(fields=["active", "order"])]

    def __str__(self) -> str:
        return self.name
