"""What the admin home shows a user: each panel only with the permission to see the list
behind it."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from huiwen.dashboard import stats
from huiwen.dashboard.charts import Series, stacked_bars
from huiwen.sources.models import Page, Source

__all__ = ["DAYS", "SOURCE_PARAMETER", "panels"]

#: Days the charts cover, today included.
DAYS = 30
#: The admin home's query parameter choosing one source for the collection chart.
SOURCE_PARAMETER = "source"


def _changelist(name: str, **filters: Any) -> str:
    return reverse(f"admin:{name}_changelist") + ("?" + urlencode(filters) if filters else "")


def _chosen_source(request: HttpRequest) -> Source | None:
    """The source asked for; anything else (none, not a number, unknown) means all."""
    try:
        pk = int(request.GET.get(SOURCE_PARAMETER, ""))
    except ValueError:
        return None
    # Beyond a 64-bit id the database driver would raise rather than find nothing.
    return Source.objects.filter(pk=pk).first() if 0 < pk < 2**63 else None


def _collection(days: list[date], source: Source | None) -> dict[str, Any]:
    per_day = stats.collected_per_day(days, source.pk if source else None)
    scope = {"source__id__exact": source.pk} if source else {}

    def pages(outcome: dict[str, str]):
        return lambda day: _changelist("sources_page", collected_at__date=day.isoformat(), **outcome, **scope)

    failed = {"outcome__in": ",".join(stats.FAILED_OUTCOMES)}
    chart = stacked_bars(
        _("每天采集的网址"), days,
        [
            Series("new", _("新文章"), [d.new for d in per_day], pages({"outcome": Page.Outcome.NEW})),
            Series("duplicate", _("重复"), [d.duplicate for d in per_day], pages({"outcome": Page.Outcome.DUPLICATE})),
            Series("failed", _("失败"), [d.failed for d in per_day], pages(failed)),
        ],
    )
    return {
        "chart": chart,
        "href": _changelist("sources_page", collected_at__date__gte=days[0].isoformat(), **scope),
        "sources": Source.objects.only("id", "name").order_by("name"),
        "source": source,
        "parameter": SOURCE_PARAMETER,
    }


def _views(days: list[date]) -> dict[str, Any]:
    per_day = stats.views_per_day(days)
    chart = stacked_bars(
        _("每天的阅读数"), days,
        [Series("views", _("阅读"), [views for _day, views in per_day],
                lambda day: _changelist("news_dailyviews", day=day.isoformat()))],
    )
    return {"chart": chart, "href": _changelist("news_dailyviews", day__gte=days[0].isoformat())}


def panels(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    days = stats.day_range(DAYS)
    context: dict[str, Any] = {"days": DAYS}
    if user.has_perm("sources.view_page"):
        context["collection"] = _collection(days, _chosen_source(request))
    if user.has_perm("news.view_article"):
        context["views"] = _views(days)
        context["top"] = [
            {"title": _("24 小时最热"), "articles": stats.top_articles(1)},
            {"title": _("7 天最热"), "articles": stats.top_articles(7)},
        ]
    if user.has_perm("sources.view_source"):
        context["attention"] = {
            "sources": stats.sources_needing_attention(),
            "href": _changelist("sources_source", flagged__exact=1),
        }
    return context
