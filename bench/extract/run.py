"""Score huiwen against peer extractors on the dev corpora, side by side.

    .venv/bin/python bench/extract/run.py [--corpus NAME|all] [--limit N] [--only a,b]
    .venv/bin/python bench/extract/run.py --corpus chinese_wced --only huiwen --half even --worst 10
    .venv/bin/python bench/extract/run.py --verify-aeb   # check the scorer on published output

Dates and authors are scored on usable gold only ("date", "author": gold that names a
calendar day / a person); "no-author" is the share of UNKNOWN-author pages where nothing
was predicted, and "date(all)"/"author(all)" keep the older counting over every label.
"author|editor" scores the author, or the editor when no author was found: both corpora
label a page's 责任编辑 as its author when no byline names a writer, while huiwen keeps the
two apart (the editor is never the author); the column shows what that convention costs.

All extractors run sequentially in this one process over the same pages, so pages/s
figures are comparable within a run. Under each Chinese corpus's table, huiwen's
extraction and summary + keywords are timed per page side by side (enrichment.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root, for huiwen
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import CORPORA, DEV, Page  # noqa: E402
from enrichment import print_timing  # noqa: E402
from extractors import FACTORIES, Result, load  # noqa: E402
from scoring import (  # noqa: E402
    author_f1,
    date_matches,
    en_shingles,
    f1,
    normalise_title,
    precision_recall,
    usable_author,
    usable_date,
    zh_bags,
)


def score(pages: list[Page], results: list[Result]) -> dict[str, float | None]:
    precisions, recalls, bigram_f1s, titles, dates, authors, snippets = [], [], [], [], [], [], []
    # Old counting: every parseable gold date (year-only at year precision) and every
    # author file (UNKNOWN = none). Honest counting (the headline figures): only gold
    # that names a day / a person; UNKNOWN-author pages are reported as "no-author".
    dates_all, authors_all, no_author, credited = [], [], [], []
    empty = 0
    for page, result in zip(pages, results, strict=True):
        text = result.text or ""
        empty += not text.strip()
        if page.body is not None:
            if page.language == "zh":
                chars, bigrams = zh_bags(text)
                gold_chars, gold_bigrams = zh_bags(page.body)
                p, r = precision_recall(chars, gold_chars)
                bigram_f1s.append(f1(*precision_recall(bigrams, gold_bigrams)))
            else:
                p, r = precision_recall(en_shingles(text), en_shingles(page.body))
            precisions.append(p)
            recalls.append(r)
        if page.title:
            titles.append(normalise_title(result.title) == normalise_title(page.title))
        if (matched := date_matches(result.date, page.date)) is not None:
            dates_all.append(matched)
            if usable_date(page.date):
                dates.append(matched)
        if (author := author_f1(result.author, page.author)) is not None:
            authors_all.append(author)
            if usable_author(page.author):
                authors.append(author)
                if result.editor is not None or any(r.editor for r in results):
                    credited.append(author_f1(result.author or result.editor, page.author))
            else:
                no_author.append(author)
        for snippet in page.must_have:
            snippets.append(snippet in text)
        for snippet in page.must_not_have:
            snippets.append(snippet not in text)

    def mean(values: list) -> float | None:
        return statistics.fmean(values) if values else None

    p, r = mean(precisions), mean(recalls)
    return {
        "P": p,
        "R": r,
        "F1": f1(p, r) if p is not None and r is not None else None,
        "bigramF1": mean(bigram_f1s),
        "title": mean(titles),
        "date": mean(dates),
        "author": mean(authors),
        "no-author": mean(no_author),
        "date(all)": mean(dates_all),
        "author(all)": mean(authors_all),
        "author|editor": mean(credited),
        "snippets": mean(snippets),
        "empty": empty / len(pages) if pages else None,
    }


def _body_pr(page: Page, text: str) -> tuple[float, float]:
    if page.language == "zh":
        return precision_recall(zh_bags(text)[0], zh_bags(page.body or "")[0])
    return precision_recall(en_shingles(text), en_shingles(page.body or ""))


def _excerpt(counter, limit: int = 160) -> str:
    """The most frequent tokens of a difference bag, joined for eyeballing."""
    tokens = [token if isinstance(token, str) else " ".join(token) for token, _ in counter.most_common(60)]
    joined = "".join(tokens) if tokens and all(len(t) == 1 for t in tokens) else " | ".join(tokens)
    return joined[:limit]


def print_worst(pages: list[Page], results: list[Result], count: int) -> None:
    """The pages with the lowest body F1, with what was extra and what was missing."""
    rows = []
    for page, result in zip(pages, results, strict=True):
        if page.body is None:
            continue
        p, r = _body_pr(page, result.text or "")
        rows.append((f1(p, r), p, r, page, result))
    rows.sort(key=lambda row: row[0])
    print(f"\n### worst {count} pages (huiwen)\n")
    for score_f1, p, r, page, result in rows[:count]:
        bag = zh_bags if page.language == "zh" else (lambda t: (en_shingles(t), None))
        predicted, gold = bag(result.text or "")[0], bag(page.body or "")[0]
        print(f"- {page.id}: F1 {score_f1:.3f} P {p:.3f} R {r:.3f} "
              f"(got {sum(predicted.values())} tokens, gold {sum(gold.values())})")
        if p < 0.97:
            print(f"    extra:   {_excerpt(predicted - gold)}")
        if r < 0.97:
            print(f"    missing: {_excerpt(gold - predicted)}")


#: An extractor this slow on one pass is far from the lead; timing it again adds nothing.
_NOT_WORTH_REPEATING_SECONDS = 60.0


def run_corpus(name: str, limit: int | None, extractor_names: list[str], half: str | None = None,
               worst: int = 0, repeat: int = 3) -> None:
    pages = list(CORPORA[name]())[: limit or None]
    if half:
        # A fixed split to tune on one half and check on the other: by the page id's
        # number when it has one, else by position.
        def number(index: int, page: Page) -> int:
            digits = "".join(ch for ch in page.id if ch.isdigit())
            return int(digits) if digits else index

        parity = 0 if half == "even" else 1
        pages = [page for index, page in enumerate(pages) if number(index, page) % 2 == parity]
    if not pages:
        print(f"\n## {name}: no pages (is {DEV} present?)")
        return
    extractors, missing = load(extractor_names)
    results_by_name: dict[str, list[Result]] = {}
    best_seconds: dict[str, float] = {}
    # Timing passes go round the extractors in turn and keep each one's fastest pass,
    # so warm-up (imports, regex compilation, OS caches) and a busy moment on a shared
    # machine don't decide the speed ratio. Scores come from the first pass.
    for attempt in range(repeat):
        for extractor_name, run in extractors.items():
            if attempt and best_seconds[extractor_name] > _NOT_WORTH_REPEATING_SECONDS:
                continue
            results, elapsed = _one_pass(extractor_name, run, pages, report_errors=attempt == 0)
            results_by_name.setdefault(extractor_name, results)
            best_seconds[extractor_name] = min(elapsed, best_seconds.get(extractor_name, elapsed))
    rows = [(n, score(pages, results_by_name[n]), len(pages) / best_seconds[n]) for n in extractors]
    huiwen_results = results_by_name.get("huiwen")
    _print_table(name, len(pages), rows, missing)
    chinese = [page for page in pages if page.language == "zh"]
    if "huiwen" in extractors and chinese:
        print_timing(name, chinese, repeat)
    if worst and "huiwen" in extractors:
        print_worst(pages, huiwen_results, worst)


def _one_pass(extractor_name: str, run, pages, *, report_errors: bool) -> tuple[list[Result], float]:
    results = []
    started = time.perf_counter()
    for page in pages:
        try:
            results.append(run(page.html, page.url, page.language))
        except Exception as error:  # a peer crashing on a page scores it as empty
            if report_errors:
                print(f"  {extractor_name} failed on {page.id}: {error!r}", file=sys.stderr)
            results.append(Result())
    return results, time.perf_counter() - started


def _print_table(name: str, count: int, rows, missing: list[str]) -> None:
    columns = ["P", "R", "F1", "bigramF1", "title", "date", "author", "no-author", "date(all)", "author(all)", "author|editor", "snippets", "empty"]
    columns = [c for c in columns if any(scores[c] is not None for _, scores, _ in rows)]
    body_unit = "4-word shingles" if name == "scrapinghub_aeb" else "characters"
    print(f"\n## {name} ({count} pages; body P/R/F1 over {body_unit})\n")
    if name == "own":
        print("Hand-written pages, written together with the rules: regression fixtures, not evidence.\n")
    print("| extractor | " + " | ".join(columns) + " | pages/s |")
    print("|---" * (len(columns) + 2) + "|")
    for extractor_name, scores, speed in rows:
        cells = [f"{scores[c]:.3f}" if scores[c] is not None else "–" for c in columns]
        print(f"| {extractor_name} | " + " | ".join(cells) + f" | {speed:.1f} |")
    for extractor_name in missing:
        print(f"| {extractor_name} | " + " | ".join("missing" for _ in columns) + " | – |")
    peers = [speed for extractor_name, _, speed in rows if extractor_name != "huiwen"]
    ours = next((speed for extractor_name, _, speed in rows if extractor_name == "huiwen"), None)
    if peers and ours:
        print(f"\nhuiwen pages/s ÷ fastest peer: {ours / max(peers):.2f}×")


def verify_aeb() -> None:
    """Re-score the published outputs; trafilatura should come out at F1 ≈ 0.958."""
    root = DEV / "scrapinghub_aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    print("| published output | P | R | F1 |\n|---|---|---|---|")
    for path in sorted((root / "output").glob("*.json")):
        output = json.loads(path.read_text(encoding="utf-8"))
        output = output.get("output", output)  # newer files wrap pages with a version
        precisions, recalls = [], []
        for page_id, gold in truth.items():
            predicted = (output.get(page_id) or {}).get("articleBody") or ""
            p, r = precision_recall(en_shingles(predicted), en_shingles(gold["articleBody"]))
            precisions.append(p)
            recalls.append(r)
        p, r = statistics.fmean(precisions), statistics.fmean(recalls)
        print(f"| {path.stem} | {p:.3f} | {r:.3f} | {f1(p, r):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="all", choices=[*CORPORA, "all"])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--only", default=",".join(FACTORIES), help="comma-separated extractors")
    parser.add_argument("--half", choices=["even", "odd"], help="only even/odd-numbered pages (tune/check split)")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes; each extractor's fastest counts")
    parser.add_argument("--worst", type=int, default=0, help="list huiwen's N worst pages with extra/missing text")
    parser.add_argument("--verify-aeb", action="store_true", help="score the published AEB outputs")
    args = parser.parse_args()
    if args.verify_aeb:
        verify_aeb()
        return
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    for corpus in CORPORA if args.corpus == "all" else [args.corpus]:
        run_corpus(corpus, args.limit, names, args.half, args.worst, args.repeat)


if __name__ == "__main__":
    main()
