from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huiwen.news.models import Article, BannedTag, Category, DailyViews, Tag, TagAlias
from huiwen.news.tagging import TagError, ban_tags, merge_tags
from huiwen.search.index import sync_articles


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class TagActionForm(ActionForm):
    merge_into = forms.CharField(label=_("合并到"), required=False, max_length=50)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "article_count"]
    action_form = TagActionForm
    actions = ["merge", "ban"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=models.Count("articles"))

    @admin.display(description=_("文章数"), ordering="article_count")
    def article_count(self, obj: Tag) -> int:
        return obj.article_count

    @admin.action(description=_("合并所选标签（在“合并到”中填写目标标签名）"), permissions=["change"])
    def merge(self, request, queryset):
        try:
            target = merge_tags(queryset, request.POST.get("merge_into", ""))
        except TagError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, _("已合并到标签“%(name)s”；以后采集到的这些词都会标为它。") % {"name": target.name}, messages.SUCCESS)

    @admin.action(description=_("屏蔽所选标签（从文章上移除，以后不再自动标注）"), permissions=["delete"])
    def ban(self, request, queryset):
        count = ban_tags(queryset)
        self.message_user(request, ngettext("已屏蔽 %d 个标签。", "已屏蔽 %d 个标签。", count) % count, messages.SUCCESS)


@admin.register(BannedTag)
class BannedTagAdmin(admin.ModelAdmin):
    list_display = ["name", "banned_at"]
    search_fields = ["name"]


@admin.register(TagAlias)
class TagAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "tag"]
    search_fields = ["name", "tag__name"]
    autocomplete_fields = ["tag"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "status", "category", "author", "published_at", "view_count", "preview_link"]
    list_filter = ["status", "category", "published_at", "tags"]
    search_fields = ["title", "author", "editor", "source_name", "body_text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    list_select_related = ["category"]
    readonly_fields = ["view_count", "created_at", "updated_at", "preview_link"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "status", "published_at", "category", "tags"]}),
        (_("署名与来源"), {"fields": ["author", "editor", "source_name", "source_url"]}),
        (_("内容"), {"fields": ["summary", "body_html", "lead_image_url"]}),
        (_("统计"), {"fields": ["view_count", "created_at", "updated_at", "preview_link"]}),
    ]

    @admin.display(description=_("预览"))
    def preview_link(self, obj: Article):
        if not obj.pk:
            return "-"
        return format_html('<a href="{}" target="_blank">{}</a>', reverse("preview", args=[obj.pk]), _("预览"))

    @admin.action(description=_("发布所选文章"), permissions=["change"])
    def publish(self, request, queryset):
        # Removed articles were taken down for a rights holder; publishing must not undo that.
        # A future published_at stays as is: the article goes live then.
        # QuerySet.update sends no signal: the search index is brought along in the same
        # transaction.
        with transaction.atomic():
            chosen = list(queryset.exclude(status=Article.Status.REMOVED).values_list("pk", flat=True))
            count = Article.objects.filter(pk__in=chosen).update(status=Article.Status.PUBLISHED)
            sync_articles(chosen)
        self.message_user(request, ngettext("已发布 %d 篇文章。", "已发布 %d 篇文章。", count) % count, messages.SUCCESS)

    @admin.action(description=_("撤回所选文章(转为隐藏)"), permissions=["change"])
    def unpublish(self, request, queryset):
        with transaction.atomic():
            chosen = list(queryset.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
            count = Article.objects.filter(pk__in=chosen).update(status=Article.Status.HIDDEN)
            sync_articles(chosen)
        self.message_user(request, ngettext("已撤回 %d 篇文章。", "已撤回 %d 篇文章。", count) % count, messages.SUCCESS)


@admin.register(DailyViews)
class DailyViewsAdmin(admin.ModelAdmin):
    """Views per article per day, behind the dashboard's views chart. Counts are written by
    readers' beacons only; whoever may see articles sees them (the groups' permissions
    were granted before this model existed)."""

    list_display = ["day", "article", "views"]
    date_hierarchy = "day"
    ordering = ["-day", "-views"]
    list_select_related = ["article"]
    search_fields = ["article__title"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("news.view_article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
