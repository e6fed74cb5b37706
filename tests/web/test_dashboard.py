"""The admin home's dashboard: collection and views per day as SVG bar charts that link
to the lists behind them, the most read articles, and the sources needing a look."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from huiwen.dashboard import stats
from huiwen.news.counting import count_for_day
from huiwen.news.models import Article
from huiwen.sources.collector import collect_source
from huiwen.sources.models import Page, Source

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _page(source: Source, outcome: str, days_ago: int, number: int, article: Article | None = None) -> Page:
    when = timezone.now() - timedelta(days=days_ago)
    return Page.objects.create(
        source=source, url=f"https://example.com/{source.pk}/{days_ago}/{outcome}/{number}.html",
        url_key=f"{source.pk}-{days_ago}-{outcome}-{number}", outcome=outcome, collected_at=when, article=article,
        reason="" if outcome != Page.Outcome.FAILED else "HTTP 500",
    )


@pytest.fixture
def collected(db):
    """Two sources' pages: today 3 new, 1 duplicate, 1 failed and 1 empty; three days ago
    2 new from the other source; 40 days ago (outside the charts) 5 new."""
    wire = Source.objects.create(name="通讯社", kind=Source.Kind.FEED, location="https://wire.example.com/rss.xml")
    city = Source.objects.create(name="城市台", kind=Source.Kind.FEED, location="https://city.example.com/rss.xml")
    for number in range(3):
        _page(wire, Page.Outcome.NEW, 0, number)
    _page(wire, Page.Outcome.DUPLICATE, 0, 0)
    _page(wire, Page.Outcome.FAILED, 0, 0)
    _page(wire, Page.Outcome.EMPTY, 0, 0)
    for number in range(2):
        _page(city, Page.Outcome.NEW, 3, number)
    for number in range(5):
        _page(wire, Page.Outcome.NEW, 40, number)
    return wire, city


def _svg(page, panel: str):
    charts = page.xpath(f'//*[@id="{panel}"]//svg')
    assert len(charts) == 1, panel
    return charts[0]


def _segments(svg) -> dict[str, str]:
    """Each stacked part's title → the link around it."""
    return {rect.findtext("title"): rect.getparent().get("href") for rect in svg.iter("rect")}


def _admin_home(client: Client, query: str = "", **headers):
    response = client.get("/admin/" + query, **{**ZH, **headers})
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def test_collection_per_day_counts_outcomes_and_days(collected):
    wire, city = collected
    days = stats.day_range(30)
    per_day = {entry.day: entry for entry in stats.collected_per_day(days)}
    today, three_days_ago = days[-1], days[-4]
    assert len(per_day) == 30 and days[0] == today - timedelta(days=29)
    assert per_day[today] == stats.CollectedDay(today, new=3, duplicate=1, failed=2)
    assert per_day[three_days_ago] == stats.CollectedDay(three_days_ago, new=2)
    assert sum(entry.new for entry in per_day.values()) == 5, "the pages of 40 days ago are outside the window"

    only_city = {entry.day: entry for entry in stats.collected_per_day(days, city.pk)}
    assert only_city[today] == stats.CollectedDay(today)
    assert only_city[three_days_ago].new == 2


def test_days_split_at_the_sites_midnight_not_utcs(db):
    """Asia/Shanghai is UTC+8: 23:30 and 00:30 local are one UTC day but two site days."""
    from datetime import UTC, datetime, time

    source = Source.objects.create(name="夜班", kind=Source.Kind.FEED, location="https://night.example.com/rss.xml")
    days = stats.day_range(30)
    midnight = timezone.make_aware(datetime.combine(days[-2], time()))
    for number, when in enumerate((midnight - timedelta(minutes=30), midnight + timedelta(minutes=30))):
        Page.objects.create(source=source, url=f"https://night.example.com/{number}", url_key=f"night-{number}",
                            outcome=Page.Outcome.NEW, collected_at=when)
    assert midnight.astimezone(UTC).hour == 16
    counts = [entry.new for entry in stats.collected_per_day(days)]
    assert counts[-3:] == [1, 1, 0]


def test_views_per_day_and_top_articles_come_from_daily_counts(db, make_article):
    read, unread = make_article(title="读者最多的一篇"), make_article(title="无人问津")
    today = timezone.localdate()
    for _ in range(4):
        count_for_day(read.pk, today)
    for _ in range(6):
        count_for_day(read.pk, today - timedelta(days=3))
    count_for_day(unread.pk, today - timedelta(days=3))

    days = stats.day_range(30)
    views = dict(stats.views_per_day(days))
    assert views[today] == 4 and views[today - timedelta(days=3)] == 7 and sum(views.values()) == 11

    day = stats.top_articles(1)
    assert [(entry.article.pk, entry.views) for entry in day] == [(read.pk, 4)]
    week = stats.top_articles(7)
    assert [(entry.article.pk, entry.views) for entry in week] == [(read.pk, 10), (unread.pk, 1)]


