"""Site-wide furniture shown on every page: settings, promo cards, friendly links."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
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
