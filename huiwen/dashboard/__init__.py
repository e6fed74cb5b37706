"""The admin home as a dashboard: what was collected and read over the last 30 days, the
most read articles and the sources that need a look, as server-rendered SVG charts
(no script, so a strict Content-Security-Policy holds).

Everything is computed from records the site keeps anyway — ``sources.Page`` (each URL's
outcome and when it was collected) and ``news.DailyViews`` (views per article per day) —
with one aggregate query per chart.
"""
