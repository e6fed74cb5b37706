from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["site_name", "logo_text", "takedown_contact"]

    def has_add_permission(self, request):
        # A single row, created on first use by SiteSettings.current().
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PromoCard)
class PromoCardAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "localized_name", "tagline", "url", "order", "active", "starts_at", "ends_at"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "localized_name", "tagline", "url"]


@admin.register(FriendlyLink)
class FriendlyLinkAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


admin.site.site_header = _("汇文管理后台")
admin.site.site_title = _("汇文管理后台")
