"""One policy object holds the extractor's knobs; extract() runs with the one it is given."""

from __future__ import annotations

import dataclasses

import pytest

from huiwen.extract import ExtractPolicy, extract
from huiwen.extract._policy import current_policy

PAGE = (
    "<html><head><meta charset='utf-8'><title>社区推出便民服务新举措</title></head><body>"
    "<h1>社区推出便民服务新举措</h1><div class='article'>"
    + "".join(f"<p>这是正文的第{n}段，讲述了本地社区的一项新举措，居民们普遍表示欢迎。</p>" for n in "一二三四")
    + "</div></body></html>"
)


def test_the_policy_given_is_the_one_the_stages_use():
    assert len(extract(PAGE).blocks) == 4
    assert len(extract(PAGE, policy=ExtractPolicy(max_blocks=2)).blocks) == 2


def test_the_policy_is_only_current_during_its_extraction():
    extract(PAGE, policy=ExtractPolicy(max_blocks=2))
    assert current_policy() == ExtractPolicy()


def test_the_policy_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ExtractPolicy().max_blocks = 3  # type: ignore[misc]


def test_every_site_profile_says_how_it_is_recognised_and_adds_a_rule():
    from dataclasses import fields

    from huiwen.extract._sites import SITE_PROFILES

    rules = [f.name for f in fields(SITE_PROFILES[0]) if f.name not in ("name", "recognised_by")]
    for profile in SITE_PROFILES:
        assert profile.recognised_by, profile.name
        assert any(getattr(profile, rule) for rule in rules), profile.name


def test_a_platform_account_comes_from_its_profile():
    page = (
        "<html><head><meta charset='utf-8'><title>标题</title></head><body>"
        "<div id='meta'><a id='js_name'>青禾日报</a></div><div class='article'>"
        + "".join(f"<p>这是正文的第{n}段，讲述了本地社区的一项新举措，居民们普遍表示欢迎。</p>" for n in "一二三")
        + "</div></body></html>"
    )
    assert extract(page).source == "青禾日报"
