"""Enrichment beside extraction: what summary + keywords cost per page, and how the
summaries compare with a Lead-N baseline.

    .venv/bin/python bench/extract/enrichment.py [--corpus NAME|all] [--limit N]

run.py prints the timing line under each Chinese corpus's table; this script prints the
timing and the summary judgment. No public Chinese summarisation set with reference
summaries is reachable from here, so summaries are judged on the dev corpora against
what can be checked there (docs/extraction.md, "How summaries are judged"):

- **ROUGE-1/2/L (characters)** against the page's own description when an editor wrote
  one (a ``description``/``og:description`` that is not a copy of the body's opening:
  copies would reward Lead-N by construction);
- **leaks**: summaries holding a credit or notice (记者/编辑/来源/通讯员 labels, reprint
  and copyright notices, follow-us prompts);
- **shape**: ≤ 150 characters, and how often the summary starts at the body's first
  sentence that may be in a summary (a byline or a notice may not).

Lead-N is the body's opening sentences up to 150 characters, unfiltered.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root, for huiwen
sys.path.insert(0, str(Path(__file__).resolve().parent))

import lxml.html  # noqa: E402
from corpora import CORPORA, Page  # noqa: E402

from huiwen.extract import extract  # noqa: E402
from huiwen.text import enrich, normalize_text  # noqa: E402
from huiwen.text.charset import decode_html  # noqa: E402
from huiwen.text.keywords import warm_up  # noqa: E402
from huiwen.text.summary import DEFAULT_SUMMARY_CHARS, split_sentences, summary_sentences  # noqa: E402

_LEAK = re.compile(
    r"(?:记者|通讯员|编辑|责编|来源|作者|摄影)\s*[：:|｜/]|[（(]\s*(?:记者|通讯员)|转载|版权|免责|扫码|二维码|公众号|原标题"
)
_MIN_REFERENCE_CHARS = 30
_COPY_PREFIX_CHARS = 30


def enrichment_timing(pages: list[Page], repeat: int = 3) -> tuple[float, float]:
    """Milliseconds per page for extraction and for summary + keywords, each the fastest
    of ``repeat`` passes (the first loads the dictionaries)."""
    warm_up()
    best_extract = best_enrich = float("inf")
    for _ in range(repeat):
        extracting = enriching = 0.0
        for page in pages:
            started = time.perf_counter()
            article = extract(page.html, page.url)
            extracting += time.perf_counter() - started
            started = time.perf_counter()
            enrich(article.blocks, title=article.title or "")
            enriching += time.perf_counter() - started
        best_extract, best_enrich = min(best_extract, extracting), min(best_enrich, enriching)
    count = max(len(pages), 1)
    return best_extract * 1000 / count, best_enrich * 1000 / count


def print_timing(name: str, pages: list[Page], repeat: int = 3) -> None:
    extracting, enriching = enrichment_timing(pages, repeat)
    print(f"\nhuiwen on {name}: extraction {extracting:.1f} ms/page, summary + keywords {enriching:.1f} ms/page "
          f"({enriching / extracting:.2f}× extraction)")


def lead_n(text: str, max_chars: int = DEFAULT_SUMMARY_CHARS) -> str:
    chosen, used = [], 0
    for sentence in split_sentences(text):
        if used + len(sentence) > max_chars:
            break
        chosen.append(sentence)
        used += len(sentence)
    return "".join(chosen)


def editor_description(page: Page, body: str) -> str | None:
    """The page's description when an editor wrote it, not when the CMS copied the body."""
    tree = lxml.html.fromstring(decode_html(page.html))
    for content in tree.xpath("//meta[@name='description' or @name='Description' or @property='og:description']/@content"):
        folded = normalize_text(content)
        if len(folded) >= _MIN_REFERENCE_CHARS and folded[:_COPY_PREFIX_CHARS] not in normalize_text(body):
            return content.strip()
    return None


def rouge(candidate: str, reference: str) -> tuple[float, float, float]:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 over characters, as Chinese summarisation is scored
    (LCSTS): the libraries expect words separated by spaces and add nothing for characters."""
    c, r = normalize_text(candidate), normalize_text(reference)

    def f1(overlap: int, predicted: int, gold: int) -> float:
        return 0.0 if not overlap else 2 * overlap / (predicted + gold)

    def grams(text: str, n: int) -> dict[str, int]:
        found: dict[str, int] = {}
        for i in range(len(text) - n + 1):
            found[text[i : i + n]] = found.get(text[i : i + n], 0) + 1
        return found

    scores = []
    for n in (1, 2):
        cg, rg = grams(c, n), grams(r, n)
        scores.append(f1(sum(min(v, rg.get(k, 0)) for k, v in cg.items()), sum(cg.values()), sum(rg.values())))
    previous = [0] * (len(r) + 1)
    for char in c:
        current = [0]
        for j, ref_char in enumerate(r):
            current.append(previous[j] + 1 if char == ref_char else max(previous[j + 1], current[j]))
        previous = current
    scores.append(f1(previous[-1], len(c), len(r)))
    return scores[0], scores[1], scores[2]


def judge_summaries(pages: list[Page]) -> None:
    rows = {"huiwen": [], "lead-n": []}
    leaks = {"huiwen": 0, "lead-n": 0}
    at_lead = within = judged = 0
    for page in pages:
        article = extract(page.html, page.url)
        if not article.text:
            continue
        judged += 1
        ours, baseline = article.summary, lead_n(article.text)
        within += len(ours) <= DEFAULT_SUMMARY_CHARS
        opening = next((text for block in article.blocks if block.type in ("paragraph", "quote")
                        for _, _, text in summary_sentences(block.text)), "")
        at_lead += bool(ours) and ours.startswith(opening)
        for name, summary in (("huiwen", ours), ("lead-n", baseline)):
            leaks[name] += bool(_LEAK.search(summary))
        if reference := editor_description(page, article.text):
            rows["huiwen"].append(rouge(ours, reference))
            rows["lead-n"].append(rouge(baseline, reference))
    references = len(rows["huiwen"])
    print(f"\n{judged} pages with a body; {references} with an editor-written description as reference\n")
    print("| summary | ROUGE-1 | ROUGE-2 | ROUGE-L | pages with a credit or notice |")
    print("|---|---|---|---|---|")
    for name, scores in rows.items():
        means = [statistics.fmean(column) if column else 0.0 for column in zip(*scores, strict=True)] or [0.0] * 3
        print(f"| {name} | " + " | ".join(f"{m:.3f}" for m in means) + f" | {leaks[name]} |")
    print(f"\nhuiwen summaries ≤ {DEFAULT_SUMMARY_CHARS} characters: {within}/{judged}; "
          f"starting at the body's first sentence that may be in a summary: {at_lead}/{judged}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="all", choices=[*CORPORA, "all"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chosen: list[Page] = []
    for name in CORPORA if args.corpus == "all" else [args.corpus]:
        pages = [page for page in CORPORA[name]() if page.language == "zh"][: args.limit or None]
        if pages:
            print_timing(name, pages, args.repeat)
            chosen.extend(pages)
    judge_summaries(chosen)


if __name__ == "__main__":
    main()
