"""What the extractor knows about particular platforms and site software, in one place.

The general heuristics (``_content``, ``_furniture``, ``_bylines``, ``_metadata``) work
on any page by structure, position and shape. A few platforms print something in a way
only they do: WeChat names its official account in ``#js_name``, Discuz! prints member
ranks and buttons between a poster's name and the posting time, cnblogs signs a post
``posted @ <time> <name>``. Each such habit is a :class:`SiteProfile` below; the stages
compose their patterns from :data:`SITE_PROFILES`, so a new platform is one profile
here, not an edit inside a heuristic.

A profile is recognised by structure, not by host: its rules only fire on the markup or
the wording its software generates (an element id, a button label, a signature shape),
so pages of the same software on any host (a Discuz! forum of a county site, a WeChat
article republished elsewhere) are read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SITE_PROFILES", "SiteProfile"]


@dataclass(frozen=True)
class SiteProfile:
    """One platform's habits. Every field adds to what the general stages look for."""

    name: str
    #: How its pages are recognised: the structure the rules below key on.
    recognised_by: str
    #: XPath of the element naming the publishing account (``Extracted.source``); tag
    #: names first, so libxml2 tests attributes on a few elements only.
    account_xpaths: tuple[str, ...] = ()
    #: Script variables holding the publication time (regex alternatives).
    script_date_variables: tuple[str, ...] = ()
    #: Whole lines left in the body by the platform's widgets (rank badges, buttons).
    widget_lines: tuple[str, ...] = ()
    #: Buttons printed between a poster's name and the posting time: "X | 只看该作者 | 发表于 …".
    poster_buttons: tuple[str, ...] = ()
    #: How a line of furniture the platform prints in the body opens (regex alternatives).
    furniture_openings: tuple[str, ...] = ()
    #: A post signature naming the poster in group ``name3`` (regex alternatives).
    post_signatures: tuple[str, ...] = ()


SITE_PROFILES: tuple[SiteProfile, ...] = (
    SiteProfile(
        name="WeChat official-account article",
        recognised_by="the account name in #js_name / strong.profile_nickname; `var ct` in a page script",
        account_xpaths=(
            "//a[@id='js_name']",
            "//span[@id='js_name']",
            "//strong[contains(@class, 'profile_nickname')]",
        ),
        script_date_variables=(r"var\s+ct",),
    ),
    SiteProfile(
        name="Toutiao article",
        recognised_by="the creator's name in span.name inside div.article-meta under the headline",
        account_xpaths=("//span[@class='name'][ancestor::div[contains(@class, 'article-meta')]]",),
    ),
    SiteProfile(
        name="Baijiahao article",
        recognised_by="the author's name in span.author-name inside div.article-source",
        account_xpaths=("//span[contains(@class, 'author-name')][ancestor::div[contains(@class, 'article-source')]]",),
    ),
    SiteProfile(
        name="Discuz! forum thread",
        recognised_by="member-rank badges and poster buttons in the posts; its edit and attachment notices",
        widget_lines=("新手上路", "注册会员", "中级会员", "高级会员", "金牌会员", "论坛元老", "超级版主"),
        poster_buttons=("只看该作者", "只看楼主", "电梯直达", "楼主", "发消息", "加好友"),
        furniture_openings=(r"本帖最后由", r"本帖子中包含更多资源", r"您需要\s*登录"),
    ),
    SiteProfile(
        name="DedeCMS article",
        recognised_by="its page-break line ----分隔线----",
        furniture_openings=(r"[-—_=]*\s*分隔线",),
    ),
    SiteProfile(
        name="cnblogs post",
        recognised_by="the post signature: posted @ 2024-03-12 21:05 陆某舟 阅读(1234) 评论(5)",
        post_signatures=(r"^[Pp]osted\s*@\s*\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s+(?P<name3>[^\s(（]{2,30})",),
    ),
)


def account_xpath() -> str:
    return " | ".join(xpath for profile in SITE_PROFILES for xpath in profile.account_xpaths)


def joined(field: str) -> str:
    """The profiles' values of one pattern field as one regex alternation."""
    return "|".join(value for profile in SITE_PROFILES for value in getattr(profile, field))


def poster_buttons() -> frozenset[str]:
    return frozenset(button for profile in SITE_PROFILES for button in profile.poster_buttons)
