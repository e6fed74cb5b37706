"""The seed page: a crypto-portal copy of a Chinese local news story, with the expected
output written by hand in ../shared/seed/seed-article.expected.json."""

from __future__ import annotations

import json

import pytest
from conftest import require_shared

from huiwen.extract import extract


@pytest.fixture(scope="module")
def seed():
    folder = require_shared("seed")
    expected = json.loads((folder / "seed-article.expected.json").read_text(encoding="utf-8"))
    article = extract((folder / "seed-article.html").read_bytes())
    return article, expected


def test_metadata_fields_match_the_hand_written_answer(seed):
    article, expected = seed
    data = article.as_dict()
    for key in ("title", "published_at", "author", "editor", "subtitle"):
        assert data[key] == expected[key], key


def test_body_is_exactly_the_headings_and_paragraphs_in_order(seed):
    article, expected = seed
    body = [(block.type, block.text) for block in article.blocks]
    headings = [text for kind, text in body if kind == "heading"]
    paragraphs = [text for kind, text in body if kind == "paragraph"]
    assert headings == expected["headings"]
    assert paragraphs == expected["paragraphs"]
    assert {kind for kind, _ in body} == {"heading", "paragraph"}


def test_boilerplate_never_reaches_the_text(seed):
    article, expected = seed
    for snippet in expected["must_not_contain"]:
        assert snippet not in article.text, snippet
    assert "□姜科峰" not in article.text


def test_summary_and_keywords_come_from_the_clean_body(seed):
    article, _ = seed
    data = article.as_dict()
    assert 0 < len(data["summary"]) <= 150
    assert data["summary"] in article.text.replace("\n", "") or all(
        sentence in article.text for sentence in data["summary"].split("。") if sentence
    )
    assert "姜科峰" not in data["summary"] and "编辑" not in data["summary"]
    assert 3 <= len(data["keywords"]) <= 8
    json.dumps(data)  # the CLI prints this as JSON
