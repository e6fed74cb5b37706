"""Per-source boilerplate learning end to end on a loopback site whose 20 articles share
footers no rule knows: the footers are learned from what the source delivered, applied
when its pages are extracted again, shared through the database by every collector, shown
in the admin and un-learnable by an editor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from testsite import start_test_site
from testsite.column import FOOTERS, story

from huiwen.fetch import Fetcher, FetchPolicy
from huiwen.news.models import Article
from huiwen.sources.boilerplate import learn_boilerplate
from huiwen.sources.collector import Collector, collect_source, reextract, shared_reader
from huiwen.sources.models import LearnedLine, Page, Source


@pytest.fixture(scope="module")
def site():
    with start_test_site() as running:
        yield running


@pytest.fixture
def fetcher(site):
    policy = FetchPolicy(allow_networks=(f"{site.host}:{site.port}",), host_delay=0, max_retries=1, retry_backoff=0.01)
    with Fetcher(policy) as shared:
        yield shared


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("moban", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    client.force_login(user)
    return client


def bodies(source: Source) -> dict[str, str]:
    return {page.url: page.article.body_text for page in source.pages.select_related("article").filter(outcome=Page.Outcome.NEW)}


def test_shared_footers_are_learned_applied_shared_and_unlearnable(db, site, fetcher, editor_client):
    source = Source.objects.create(name="青禾社区报", kind=Source.Kind.FEED, location=site.url("/column/feed.xml"))

    # Learned: the first run stores 20 articles, footers and all, and learns the footers.
    report = collect_source(source, fetcher=fetcher)
    assert report.counts["new"] == 20
    assert all(FOOTERS[0] in body for body in bodies(source).values())
    assert set(source.learned_boilerplate()) == set(FOOTERS)
    assert LearnedLine.objects.get(source=source, text=FOOTERS[1]).articles == 20

    # Applied: re-extraction (the admin action's work) drops them, and nothing of the story.
    assert reextract(source, 20, fetcher=fetcher) == 20
    for url, body in bodies(source).items():
        number = int(url.rsplit("/", 1)[1].removesuffix(".html"))
        assert not any(footer in body for footer in FOOTERS), url
        assert all(paragraph in body for paragraph in story(number)), url

    # Shared: another collector, which learned nothing itself, reads the lines from the
    # database and new pages arrive without the footers.
    Source.objects.filter(pk=source.pk).update(location=site.url("/column/feed-later.xml"))  # two more stories
    other = Collector(Source.objects.get(pk=source.pk), fetcher, shared_reader())
    assert other.boilerplate == frozenset(FOOTERS)
    assert other.collect().counts["new"] == 2
    fresh = Article.objects.filter(pages__url__in=[site.url("/column/21.html"), site.url("/column/22.html")])
    assert fresh.count() == 2
    assert not any(footer in article.body_text for article in fresh for footer in FOOTERS)

    # Shown in the admin, per source.
    page = editor_client.get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert all(footer in page for footer in FOOTERS)

    # Un-learned by an editor: the line is back after re-extraction and stays un-learned
    # when the source is learned from again.
    line = LearnedLine.objects.get(source=source, text=FOOTERS[2])
    response = editor_client.post(
        "/admin/sources/learnedline/", {"action": "unlearn", "_selected_action": [line.pk]}, follow=True
    )
    assert response.status_code == 200
    assert reextract(source, 30, fetcher=fetcher) == 22
    assert all(FOOTERS[2] in body and FOOTERS[0] not in body for body in bodies(source).values())
    learn_boilerplate(source)
    line.refresh_from_db()
    assert line.unlearned
    assert set(source.learned_boilerplate()) == set(FOOTERS[:2])


def test_lines_of_a_few_articles_are_not_learned(db, site, fetcher):
    source = Source.objects.create(name="小站", kind=Source.Kind.URL, location=site.url("/column/3.html"))
    assert collect_source(source, fetcher=fetcher).counts["new"] == 1
    assert not source.learned_lines.exists()
