"""Per-source boilerplate learning: the lines a source repeats across its articles.

Read from the source's stored articles (what it already delivered), counted by the pure
core (:func:`huiwen.extract.recurring_lines`) and kept as :class:`LearnedLine` rows, which
every worker reads before it extracts that source's pages.
"""

from __future__ import annotations

from django.db import transaction

from huiwen.extract import BoilerplatePolicy, article_lines, recurring_lines
from huiwen.news.models import Article
from huiwen.sources.models import LearnedLine, Page, Source

__all__ = ["BOILERPLATE_POLICY", "learn_boilerplate"]

BOILERPLATE_POLICY = BoilerplatePolicy()


def learn_boilerplate(source: Source, policy: BoilerplatePolicy = BOILERPLATE_POLICY) -> list[str]:
    """Learn the lines recurring across the source's latest stored articles; returns the
    lines learned for the first time. Counts of known lines are refreshed; a line an
    editor un-learned stays un-learned."""
    bodies = (
        Article.objects.filter(pages__source=source, pages__outcome=Page.Outcome.NEW)
        .exclude(status=Article.Status.REMOVED)
        .order_by("-pk")
        .values_list("body_html", flat=True)[: policy.sample]
    )
    recurring = recurring_lines((article_lines(body) for body in bodies.iterator()), policy)
    if not recurring:
        return []
    with transaction.atomic():
        known = {line.text: line for line in source.learned_lines.filter(text__in=list(recurring))}
        for text, line in known.items():
            line.articles = recurring[text]
        LearnedLine.objects.bulk_update(known.values(), ["articles"])
        fresh = [LearnedLine(source=source, text=text, articles=count) for text, count in recurring.items() if text not in known]
        # Another worker may learn the same lines at the same moment: its rows stand.
        LearnedLine.objects.bulk_create(fresh, ignore_conflicts=True)
    return [line.text for line in fresh]