def test_admin_home_draws_the_bars_with_their_counts_and_links(admin_client, collected):
    wire, _city = collected
    page = _admin_home(admin_client)
    svg = _svg(page, "dash-collection")
    bars = svg.xpath('.//*[local-name()="g"][@data-day]')
    assert len(bars) == 30
    today = timezone.localdate()
    label = today.strftime("%m-%d")
    todays_bar = next(bar for bar in bars if bar.get("data-day") == today.isoformat())
    assert todays_bar.get("data-total") == "6"
    assert todays_bar.xpath('string(./*[local-name()="text"])') == "6"
    segments = _segments(svg)
    assert set(segments) >= {f"{label} 新文章 3", f"{label} 重复 1", f"{label} 失败 2"}
    assert len(segments) == 4, "today's three parts and the new pages of three days ago"

    # Each part links to the pages it counts.
    failed_link = segments[f"{label} 失败 2"]
    listing = admin_client.get(failed_link, **ZH)
    assert listing.status_code == 200
    shown = {page.url for page in listing.context["cl"].result_list}
    assert shown == set(Page.objects.filter(outcome__in=["failed", "empty"]).values_list("url", flat=True))

    chart_link = page.xpath('//*[@id="dash-collection"]/h2/a/@href')[0]
    assert admin_client.get(chart_link, **ZH).context["cl"].result_count == 8, "30 days of pages, not the older ones"


def test_one_source_on_demand(admin_client, collected):
    wire, city = collected
    page = _admin_home(admin_client, f"?source={city.pk}")
    assert "城市台" in page.xpath('string(//*[@id="dash-collection"]/h2)')
    segments = _segments(_svg(page, "dash-collection"))
    three_days_ago = (timezone.localdate() - timedelta(days=3)).strftime("%m-%d")
    assert list(segments) == [f"{three_days_ago} 新文章 2"]
    link = segments[f"{three_days_ago} 新文章 2"]
    assert parse_qs(urlsplit(link).query)["source__id__exact"] == [str(city.pk)]
    assert admin_client.get(link, **ZH).context["cl"].result_count == 2
    selected = page.xpath('//select[@name="source"]/option[@selected]/@value')
    assert selected == [str(city.pk)]

    for nonsense in ("abc", "-1", "²", "9" * 30, "99999"):
        page = _admin_home(admin_client, f"?source={nonsense}")
        assert len(_segments(_svg(page, "dash-collection"))) == 4, f"{nonsense!r} shows every source"


def test_views_chart_top_lists_and_sources_needing_attention(admin_client, make_article):
    article = make_article(title="全市公交线路调整")
    today = timezone.localdate()
    for _ in range(5):
        count_for_day(article.pk, today)
    Source.objects.create(name="坏掉的源", kind=Source.Kind.FEED, location="https://bad.example.com/rss.xml",
                          flagged=True, flag_reason="all 3 pages failed", last_error="HTTP 503 from bad.example.com")
    Source.objects.create(name="好的源", kind=Source.Kind.FEED, location="https://good.example.com/rss.xml")

    page = _admin_home(admin_client)
    segments = _segments(_svg(page, "dash-views"))
    title = f"{today.strftime('%m-%d')} 阅读 5"
    assert list(segments) == [title]
    rows = admin_client.get(segments[title], **ZH).context["cl"].result_list
    assert [(row.article_id, row.views) for row in rows] == [(article.pk, 5)]

    tops = page.xpath('//section[contains(@class, "dash-top")]')
    assert [top.xpath("string(h2)") for top in tops] == ["24 小时最热", "7 天最热"]
    for top in tops:
        assert top.xpath("string(.//li/a)") == "全市公交线路调整"
        assert top.xpath(".//li/a/@href") == [f"/admin/news/article/{article.pk}/change/"]
        assert "5 次阅读" in top.xpath("string(.//li)")

    attention = page.xpath('//*[@id="dash-attention"]')[0]
    assert attention.xpath("string(.//li/a)") == "坏掉的源"
    assert "HTTP 503 from bad.example.com" in attention.text_content()
    assert "好的源" not in attention.text_content()


def test_empty_site_says_so_instead_of_drawing(admin_client):
    page = _admin_home(admin_client)
    assert not page.xpath('//div[@class="dash"]//svg')
    text = page.xpath('string(//div[@class="dash"])')
    assert "最近 30 天没有采集记录。" in text and "最近 30 天没有阅读记录。" in text
    assert "还没有阅读记录。" in text and "所有采集源都正常。" in text


def test_dashboard_speaks_english_to_an_english_browser(admin_client, collected):
    page = _admin_home(admin_client, HTTP_ACCEPT_LANGUAGE="en")
    label = timezone.localdate().strftime("%m-%d")
    assert f"{label} New article 3" in _segments(_svg(page, "dash-collection"))
    text = page.xpath('string(//div[@class="dash"])')
    for phrase in ("Collected in the last 30 days", "Views in the last 30 days", "Most read, 24 hours",
                   "Sources needing attention", "All sources"):
        assert phrase in text, phrase


