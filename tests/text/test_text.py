from __future__ import annotations

import pytest

from huiwen.text import (
    NEAR_DUPLICATE_JACCARD,
    content_hash,
    is_near_duplicate,
    keywords,
    minhash,
    normalize_text,
    segment,
    similarity,
    summarize,
)
from huiwen.text.fingerprint import SHINGLE_SIZE
from huiwen.text.summary import split_sentences

STORY = (
    "十年前，七个刚下班的年轻人在江边约好一起跑五公里。如今，这支夜跑团已经有了两千多名成员。"
    "团长回忆，最初大家只是想找个伴坚持锻炼，后来开始有人带着孩子来，也有退休的老人加入夜跑团。"
    "夜跑团每周二和周四晚上固定活动，路线沿着江岸绿道。去年有一百多名夜跑团成员完成了人生第一个全程马拉松。"
    "今年，夜跑团计划和社区合作，在周末开设面向初学者的马拉松训练课。"
)


def test_segment_splits_chinese_into_words():
    words = segment("夜跑团在江边跑马拉松")
    assert "马拉松" in words and "".join(words) == "夜跑团在江边跑马拉松"


def test_keywords_are_topic_words_not_stopwords():
    found = keywords(STORY, 5)
    assert 3 <= len(found) <= 5
    assert "马拉松" in found
    assert not {"我们", "今年", "记者"} & set(found)


def test_summary_is_whole_sentences_within_budget():
    summary = summarize(STORY, max_chars=100)
    assert 0 < len(summary) <= 100
    sentences = split_sentences(STORY)
    assert all(sentence in sentences for sentence in split_sentences(summary))


def test_summary_from_blocks_ignores_headings_and_credit_lines():
    blocks = [
        {"type": "heading", "text": "从五公里到马拉松"},
        {"type": "paragraph", "text": "编辑：王超越"},
        {"type": "paragraph", "text": STORY},
    ]
    summary = summarize(blocks)
    assert summary and "王超越" not in summary and "从五公里到马拉松" not in summary


def test_split_sentences_keeps_decimals_and_quotes():
    assert split_sentences("增长2.3个百分点。他说：“很好！”然后离开。") == ["增长2.3个百分点。", "他说：“很好！”", "然后离开。"]


def test_content_hash_ignores_width_spacing_and_punctuation():
    assert content_hash("夜跑团，２０２３年 成立。") == content_hash("夜跑团,2023年成立")
    assert content_hash("夜跑团成立") != content_hash("夜跑团解散")


def test_near_duplicates_cross_the_threshold_and_different_stories_do_not():
    copy_with_credit = STORY + "（责任编辑：王超越）"
    other = "城南老街修缮后重新开放，青石板路面全部按原样铺回，沿街四十多栋木结构老屋也完成了加固。" * 3
    assert similarity(minhash(STORY), minhash(copy_with_credit)) >= NEAR_DUPLICATE_JACCARD
    assert is_near_duplicate(minhash(STORY), minhash(copy_with_credit))
    assert not is_near_duplicate(minhash(STORY), minhash(other))


def test_keywords_do_not_repeat_one_name_in_two_spellings():
    from huiwen.text import keywords

    text = (
        "源汇区今年新建公园三座。源汇区的居民说,公园离家近了。源汇的老人每天早上都去散步,"
        "源汇区园林部门还在公园里种了一千棵银杏树,秋天的银杏叶吸引了很多市民拍照。"
    ) * 3
    words = keywords(text, 6)
    assert "源汇区" in words and "源汇" not in words
    assert len(words) == len(set(words))


#: The first values of STORY's signature as stored since migration sources/0008.
PINNED_STORY_SIGNATURE = [80790730, 15419774, 94627348, 13305560]


def _true_jaccard(a: str, b: str) -> float:
    """The similarity a signature estimates: Jaccard of the 5-character shingle sets."""
    def shingle_set(text):
        text = normalize_text(text)
        return {text[i : i + SHINGLE_SIZE] for i in range(len(text) - SHINGLE_SIZE + 1)}

    a, b = shingle_set(a), shingle_set(b)
    return len(a & b) / len(a | b)


@pytest.mark.parametrize("share", [0.3, 0.5, 0.7, 0.8, 0.9, 1.0])
def test_minhash_estimates_the_shingles_jaccard_similarity(share):
    """128 permutations estimate a similarity J with a standard error of
    sqrt(J(1-J)/128) ≤ 0.045; four of them is the tolerance."""
    places = "江城滨海西山南湖临江云岭白沙长桥"
    whole = "".join(f"{places[n % 16]}{places[n * 7 % 16]}第{n}次会议通过了{n * 13 % 97}项决定。" for n in range(80))
    part = whole[: int(len(whole) * share)]
    estimate, true = similarity(minhash(whole), minhash(part)), _true_jaccard(whole, part)
    assert abs(estimate - true) <= 0.18, (estimate, true)


def test_minhash_of_short_and_empty_texts():
    assert similarity(minhash("短"), minhash("短")) == 1.0
    assert similarity(minhash("短"), minhash("长")) < 0.1
    assert set(minhash("").tolist()) == {0xFFFF_FFFF}


def test_a_long_texts_signature_is_the_union_of_its_parts_and_needs_little_memory():
    """The signature of the union of two shingle sets is the values' minimum, however
    the shingles are chunked; a page's text of a million characters is signed in tens
    of MB, not the gigabyte a permutations × shingles matrix would take."""
    import tracemalloc

    import numpy as np

    han = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(1_000_000))
    # Overlapping by four characters, the halves hold every 5-character shingle of the whole.
    text, middle = han[:30_000], 15_000
    assert (minhash(text) == np.minimum(minhash(text[: middle + 4]), minhash(text[middle:]))).all()
    tracemalloc.start()
    try:
        minhash(han)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, peak


def test_minhash_values_never_change_without_a_migration():
    """Stored signatures are compared with new ones: a change to the shingle hash, the
    seed or the permutations must come with a migration recomputing them (see
    sources/0008) and a new value here."""
    assert minhash(STORY)[:4].tolist() == PINNED_STORY_SIGNATURE
