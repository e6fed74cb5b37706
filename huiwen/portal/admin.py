from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwen.portal.models import FriendlyLink, PromoCard, PromoCardDay, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["site_name", "logo_text", "takedown_contact"]

    def has_add_permission(self, request):
        # A single row, created on first use by SiteSettings.current().
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnly:
    """Counts are written by readers' requests only; whoever may see the cards sees them
    (the groups' permissions were granted before this model existed)."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.view_promocard")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _click_rate(row: PromoCardDay) -> str:
    return f"{row.clicks / row.impressions:.1%}" if row.impressions else "—"


class PromoCardDayInline(_ReadOnly, admin.TabularInline):
    model = PromoCardDay
    fields = ["day", "impressions", "clicks", "click_rate"]
    readonly_fields = fields
    ordering = ["-day"]
    extra = 0
    max_num = 0
    verbose_name_plural = _("每日展示与点击(最近 30 天)")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        from datetime import timedelta

        from django.utils import timezone

        return queryset.filter(day__gt=timezone.localdate() - timedelta(days=30))

    @admin.display(description=_("点击率"))
    def click_rate(self, row: PromoCardDay) -> str:
        return _click_rate(row)


@admin.register(PromoCard)
class PromoCardAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "localized_name", "tagline", "url", "slug", "order", "active", "starts_at", "ends_at"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "localized_name", "tagline", "url", "slug"]
    def get_inlines(self, request, obj):
        # The statistics of a card that exists; a new card has none (and its form stays as it was).
        return [PromoCardDayInline] if obj is not None else []


@admin.register(PromoCardDay)
class PromoCardDayAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["day", "card", "impressions", "clicks", "click_rate"]
    list_filter = ["card"]
    date_hierarchy = "day"
    list_select_related = ["card"]

    @admin.display(description=_("点击率"))
    def click_rate(self, row: PromoCardDay) -> str:
        return _click_rate(row)


@admin.register(FriendlyLink)
class FriendlyLinkAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


admin.site.site_header = _("汇文管理后台")
admin.site.site_title = _("汇文管理后台")
