"""The staff queue: requests newest first, decided with actions that ask for a reason;
the audit log beside them, read-only for everyone."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from huiwen.takedown import workflow
from huiwen.takedown.models import AuditEntry, RequestedArticle, TakedownRequest


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequestedArticleInline(ReadOnlyMixin, admin.TabularInline):
    model = RequestedArticle
    fields = ["url", "article", "article_status"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("文章状态"))
    def article_status(self, item):
        return item.article.get_status_display()


class AuditInline(ReadOnlyMixin, admin.TabularInline):
    model = AuditEntry
    fields = ["at", "actor", "action", "what", "why"]
    readonly_fields = fields
    extra = 0
    ordering = ["at", "id"]


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("理由(会告知投诉人)"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), required=False)
    source_action = forms.ChoiceField(
        label=_("采集源"), required=False, initial="",
        choices=[("", _("不变")), (workflow.SourceAction.BLOCK, _("停用该采集源")),
                 (workflow.SourceAction.DOWNGRADE, _("该采集源改为进入待审"))],
    )


@admin.register(TakedownRequest)
class TakedownRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "claimant", "email", "article_count", "created_at", "decided_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["reference", "claimant", "email", "urls"]
    readonly_fields = ["reference", "status", "claimant", "email", "urls", "work", "statement", "good_faith",
                       "language", "reason", "created_at", "updated_at", "decided_at"]
    fields = readonly_fields
    inlines = [RequestedArticleInline, AuditInline]
    actions = ["hide_pending_review", "remove_articles", "reject_requests"]

    def has_add_permission(self, request):
        return False  # requests come from rights holders, through the form

    def has_delete_permission(self, request, obj=None):
        return False  # the record and its audit log stay

    def has_change_permission(self, request, obj=None):
        # Nothing is edited in place; decisions are the actions, which need this permission.
        return super().has_change_permission(request, obj) if obj is None else False

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(article_total=Count("items"))

    @admin.display(description=_("文章数"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    def _decide(self, request, queryset, *, step: str, title, needs_reason: bool, source_choice: bool):
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"].strip()
            if needs_reason and not reason:
                form.add_error("reason", _("驳回必须写明理由。"))
            else:
                done, failed = 0, []
                actor = f"admin:{request.user.get_username()}"
                for takedown in queryset:
                    try:
                        if step == "hide":
                            workflow.hide(takedown, actor=actor, reason=reason)
                        elif step == "remove":
                            workflow.accept(takedown, actor=actor, reason=reason,
                                            source_action=form.cleaned_data["source_action"] if source_choice else "")
                        else:
                            workflow.reject(takedown, actor=actor, reason=reason)
                        done += 1
                    except workflow.WorkflowError as error:
                        failed.append(str(error))
                if done:
                    self.message_user(request, _("已处理 %d 份投诉。") % done, messages.SUCCESS)
                for problem in failed:
                    self.message_user(request, problem, messages.WARNING)
                return None
        return TemplateResponse(request, "admin/takedown/decide.html", {
            **self.admin_site.each_context(request),
            "title": title, "opts": self.model._meta, "queryset": queryset, "form": form,
            "action": request.POST.get("action"), "source_choice": source_choice,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    @admin.action(description=_("隐藏文章,待审核"), permissions=["change"])
    def hide_pending_review(self, request, queryset):
        return self._decide(request, queryset, step="hide", title=_("隐藏文章,待审核"), needs_reason=False, source_choice=False)

    @admin.action(description=_("删除文章(接受投诉)"), permissions=["change"])
    def remove_articles(self, request, queryset):
        return self._decide(request, queryset, step="remove", title=_("删除文章(接受投诉)"), needs_reason=False, source_choice=True)

    @admin.action(description=_("驳回投诉(须写明理由)"), permissions=["change"])
    def reject_requests(self, request, queryset):
        return self._decide(request, queryset, step="reject", title=_("驳回投诉"), needs_reason=True, source_choice=False)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "request", "actor", "action", "what", "why"]
    list_filter = ["action", "at"]
    search_fields = ["request__reference", "actor", "what", "why"]
    list_select_related = ["request"]
    readonly_fields = ["request", "at", "actor", "action", "what", "why"]
    fields = readonly_fields
