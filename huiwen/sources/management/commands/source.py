"""``huiwen source add | list | show | remove | test``: sources from a shell.

A source is checked exactly as the admin checks it (``Source.full_clean()``, so
:func:`huiwen.sources.checks.validate_source`), and ``test`` previews it through the
collector's own discovery and extraction, storing nothing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwen.news.models import Article, Category
from huiwen.sources.collector import preview_source
from huiwen.sources.models import Source

#: Keys a --rules file may set, and the source fields they fill.
RULE_KEYS = {
    "title": "title_rule", "body": "body_rule", "date": "date_rule", "author": "author_rule",
    "link_selector": "link_selector", "link_regex": "link_regex",
    "page_url_template": "page_url_template", "max_pages": "max_pages",
}
_SCHEDULE = re.compile(r"^(\d+)\s*([mhd]?)$")
_MINUTES = {"": 1, "m": 1, "h": 60, "d": 24 * 60}
RECENT_PAGES = 10


def _schedule(value: str) -> int:
    match = _SCHEDULE.match(value.strip().lower())
    if not match or int(match[1]) == 0:
        raise CommandError(_("--schedule %(value)r 不是采集间隔:请写分钟数,或如 30m、2h、1d") % {"value": value})
    return int(match[1]) * _MINUTES[match[2]]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else _("从未")


class Command(BaseCommand):
    help = "Add, list, show, remove and dry-run collection sources."

    def add_arguments(self, parser):
        steps = parser.add_subparsers(dest="step", required=True)
        add = steps.add_parser("add", help="check and save a source")
        test = steps.add_parser("test", help="preview the first articles a source would give, storing nothing")
        for sub in (add, test):
            sub.add_argument("kind", choices=Source.Kind.values)
            sub.add_argument("location", help="a URL, or for files/warc a path (relative: inside the first import folder)")
            sub.add_argument("--name", help="shown in the admin and in attributions (default: from the location)")
            sub.add_argument("--category", help="slug or name of the category articles go to")
            sub.add_argument("--tags", default="", help="default tags, comma-separated")
            sub.add_argument("--schedule", type=_schedule, help="collect every N minutes (or 30m, 2h, 1d; default 60)")
            sub.add_argument("--publish", choices=Source.PublishMode.values, default=Source.PublishMode.REVIEW,
                             help="review: into the review inbox (default); auto: published at once")
            sub.add_argument("--rules", type=Path, metavar="FILE",
                             help=f"a TOML file of field rules: {', '.join(RULE_KEYS)}")
        test.add_argument("--count", type=int, default=3, help="articles to preview (default 3)")
        steps.add_parser("list", help="every source with its health")
        show = steps.add_parser("show", help="one source, its health and its latest collection records")
        show.add_argument("source_id", type=int, metavar="ID")
        remove = steps.add_parser("remove", help="delete a source and its collection records (articles stay)")
        remove.add_argument("source_id", type=int, metavar="ID")

    def handle(self, *args, step: str, **options):
        if step == "list":
            return self._list()
        if step in ("add", "test"):
            source = self._source_from(options)
            if step == "add":
                return self._add(source)
            return self._test(source, options["count"])
        source = self._find(options["source_id"])
        if step == "show":
            return self._show(source)
        return self._remove(source)

    # -- building and checking ---------------------------------------------------

    def _source_from(self, options) -> Source:
        kind, location = options["kind"], options["location"]
        source = Source(
            kind=kind, location=location, name=(options["name"] or _default_name(kind, location))[:100],
            default_tags=options["tags"], publish_mode=options["publish"],
            category=self._category(options["category"]) if options["category"] else None,
        )
        if options["schedule"]:
            source.interval_minutes = options["schedule"]
        if options["rules"]:
            for field, value in _read_rules(options["rules"]).items():
                setattr(source, field, value)
        try:
            source.full_clean()
        except ValidationError as error:
            lines = [f"  {Source._meta.get_field(field).verbose_name if field != '__all__' else ''}: {message}"
                     for field, messages in error.message_dict.items() for message in messages]
            raise CommandError("\n".join([_("采集源未保存,请改正:"), *lines])) from None
        return source

    def _category(self, wanted: str) -> Category:
        found = Category.objects.filter(Q(slug=wanted) | Q(name=wanted)).first()
        if found is None:
            names = ", ".join(f"{c.slug} ({c.name})" for c in Category.objects.all()) or _("还没有栏目")
            raise CommandError(_("没有栏目 %(wanted)r;现有:%(names)s") % {"wanted": wanted, "names": names})
        return found

    def _find(self, source_id: int) -> Source:
        try:
            return Source.objects.select_related("category").get(pk=source_id)
        except Source.DoesNotExist:
            raise CommandError(_("没有编号为 %(id)d 的采集源;`huiwen source list` 列出全部") % {"id": source_id}) from None

    # -- steps -------------------------------------------------------------------

    def _add(self, source: Source) -> None:
        source.save()
        self.stdout.write(_("已添加采集源 %(id)d:%(name)s(%(kind)s,每 %(minutes)d 分钟采集一次)") % {
            "id": source.pk, "name": source.name, "kind": source.get_kind_display(), "minutes": source.interval_minutes,
        })
        self.stdout.write(_("现在采集一次:huiwen collect --source %(id)d") % {"id": source.pk})

    def _test(self, source: Source, count: int) -> None:
        items, problems = preview_source(source, count)
        self.stdout.write(_("试采 %(name)s:前 %(count)d 篇(不保存任何内容)") % {"name": source.name, "count": len(items)})
        for url, reason in problems:
            self.stdout.write(f"  ✗ {url}: {reason}")
        if not items and not problems:
            self.stdout.write(_("  没有找到文章链接"))
        for number, item in enumerate(items, 1):
            self.stdout.write(f"\n{number}. {item.url}")
            if item.problem:
                self.stdout.write(f"   ✗ {item.problem}")
                continue
            self.stdout.write(_("   标题:%(value)s") % {"value": item.title or "-"})
            self.stdout.write(_("   日期:%(value)s") % {"value": _when(item.published_at) if item.published_at else "-"})
            self.stdout.write(_("   作者:%(value)s") % {"value": item.author or "-"})
            self.stdout.write(_("   开头:%(value)s") % {"value": item.opening})
            if item.already_held:
                self.stdout.write(_("   · 这个网址已采集过,采集时会跳过"))
            elif item.duplicate_of:
                self.stdout.write(_("   ! 与已有文章 %(id)d《%(title)s》重复,会链接到它而不另外发布") % {
                    "id": item.duplicate_of.pk, "title": item.duplicate_of.title})

    def _list(self) -> None:
        sources = list(Source.objects.all())
        if not sources:
            self.stdout.write(_("还没有采集源;用 `huiwen source add KIND LOCATION` 添加"))
            return
        self.stdout.write(_("编号  名称  类型  上次采集  新增/重复/失败  状态"))
        for source in sources:
            self.stdout.write(
                f"{source.pk:>4}  {source.name}  {source.kind}  {_when(source.last_run_at)}  "
                f"{source.last_new}/{source.last_duplicates}/{source.last_failed}  {_health(source)}"
            )

    def _show(self, source: Source) -> None:
        rows = [
            (_("编号"), source.pk), (_("名称"), source.name), (_("类型"), source.get_kind_display()),
            (_("地址"), source.location), (_("启用"), _("是") if source.active else _("否")),
            (_("栏目"), source.category or "-"), (_("默认标签"), source.default_tags or "-"),
            (_("发布方式"), source.get_publish_mode_display()), (_("采集间隔(分钟)"), source.interval_minutes),
            (_("上次采集"), _when(source.last_run_at)), (_("下次采集"), _when(source.next_run_at)),
            (_("新增/重复/失败"), f"{source.last_new}/{source.last_duplicates}/{source.last_failed}"),
            (_("状态"), _health(source)), (_("最近错误"), source.last_error or "-"),
        ]
        rows += [(Source._meta.get_field(field).verbose_name, getattr(source, field))
                 for field in RULE_KEYS.values() if field != "max_pages" and getattr(source, field)]
        for label, value in rows:
            self.stdout.write(f"{label}: {value}")
        pages = list(source.pages.order_by("-collected_at")[:RECENT_PAGES])
        if pages:
            self.stdout.write(_("最近的采集记录:"))
        for page in pages:
            self.stdout.write(f"  {page.get_outcome_display()}  {page.url}{'  ' + page.reason if page.reason else ''}")

    def _remove(self, source: Source) -> None:
        if source.pages.filter(article__status=Article.Status.REMOVED).exists():
            # Those records are what keep taken-down URLs from being collected again.
            raise CommandError(_(
                "采集源 %(id)d 有因侵权投诉删除的文章,它的采集记录防止这些网址被再次采集,所以不能删除;请在后台停用它"
            ) % {"id": source.pk})
        source_id, name, pages = source.pk, source.name, source.pages.count()
        source.delete()
        self.stdout.write(_("已删除采集源 %(id)d:%(name)s 和它的 %(pages)d 条采集记录;已采集的文章保留") % {
            "id": source_id, "name": name, "pages": pages})


def _health(source: Source) -> str:
    if source.flagged:
        return _("⚠ 需要检查:%(reason)s") % {"reason": source.flag_reason}
    if not source.active:
        return _("已停用")
    if source.last_error:
        return _("有失败:%(reason)s") % {"reason": source.last_error.splitlines()[0][:120]}
    return _("正常") if source.last_run_at else _("未采集")


def _default_name(kind: str, location: str) -> str:
    if kind in ("files", "warc"):
        return Path(location.rstrip("/")).name or location
    return urlsplit(location).hostname or location


def _read_rules(path: Path) -> dict:
    try:
        rules = tomllib.loads(path.read_text("utf-8"))
    except OSError as error:
        raise CommandError(_("无法读取规则文件 %(path)s:%(error)s") % {"path": path, "error": error.strerror}) from None
    except tomllib.TOMLDecodeError as error:
        raise CommandError(_("规则文件 %(path)s 不是有效的 TOML:%(error)s") % {"path": path, "error": error}) from None
    unknown = set(rules) - set(RULE_KEYS)
    if unknown:
        raise CommandError(_("规则文件 %(path)s 里有不认识的键 %(keys)s;可用的键:%(known)s") % {
            "path": path, "keys": ", ".join(sorted(unknown)), "known": ", ".join(RULE_KEYS)})
    return {RULE_KEYS[key]: value for key, value in rules.items()}
