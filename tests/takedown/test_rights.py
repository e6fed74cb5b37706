"""Per-source rights: a collected article is shown in full, as an excerpt or as a link,
with an attribution line; rel=canonical names the original unless shown in full."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command

from huiwen.publish._files import public_file
from huiwen.sources.models import Page, Source

ORIGINAL = "https://news.example.com/2026/11/01/renovation.html"


@pytest.fixture
def collected(make_article):
    """An article collected from a source, as the collector leaves it."""

    def make(mode: str, **source_fields):
        source = Source.objects.create(name="江城晚报网", kind=Source.Kind.FEED, location="https://news.example.com/rss.xml",
                                       rights_mode=mode, **source_fields)
        article = make_article(summary="城东新区老旧小区改造提前完成。")
        Page.objects.create(source=source, url=ORIGINAL, url_key=hashlib.sha1(ORIGINAL.encode()).hexdigest(),
                            outcome=Page.Outcome.NEW, article=article)
        return source, article

    return make


def canonical(html: str) -> str:
    return html.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]


def test_full_text_keeps_the_body_and_its_own_canonical(client, collected):
    _source, article = collected(Source.RightsMode.FULL)
    html = client.get(f"/article/{article.pk}.html").content.decode()
    assert "<h2>加装电梯 出行更方便</h2>" in html and "地下管网全部更换" in html
    assert canonical(html) == f"http://testserver/article/{article.pk}.html"
    attribution = html.split('<p class="attribution">', 1)[1].split("</p>", 1)[0]
    assert "江城晚报" in attribution and "林晓 周航" in attribution and f'href="{ORIGINAL}"' in attribution
    assert "采集于" in attribution and "<time datetime=" in attribution
    assert 'class="read-original"' not in html


def test_excerpt_shows_summary_and_first_paragraph_then_links_the_original(client, collected):
    _source, article = collected(Source.RightsMode.EXCERPT, attribution_name="江城晚报(授权摘编)")
    html = client.get(f"/article/{article.pk}.html").content.decode()
    assert "城东新区老旧小区改造提前完成。" in html  # the summary
    assert "<p>今年以来,城东新区共完成老旧小区改造四十二个,惠及居民一万余户。</p>" in html  # the first paragraph
    assert "加装电梯 出行更方便" not in html and "地下管网全部更换" not in html
    assert f'<p class="read-original"><a href="{ORIGINAL}"' in html
    assert canonical(html) == ORIGINAL
    assert "江城晚报(授权摘编)" in html.split('<p class="attribution">', 1)[1]


def test_link_only_shows_no_text_of_the_article(client, collected):
    _source, article = collected(Source.RightsMode.LINK)
    html = client.get(f"/article/{article.pk}.html").content.decode()
    assert "<h1 class=\"article-title\">城东新区完成老旧小区改造</h1>" in html
    assert "今年以来" not in html and "城东新区老旧小区改造提前完成。" not in html
    assert f'<p class="read-original"><a href="{ORIGINAL}"' in html and canonical(html) == ORIGINAL
    english = client.get(f"/en/article/{article.pk}.html").content.decode()
    assert "Read the original" in english and "Republished from" in english


def test_articles_written_here_are_shown_in_full_without_attribution(client, make_article):
    article = make_article()
    html = client.get(f"/article/{article.pk}.html").content.decode()
    assert "地下管网全部更换" in html and 'class="attribution"' not in html
    assert canonical(html) == f"http://testserver/article/{article.pk}.html"


def test_changing_a_sources_rights_republishes_its_articles(client, collected, public_folder, django_capture_on_commit_callbacks):
    source, article = collected(Source.RightsMode.FULL)
    path = f"/article/{article.pk}.html"
    call_command("publish", path, verbosity=0)
    assert "地下管网全部更换" in public_file(public_folder, path).read_text()
    with django_capture_on_commit_callbacks(execute=True):
        source.rights_mode = Source.RightsMode.EXCERPT
        source.save()
    published = public_file(public_folder, path).read_text()
    assert "地下管网全部更换" not in published and canonical(published) == ORIGINAL
