"""What makes a source collectable, checked when it is saved, not when it first runs.

:func:`validate_source` is the one check behind ``Source.clean()``, so the admin form,
the admin's preview and ``huiwen source add|test`` refuse the same mistakes with the same
messages, in the language of whoever made them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from huiwen.collect.overrides import InvalidRule, compile_rule
from huiwen.demo import origin as demo_origin
from huiwen.fetch import BlockedAddress, FetchError, FetchPolicy, InvalidURL, check_url

if TYPE_CHECKING:
    from huiwen.sources.models import Source

#: Seconds a save waits for DNS before accepting a host it cannot resolve now (collection
#: reports it if it stays unresolvable).
SAVE_LOOKUP_SECONDS = 3.0
LOCAL_KINDS = ("files", "warc")
_RULE_FIELDS = ("title_rule", "body_rule", "date_rule", "author_rule", "link_selector")


class OutsideImportFolders(ValueError):
    """A local source path that is not under any of settings.IMPORT_DIRS."""


def fetch_policy(location: str = "") -> FetchPolicy:
    """The fetch policy collection runs with, from the settings; for the demo's own feed,
    one that may reach the site's own origin, without delay (it is our server)."""
    options = {
        "allow_networks": settings.FETCH_ALLOW_NETWORKS,
        "host_delay": settings.FETCH_HOST_DELAY,
        "max_bytes": settings.FETCH_MAX_BYTES,
    }
    if settings.FETCH_USER_AGENT:
        options["user_agent"] = settings.FETCH_USER_AGENT
    if location and demo_origin.is_demo_feed(location):
        options.update(allow_networks=(*settings.FETCH_ALLOW_NETWORKS, *demo_origin.own_origin_networks()), host_delay=0)
    return FetchPolicy(**options)


def local_path(location: str) -> Path:
    """The file or folder a files/WARC source names: a relative path lies in the first
    import folder (the one `huiwen init` creates)."""
    path = Path(location.strip()).expanduser()
    return (path if path.is_absolute() else settings.IMPORT_DIRS[0] / path).resolve()


def import_root(location: str) -> tuple[Path, Path]:
    """The local path a files/WARC source reads, and the import folder it lies in."""
    path = local_path(location)
    for root in settings.IMPORT_DIRS:
        if path.is_relative_to(root):
            return path, root
    raise OutsideImportFolders(_(
        "%(path)s 不在导入文件夹内(%(folders)s):请把文件移到导入文件夹中,或把它所在的文件夹加入 HUIWEN_IMPORT_DIRS"
    ) % {"path": path, "folders": ", ".join(str(root) for root in settings.IMPORT_DIRS)})


def missing_path_message(path: Path) -> str:
    return _("%(path)s 不存在:请填写导入文件夹中已有的文件或文件夹(相对路径从 %(root)s 算起)") % {
        "path": path, "root": settings.IMPORT_DIRS[0],
    }


def invalid_url_message(url: str) -> str:
    return _("“%(url)s”不是可采集的网址:请填写以 http:// 或 https:// 开头的完整网址") % {"url": url}


def blocked_address_message(error: BlockedAddress) -> str:
    return _(
        "%(host)s 指向内部地址 %(address)s,为防止服务器端请求伪造而不能采集;"
        "若它是可信的内网服务器,请把它加入 HUIWEN_FETCH_ALLOW_NETWORKS"
    ) % {"host": error.host, "address": error.address}


def validate_source(source: Source) -> None:
    """Raise ValidationError, per field, for everything that would stop ``source`` from
    being collected: its address or path, its page template and its rules."""
    errors: dict[str, str] = {}
    if source.kind in LOCAL_KINDS:
        if problem := _local_problem(source):
            errors["location"] = problem
    elif source.location:
        if problem := _web_problem(source.location, fetch_policy(source.location)):
            errors["location"] = problem
    if source.page_url_template:
        if "{page}" not in source.page_url_template:
            errors["page_url_template"] = _("分页网址模板必须包含 {page}")
        elif problem := _web_problem(source.page_url_template.replace("{page}", "2"), fetch_policy(source.location)):
            errors["page_url_template"] = problem
    for field in _RULE_FIELDS:
        if rule := getattr(source, field):
            try:
                compile_rule(rule)
            except InvalidRule as error:
                errors[field] = _("“%(rule)s”不是有效的%(syntax)s:%(detail)s") % {
                    "rule": error.rule, "syntax": "XPath" if error.is_xpath else _("CSS 选择器"), "detail": error.detail,
                }
    if source.link_regex:
        try:
            re.compile(source.link_regex)
        except re.error as error:
            errors["link_regex"] = _("不是有效的正则表达式:%s") % error
    if source.kind == "list" and not (source.link_selector or source.link_regex):
        errors["link_regex"] = _("列表页需要链接 CSS 选择器或链接正则")
    if errors:
        raise ValidationError(errors)


def _local_problem(source: Source) -> str:
    try:
        path, _root = import_root(source.location)
    except OutsideImportFolders as error:
        return str(error)
    if not path.exists():
        return missing_path_message(path)
    if source.kind == "warc" and not path.is_file():
        return _("%(path)s 是文件夹;WARC 采集源要填写一个 .warc 或 .warc.gz 文件") % {"path": path}
    return ""


def _web_problem(url: str, policy: FetchPolicy) -> str:
    try:
        check_url(url, replace(policy, connect_timeout=SAVE_LOOKUP_SECONDS))
    except InvalidURL:
        return invalid_url_message(url)
    except BlockedAddress as error:
        return blocked_address_message(error)
    except FetchError:
        pass  # unresolvable now: perhaps only for now; collection records it if it stays so
    return ""
