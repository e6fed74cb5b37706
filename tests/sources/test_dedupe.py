"""Reposts are recognised across sources; different stories are not merged."""

from __future__ import annotations

import pytest

from huiwen.sources import dedupe
from huiwen.text import NEAR_DUPLICATE_JACCARD

STORY = (
    "青石镇今年秋季首次试点稻田综合种养,全镇共有一千二百亩稻田放养了小龙虾和螃蟹。"
    "镇农业服务中心负责人介绍,稻田养殖让每亩地平均增收八百元左右,农药使用量明显下降。"
    "为了解决销售难题,镇里联系了三家县城超市和两家电商平台,帮助农户提前锁定订单。"
    "不少在外务工的年轻人也回到村里,跟着技术员学习水位管理和饲料投放。"
    "下一步,青石镇计划把试点面积扩大到三千亩,并建设一座小型冷链仓库,延长销售周期。"
)
REPOST = STORY.replace("青石镇今年秋季首次试点", "据了解,青石镇今年秋季首次试点") + "(本文转载自青石融媒,编辑:方圆)"
OTHER = (
    "青石镇图书馆本周完成改造重新开放,新增少儿阅读区和自习座位一百二十个。"
    "馆长表示,改造后图书馆将延长开放时间至晚上九点,方便学生和上班族。"
    "图书馆还引入了自助借还设备,读者可以用社保卡直接借书。"
    "镇文化站计划每月举办两场读书分享会,邀请本地作者和教师参与。"
)


def test_exact_copy_is_found(make_article):
    original = make_article(body_html=f"<p>{STORY}</p>")
    dedupe.remember(original, dedupe.print_of(STORY))
    match = dedupe.find_duplicate(dedupe.print_of(STORY.replace("。", "。 ")))
    assert match.article == original and match.similarity == 1.0


def test_lightly_edited_repost_is_found(make_article):
    original = make_article(body_html=f"<p>{STORY}</p>")
    dedupe.remember(original, dedupe.print_of(STORY))
    match = dedupe.find_duplicate(dedupe.print_of(REPOST))
    assert match is not None and match.article == original
    assert NEAR_DUPLICATE_JACCARD <= match.similarity < 1.0


def test_a_different_story_is_not_a_duplicate(make_article):
    original = make_article(body_html=f"<p>{STORY}</p>")
    dedupe.remember(original, dedupe.print_of(STORY))
    assert dedupe.find_duplicate(dedupe.print_of(OTHER)) is None


def test_half_shared_text_stays_below_the_threshold(make_article):
    """A follow-up that reuses half of an earlier story is a new article."""
    original = make_article(body_html=f"<p>{STORY}</p>")
    dedupe.remember(original, dedupe.print_of(STORY))
    follow_up = STORY[: len(STORY) // 2] + OTHER
    assert dedupe.find_duplicate(dedupe.print_of(follow_up)) is None


def test_remember_replaces_the_old_index(make_article):
    article = make_article(body_html=f"<p>{STORY}</p>")
    dedupe.remember(article, dedupe.print_of(STORY))
    dedupe.remember(article, dedupe.print_of(OTHER))
    assert dedupe.find_duplicate(dedupe.print_of(STORY)) is None
    assert dedupe.find_duplicate(dedupe.print_of(OTHER)).article == article
    assert article.fingerprint.bands.count() == dedupe.BANDS


def test_upgrading_recomputes_signatures_stored_the_old_way(make_article):
    """Migration sources/0008 makes every stored signature and its bands again, from the
    article's text, so a repost collected after the upgrade is still found."""
    import importlib

    from django.apps import apps

    from huiwen.sources.models import Fingerprint, SignatureBand

    original = make_article(body_html=f"<p>{STORY}</p>")
    # As datasketch's 128 64-bit values were stored, with bands no new signature shares.
    Fingerprint.objects.create(article=original, content_hash=dedupe.print_of(STORY).content_hash, signature=bytes(range(256)) * 4)
    SignatureBand.objects.bulk_create(SignatureBand(fingerprint_id=original.pk, key=key) for key in range(dedupe.BANDS))
    assert dedupe.find_duplicate(dedupe.print_of(REPOST)) is None

    importlib.import_module("huiwen.sources.migrations.0008_own_minhash_signatures").recompute(apps, None)

    assert bytes(Fingerprint.objects.get(article=original).signature) == dedupe.stored_signature(dedupe.print_of(STORY).signature)
    assert set(SignatureBand.objects.values_list("key", flat=True)) == set(dedupe.print_of(STORY).band_keys)
    assert dedupe.find_duplicate(dedupe.print_of(REPOST)).article == original


def test_two_workers_ingesting_one_story_at_once_store_it_once(transactional_db, monkeypatch):
    import threading
    import time

    from django.db import connection

    from huiwen.sources.collector import Candidate, Collector, shared_reader
    from huiwen.sources.models import Page, Source

    html = f"<html><head><title>青石镇试点稻田综合种养</title></head><body><h1>青石镇试点稻田综合种养</h1><p>{STORY}</p></body></html>"
    looked_up = dedupe.find_duplicate

    def slow_lookup(text):
        found = looked_up(text)
        time.sleep(0.5)  # both workers have looked before either stores, unless serialised
        return found

    monkeypatch.setattr(dedupe, "find_duplicate", slow_lookup)
    sources = [Source.objects.create(name=f"采集源{n}", kind=Source.Kind.FILES, location=f"/tmp/s{n}") for n in (1, 2)]
    start = threading.Barrier(2)
    outcomes = []

    def ingest(source, url):
        try:
            start.wait()
            collector = Collector(source, None, shared_reader())
            collector._collect_all([Candidate(url, content=html.encode())])
            outcomes.extend(collector.report.counts.elements())
        finally:
            connection.close()

    workers = [threading.Thread(target=ingest, args=(s, f"https://site{n}.example/a.html")) for n, s in enumerate(sources)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["duplicate", "new"]
    assert Page.objects.filter(outcome="new").count() == 1


@pytest.mark.postgres_only  # SQLite has one writer at a time; the per-band locks are PostgreSQL's
def test_on_postgresql_only_texts_that_could_match_wait_for_each_other(transactional_db):
    """While one worker holds the ingest locks for a story, another stores an unrelated
    story at once, and a repost of the first waits until the first is committed."""
    import threading

    from django.db import connection, transaction

    holding, release = threading.Event(), threading.Event()
    done = {}

    def hold_story():
        try:
            with transaction.atomic():
                dedupe.lock_for_ingest([dedupe.print_of(STORY)])
                holding.set()
                release.wait(60)
        finally:
            connection.close()

    def take(name, text):
        try:
            with transaction.atomic():
                dedupe.lock_for_ingest([dedupe.print_of(text)])
                done[name] = release.is_set()
        finally:
            connection.close()

    holder = threading.Thread(target=hold_story)
    holder.start()
    assert holding.wait(60)
    unrelated = threading.Thread(target=take, args=("other", OTHER))
    unrelated.start()
    unrelated.join(60)
    repost = threading.Thread(target=take, args=("repost", REPOST))
    repost.start()
    with connection.cursor() as cursor:  # the repost is seen waiting on an advisory lock
        for _ in range(600):
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = %s AND objsubid = 2"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                [dedupe._INGEST_LOCK_SPACE],
            )
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.1)
        else:
            pytest.fail("the repost never waited for the story's locks")
    release.set()
    holder.join(60)
    repost.join(60)
    assert done == {"other": False, "repost": True}
