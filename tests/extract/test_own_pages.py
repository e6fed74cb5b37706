"""Our own labelled pages (bench/extract/own): one per layout the extractor must handle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huiwen.extract import extract

OWN = Path(__file__).resolve().parents[2] / "bench" / "extract" / "own"
PAGES = sorted(path.stem for path in OWN.glob("*.html"))


def _load(name: str):
    gold = json.loads((OWN / f"{name}.json").read_text(encoding="utf-8"))
    return extract((OWN / f"{name}.html").read_bytes(), url="https://news.example.cn/a/1.html"), gold


def test_there_are_enough_layouts():
    assert len(PAGES) >= 6


@pytest.mark.parametrize("name", PAGES)
def test_body_is_the_gold_paragraphs(name):
    article, gold = _load(name)
    assert [block.text for block in article.blocks if block.text] == gold["paragraphs"]
    for snippet in gold["must_not_contain"]:
        assert snippet not in article.text


@pytest.mark.parametrize("name", PAGES)
def test_credits_and_date(name):
    article, gold = _load(name)
    data = article.as_dict()
    assert data["author"] == (gold["author"] or None)  # "" in the gold: the page names no writer
    assert data["published_at"] == gold["published_at"]
    for key in ("title", "editor", "source", "subtitle"):
        if gold.get(key) is not None:
            assert data[key] == gold[key], key


def test_gbk_page_is_decoded_from_its_meta_charset():
    article, _ = _load("gbk-table-layout")
    assert article.title == "山区小学的第一间图书室"


def test_images_are_absolute_and_become_the_lead_image():
    article, _ = _load("jsonld-only")
    images = [block for block in article.blocks if block.type == "image"]
    assert images and images[0].src == "https://news.example.cn/img/run.jpg"
    assert images[0].alt == "夜跑团成员在江边热身"
    assert article.lead_image == "https://news.example.cn/img/run.jpg"
    assert [block.type for block in article.blocks].count("list") == 1
    assert "<ul><li>周二：轻松跑八公里</li>" in article.html


def test_bold_lines_become_headings_and_the_h2_deck_the_subtitle():
    article, _ = _load("slash-byline-subtitle")
    assert [b.text for b in article.blocks if b.type == "heading"] == ["截污是第一步", "让河自己呼吸"]
    assert article.subtitle == "十年治水，鱼回来了"
