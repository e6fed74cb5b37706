from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from huiwen.news.models import Article
from huiwen.sources.models import CollectionRun, LearnedLine, Page, Source
from huiwen.sources.tasks import queue_run, reextract_task

REEXTRACT_COUNT = 20


class LearnedLineInline(admin.TabularInline):
    """The lines learned as this source's furniture; un-learn one by ticking it."""

    model = LearnedLine
    fields = ["text", "articles", "learned_at", "unlearned"]
    readonly_fields = ["text", "articles", "learned_at"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("已学到的模板行(重新抽取后生效)")

    def has_add_permission(self, request, obj=None):
        return False  # lines are learned from what the source delivered, not typed in


@admin.register(LearnedLine)
class LearnedLineAdmin(admin.ModelAdmin):
    list_display = ["text", "source", "articles", "unlearned", "learned_at"]
    list_filter = ["unlearned", "source"]
    search_fields = ["text"]
    readonly_fields = ["source", "text", "articles", "learned_at"]
    list_select_related = ["source"]
    actions = ["unlearn", "relearn"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("取消所选模板行(不再删除)"))
    def unlearn(self, request, queryset):
        count = queryset.update(unlearned=True)
        self.message_user(request, _("已取消 %d 行;对采集源执行“重新抽取”后回到正文") % count, messages.SUCCESS)

    @admin.action(description=_("恢复所选模板行"))
    def relearn(self, request, queryset):
        count = queryset.update(unlearned=False)
        self.message_user(request, _("已恢复 %d 行") % count, messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 80})}}
    list_display = ["name", "kind", "active", "publish_mode", "rights_mode", "last_run_at", "last_new", "last_duplicates",
                    "last_failed", "health", "next_run_at"]
    list_filter = ["kind", "active", "publish_mode", "rights_mode", "flagged", "category"]
    search_fields = ["name", "location"]
    readonly_fields = ["last_run_at", "last_new", "last_duplicates", "last_failed", "last_error", "flagged", "flag_reason"]
    actions = ["collect_now", "reextract_recent"]
    inlines = [LearnedLineInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "location", "active", "blocked_reason", "interval_minutes", "next_run_at"]}),
        (_("列表页规则"), {"fields": ["page_url_template", "max_pages", "link_selector", "link_regex"]}),
        (_("入库"), {"fields": ["category", "default_tags", "publish_mode"]}),
        (_("版权"), {"fields": ["rights_mode", "attribution_name"]}),
        (_("字段规则(自动抽取不准时填写)"), {"fields": ["title_rule", "body_rule", "date_rule", "author_rule"],
                                           "classes": ["collapse"]}),
        (_("健康状况"), {"fields": readonly_fields}),
    ]

    @admin.display(description=_("状态"), boolean=False)
    def health(self, source: Source):
        if source.flagged:
            return format_html('<span style="color:#b42318" title="{}">⚠ {}</span>', source.flag_reason, _("需要检查"))
        if source.last_error:
            return format_html('<span title="{}">{}</span>', source.last_error, _("有失败"))
        return _("正常") if source.last_run_at else "-"

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="sources_source_preview"), *super().get_urls()]

    def preview_view(self, request):
        """The change form's fields, checked like a save and collected as a dry run:
        what the first articles would look like. Nothing is saved."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        form = self.get_form(request)(request.POST)
        context = {**self.admin_site.each_context(request), "title": _("测试采集源"), "opts": self.model._meta}
        if form.is_valid():
            # Here, not at the top: the collector is ~16 MB that only a preview needs.
            from huiwen.sources.collector import preview_source

            context["items"], context["problems"] = preview_source(form.instance)
        else:
            context["errors"] = [
                (form.fields[field].label if field in form.fields else "", message)
                for field, messages in form.errors.items() for message in messages
            ]
        return TemplateResponse(request, "admin/sources/source/preview.html", context)

    @admin.action(description=_("立即采集"))
    def collect_now(self, request, queryset):
        queued = sum(queue_run(source) for source in queryset)  # a source with an open run is left to it
        self.message_user(request, _("已加入采集队列:%d 个源") % queued, messages.SUCCESS)

    @admin.action(description=_("重新抽取最近 %d 篇") % REEXTRACT_COUNT)
    def reextract_recent(self, request, queryset):
        for source in queryset:
            reextract_task(source.pk, REEXTRACT_COUNT)
        self.message_user(request, _("已加入重新抽取队列:%d 个源") % queryset.count(), messages.SUCCESS)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["url", "source", "outcome", "reason", "article", "similarity", "attempts", "collected_at"]
    list_filter = ["outcome", "source"]
    search_fields = ["url", "reason"]
    readonly_fields = [f.name for f in Page._meta.fields if f.name != "id"]
    list_select_related = ["source", "article"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The record of a URL whose article was removed after a takedown is what keeps the
        # URL from being collected again; it stays.
        if obj is not None and obj.article_id and obj.article.status == Article.Status.REMOVED:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [str(page) for page in objs if page.article_id and page.article.status == Article.Status.REMOVED]
        return deleted, counts, perms_needed, [*protected, *kept]


@admin.register(CollectionRun)
class CollectionRunAdmin(admin.ModelAdmin):
    """Runs are written by the workers only; staff watch them (a run started more than
    once was resumed after its worker died)."""

    list_display = ["source", "state", "queued_at", "started_at", "finished_at", "starts", "summary"]
    list_filter = ["state", "source"]
    readonly_fields = [f.name for f in CollectionRun._meta.fields if f.name != "id"]
    list_select_related = ["source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