def test_panels_follow_the_users_permissions(db, collected):
    reader_only = User.objects.create_user("wang", password="x", is_staff=True)
    reader_only.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(reader_only)
    page = _admin_home(client)
    assert page.xpath('//*[@id="dash-views"]') and not page.xpath('//*[@id="dash-collection"]')
    assert not page.xpath('//*[@id="dash-attention"]')

    editor = User.objects.create_user("li", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    client.force_login(editor)
    page = _admin_home(client)
    assert page.xpath('//*[@id="dash-collection"]//svg') and page.xpath('//*[@id="dash-attention"]')


def test_a_real_collection_run_fills_todays_bar(admin_client, tmp_path, import_from):
    """Pages collected through the collector, not rows made by hand."""
    import_from(tmp_path)
    stories = {
        "a.html": ("公交线路调整方案公布", "市交通局今天公布了新的公交线路调整方案,涉及十二条线路和三个新建站点。"),
        "b.html": ("城南体育馆下月开放", "位于城南的新建体育馆将于下月对市民开放,馆内设有游泳池、篮球场和羽毛球场。"),
    }
    for name, (title, sentence) in stories.items():
        # Six numbered paragraphs, not one sentence six times: that left so few distinct
        # shingles that the repost sat on the similarity threshold (true Jaccard 0.805),
        # passing or failing by the permutations' luck. These give the repost the same text.
        body = "".join(f"<p>第{n}条:{sentence}</p>" for n in range(1, 7))
        (tmp_path / name).write_text(f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>")
    (tmp_path / "c-repost.html").write_text((tmp_path / "a.html").read_text().replace("<h1>", "<h1>转载:"))
    (tmp_path / "d-wall.html").write_text("<html><body><div class='login'>请先登录后阅读全文</div></body></html>")
    folder = Source.objects.create(name="本地稿件", kind=Source.Kind.FILES, location=str(tmp_path))
    report = collect_source(folder)
    outcomes = sorted(Page.objects.filter(source=folder).values_list("outcome", flat=True))
    assert outcomes == ["duplicate", "empty", "new", "new"], report

    segments = _segments(_svg(_admin_home(admin_client, f"?source={folder.pk}"), "dash-collection"))
    label = timezone.localdate().strftime("%m-%d")
    assert set(segments) == {f"{label} 新文章 2", f"{label} 重复 1", f"{label} 失败 1"}


def test_bars_are_drawn_to_scale_on_a_rounded_axis():
    from datetime import date

    from huiwen.dashboard.charts import Series, stacked_bars

    days = [date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)]
    chart = stacked_bars("t", days, [
        Series("new", "新", [0, 9, 3], lambda day: f"/new/{day}"),
        Series("failed", "败", [0, 3, 0], lambda day: f"/failed/{day}"),
    ])
    assert [tick.label for tick in chart.ticks] == ["0", "5", "10", "15"]
    empty, full, small = chart.bars
    assert empty.segments == () and empty.title == "11-28: 0"
    new, failed = full.segments
    assert new.height == pytest.approx(3 * failed.height) == pytest.approx(3 * small.segments[0].height)
    assert new.y + new.height == pytest.approx(chart.baseline) and failed.y + failed.height == pytest.approx(new.y)
    assert failed.href == "/failed/2026-11-29" and full.title == "11-29: 新 9, 败 3"
    assert [(item.label, item.total) for item in chart.legend] == [("新", 12), ("败", 3)]


def test_the_dashboard_needs_no_inline_script_or_style(admin_client, collected):
    """A Content-Security-Policy without 'unsafe-inline' must not break it."""
    response = admin_client.get("/admin/", **ZH)
    dash = lxml_html.fromstring(response.content.decode()).xpath('//div[@class="dash"]')[0]
    assert not dash.xpath(".//script | .//style | .//*[@style]")
    assert not [element for element in dash.iter() if any(name.startswith("on") for name in element.attrib)]
    assert '/static/dashboard/dashboard.css"' in response.content.decode()



@pytest.mark.sqlite_only  # the planner's words are SQLite's; PostgreSQL plans tiny tables as scans
def test_the_dashboard_and_the_page_list_read_the_collection_time_index(admin_client, collected):
    """The admin home's collection days and the newest-first list of pages stay cheap
    however many pages were ever collected: each reads the collection-time index, with
    no scan of the table and no sort of all its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = next(index.name for index in Page._meta.indexes if index.fields[0] == "-collected_at")
    for url in ["/admin/", "/admin/sources/page/"]:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url, **ZH).status_code == 200
        reading = [query["sql"] for query in queries if 'FROM "sources_page"' in query["sql"] and "collected_at" in query["sql"]]
        assert reading, url
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {reading[0]}")
            plan = " | ".join(row[-1] for row in cursor.fetchall())
        assert f"USING INDEX {index}" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, (url, plan)
