"""Summary and keywords from one segmentation: lead-first summaries without credits,
keywords an editor would keep, ranked against the site's own statistics."""

from __future__ import annotations

from enrichment_samples import BUS, GENERIC, MARKET, PARKS, STORIES, text_of

from huiwen.text import DocumentFrequencies, enrich, keywords, summarize
from huiwen.text.summary import DEFAULT_SUMMARY_CHARS, split_sentences


def test_generic_words_are_never_keywords_of_the_sample_stories():
    for story in STORIES:
        found = enrich(text_of(story), title=story["title"]).keywords
        assert found and not GENERIC & set(found), (story["title"], found)
    assert "青石镇" in enrich(text_of(BUS), title=BUS["title"]).keywords
    assert {"白菜", "萝卜", "农贸市场"} <= set(keywords(text_of(MARKET)))
    assert "源汇区" in keywords(text_of(PARKS))


def test_keywords_are_nouns_not_verbs_or_fragments():
    found = keywords(text_of(BUS) + "\n" + text_of(MARKET), 12)
    assert not {"延伸", "发车", "介绍", "回落", "降价", "青石", "镇"} & set(found), found


def test_the_summary_is_the_lead_without_the_byline_dateline_or_notices():
    for story in STORIES:
        summary = summarize(text_of(story))
        assert 0 < len(summary) <= DEFAULT_SUMMARY_CHARS
        for credit in ("王五", "赵六", "李四", "孙八", "记者 ", "新华社", "本报讯", "责任编辑", "转载", "扫码", "公众号"):
            assert credit not in summary, (story["title"], credit, summary)
    assert summarize(text_of(BUS)).startswith("记者昨日从江城公交集团获悉，12月1日起218路公交线路")
    assert summarize(text_of(MARKET)).startswith("随着本地冬季蔬菜集中上市")


def test_summary_sentences_are_whole_sentences_of_the_body():
    body = text_of(PARKS)
    summary = summarize(body, max_chars=80)
    assert 0 < len(summary) <= 80
    assert all(sentence in split_sentences(body) for sentence in split_sentences(summary))


def test_an_opening_scene_gives_way_to_the_sentences_that_carry_the_story():
    scene = "清晨六点，天还没亮。"
    summary = summarize(scene + "\n" + text_of(PARKS))
    assert summary.startswith("源汇区今年新建口袋公园三座")


def test_a_word_most_of_the_site_s_articles_share_sinks():
    general = keywords(text_of(MARKET), 3)
    assert general[0] == "江城"
    # On a site about 江城, nine articles in ten name it: it says nothing about this one.
    site = DocumentFrequencies(documents=5000, frequency={"江城": 4500, "白菜": 40, "萝卜": 40})
    assert "江城" not in enrich(text_of(MARKET), site=site).keywords[:3]


def test_banned_words_are_not_keywords():
    found = enrich(text_of(MARKET), banned={"江城", "蔬菜"}).keywords
    assert found and not {"江城", "蔬菜"} & set(found)


def test_traditional_text_gets_traditional_keywords():
    text = "臺灣颱風季節來臨，氣象局發布颱風警報。颱風預計明天登陸臺灣東部，氣象局提醒民眾做好防颱準備。"
    found = keywords(text)
    assert "颱風" in found and "氣象局" in found


def test_enrichment_candidates_count_mentions_and_headline_words():
    found = {c.word: c for c in enrich(text_of(BUS), title=BUS["title"]).candidates}
    assert found["青石镇"].mentions >= 3 and found["青石镇"].in_title and found["青石镇"].proper
    assert "延伸" not in found


def test_latin_keywords_are_names_brands_or_acronyms():
    text = "宝洁表示，SK-II产品符合标准。SK-II的广告被认定为虚假宣传，网友说这很funny，真的funny。宝洁将提起复议。"
    found = keywords(text)
    assert "SK-II" in found and "funny" not in found


def test_importing_the_text_tools_loads_no_dictionary():
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, huiwen.text; print(sorted({'jieba', 'rjieba', 'opencc', 'stopwordsiso'} & set(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "[]"


def test_datelines_are_cut_from_the_lead_but_words_like_them_are_not():
    lead = "青石镇今年在三个村试点稻田综合种养。"
    for dateline in ("本报讯（记者 王五）", "南川日报讯", "江城晚报讯 ", "新华社北京3月5日电 ", "中新网11月20日电（实习生 李四）"):
        assert summarize(dateline + lead) == lead, dateline
    ordinary = "他在报讯息时说，今天下午有雨，大家出门记得带伞。"
    assert summarize(ordinary) == ordinary


def test_a_lead_longer_than_the_budget_gives_way_to_whole_sentences():
    long_lead = "源汇区" + "，".join(["深入推进人居环境整治"] * 20) + "。"
    summary = summarize(long_lead + "\n" + text_of(PARKS))
    assert summary.startswith("源汇区今年新建口袋公园三座") and "…" not in summary
