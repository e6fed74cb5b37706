"""Tags of collected articles: the site's document frequencies are learned as articles
arrive, and editors' bans and merges (admin actions) hold for every later collection."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from enrichment_samples import BUS, GENERIC, MARKET, PARKS, page_of

from huiwen.fetch import Fetcher, FetchPolicy
from huiwen.news.models import Article, BannedTag, KeywordCorpusSize, KeywordDocumentFrequency, Tag, TagAlias
from huiwen.news.tagging import TagError, learn_keywords, merge_tags
from huiwen.sources.collector import collect_source
from huiwen.sources.models import Source
from huiwen.text import enrich


@pytest.fixture
def fetcher():
    with Fetcher(FetchPolicy(host_delay=0)) as shared:
        yield shared


@pytest.fixture
def chief(db):
    return User.objects.create_superuser("zhubian", password="pw-for-tests-only")


def collect(folder, stories, fetcher, **fields) -> Source:
    folder.mkdir(exist_ok=True)
    for number, story in enumerate(stories):
        (folder / f"story{number}.html").write_text(page_of(story), encoding="utf-8")
    source = Source.objects.create(name="江城日报", kind=Source.Kind.FILES, location=str(folder), **fields)
    collect_source(source, fetcher=fetcher)
    return source


def tags_of(title: str) -> set[str]:
    return set(Article.objects.get(title=title).tags.values_list("name", flat=True))


def test_collected_articles_get_topic_tags_and_teach_the_site_its_word_frequencies(db, tmp_path, fetcher, import_from):
    import_from(tmp_path)
    collect(tmp_path / "a", [BUS, MARKET], fetcher, default_tags="本地")
    assert KeywordCorpusSize.objects.get().documents == 2
    assert KeywordDocumentFrequency.objects.get(word="江城").documents == 2
    assert KeywordDocumentFrequency.objects.get(word="青石镇").documents == 1
    bus = tags_of(BUS["title"])
    assert {"本地", "青石镇"} <= bus and not GENERIC & bus
    collect(tmp_path / "b", [PARKS], fetcher)
    assert KeywordCorpusSize.objects.get().documents == 3
    assert not GENERIC & tags_of(PARKS["title"])


def test_learning_counts_every_article_once_per_word(db):
    candidates = enrich("江城蔬菜价格回落，江城白菜降价。\n江城萝卜也降价。").candidates
    learn_keywords(candidates)
    learn_keywords(candidates)
    assert KeywordCorpusSize.objects.get().documents == 2
    assert KeywordDocumentFrequency.objects.get(word="江城").documents == 2


def test_a_banned_tag_leaves_its_articles_and_is_never_assigned_again(client, chief, tmp_path, fetcher, import_from):
    import_from(tmp_path)
    collect(tmp_path / "first", [MARKET], fetcher)
    assert "白菜" in tags_of(MARKET["title"])
    cabbage = Tag.objects.get(name="白菜")
    client.force_login(chief)
    response = client.post("/admin/news/tag/", {"action": "ban", "_selected_action": [cabbage.pk]}, follow=True)
    assert response.status_code == 200
    assert BannedTag.objects.filter(name="白菜").exists() and not Tag.objects.filter(name="白菜").exists()
    assert "白菜" not in tags_of(MARKET["title"])

    Article.objects.all().delete()
    collect(tmp_path / "again", [MARKET], fetcher, default_tags="白菜")
    assert "白菜" not in tags_of(MARKET["title"]) and "萝卜" in tags_of(MARKET["title"])
    # Nor can an editor make it by hand while it is banned.
    response = client.post("/admin/news/tag/add/", {"name": "白菜"})
    assert response.status_code == 200 and not Tag.objects.filter(name="白菜").exists()


def test_merging_moves_the_articles_and_later_keywords_follow(client, chief, tmp_path, fetcher, import_from):
    import_from(tmp_path)
    collect(tmp_path / "first", [MARKET, BUS], fetcher)
    radish, cabbage = Tag.objects.get(name="萝卜"), Tag.objects.get(name="白菜")
    market = Article.objects.get(title=MARKET["title"])
    client.force_login(chief)
    client.post("/admin/news/tag/", {"action": "merge", "_selected_action": [radish.pk, cabbage.pk], "merge_into": "蔬菜价格"})
    merged = Tag.objects.get(name="蔬菜价格")
    assert list(merged.articles.all()) == [market]
    assert not Tag.objects.filter(name__in=["萝卜", "白菜"]).exists()
    assert set(TagAlias.objects.values_list("name", flat=True)) == {"萝卜", "白菜"}

    Article.objects.all().delete()
    collect(tmp_path / "again", [MARKET], fetcher)
    tags = tags_of(MARKET["title"])
    assert "蔬菜价格" in tags and not {"萝卜", "白菜"} & tags


def test_merging_into_a_banned_or_empty_name_is_refused(db):
    tag = Tag.objects.create(name="萝卜")
    BannedTag.objects.create(name="蔬菜")
    with pytest.raises(TagError, match="屏蔽"):
        merge_tags([tag], "蔬菜")
    with pytest.raises(TagError):
        merge_tags([tag], "  ")
    assert Tag.objects.filter(name="萝卜").exists()


def test_collected_drafts_and_published_articles_both_carry_their_tags(db, tmp_path, fetcher, import_from, monkeypatch):
    """A new draft's tag rows are written directly (it is on no reader page); a new
    published article's go through the receivers, which index it with them, once, and
    tell every process its listings changed."""
    from huiwen.news import listings
    from huiwen.search import search
    from huiwen.search import signals as search_signals

    synced = []
    index_now = search_signals.sync_articles
    monkeypatch.setattr(search_signals, "sync_articles", lambda ids: (synced.extend(ids), index_now(ids)))

    import_from(tmp_path)
    village = Tag.objects.create(name="青石镇")
    before = listings.generation.token()
    collect(tmp_path / "review", [BUS], fetcher)
    draft = Article.objects.get(title=BUS["title"])
    assert draft.status == Article.Status.DRAFT and village in draft.tags.all()
    assert listings.generation.token() == before, "a new draft changes no listing"

    collect(tmp_path / "auto", [MARKET, PARKS], fetcher, publish_mode=Source.PublishMode.AUTO, default_tags="青石镇")
    assert listings.generation.token() != before
    published = Article.objects.get(title=MARKET["title"])
    assert published.status == Article.Status.PUBLISHED and village in published.tags.all()
    assert [hit.article.pk for hit in search("蔬菜", tag=village).hits] == [published.pk]
    assert sorted(synced) == sorted(Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)), \
        "each published article is indexed once, with its tags"
