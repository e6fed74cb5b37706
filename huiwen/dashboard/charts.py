"""Bar charts as data for an SVG template: geometry computed here, drawing in
``dashboard/bar_chart.html``.

Written by hand rather than with a chart library: the charts are a few rectangles, and the
libraries that render SVG on the server (pygal, matplotlib) either embed scripts and
inline styles, which a strict Content-Security-Policy refuses, or weigh tens of MB.
Colours come from classes in ``dashboard/dashboard.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["BarChart", "Series", "stacked_bars"]

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 18, 26
#: Every how many days the x axis is labelled.
LABEL_EVERY = 5


@dataclass(frozen=True)
class Series:
    """One kind of count stacked in every bar: its CSS class, its name, its value per day
    and the admin list behind each day's part."""

    css: str
    label: str
    values: Sequence[int]
    href: Callable[[date], str]


@dataclass(frozen=True)
class Segment:
    css: str
    title: str
    href: str
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    day: date
    x: float
    width: float
    center: float
    total: int
    title: str
    segments: tuple[Segment, ...]
    label_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Legend:
    css: str
    label: str
    total: int


@dataclass(frozen=True)
class DayLabel:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    day_labels: tuple[DayLabel, ...]
    legend: tuple[Legend, ...]
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def is_empty(self) -> bool:
        return self.total == 0


def _nice_top(largest: int) -> tuple[int, int]:
    """An axis top at or above ``largest`` and its step, from 1, 2 or 5 × 10ⁿ (about four
    gridlines)."""
    if largest <= 4:
        return 4, 1
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step * 4 >= largest:
                top = -(-largest // step) * step
                return top, step
        magnitude *= 10


def _day_text(day: date) -> str:
    return day.strftime("%m-%d")


def stacked_bars(title: str, days: Sequence[date], series: Sequence[Series]) -> BarChart:
    """One bar per day, the series stacked bottom to top in the order given."""
    totals = [sum(s.values[index] for s in series) for index in range(len(days))]
    top, step = _nice_top(max(totals, default=0))
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - RIGHT) / max(len(days), 1)
    bar_width = slot * 0.7
    baseline = HEIGHT - BOTTOM

    bars = []
    for index, day in enumerate(days):
        x = LEFT + index * slot + (slot - bar_width) / 2
        y = float(baseline)
        segments = []
        parts = []
        for s in series:
            value = s.values[index]
            if not value:
                continue
            height = value / top * plot_height
            y -= height
            segments.append(Segment(s.css, f"{_day_text(day)} {s.label} {value}", s.href(day), y, height))
            parts.append(f"{s.label} {value}")
        bar_title = f"{_day_text(day)}: " + (", ".join(parts) if parts else "0")
        bars.append(Bar(day, x, bar_width, x + bar_width / 2, totals[index], bar_title, tuple(segments), y - 3))

    ticks = tuple(Tick(baseline - value / top * plot_height, str(value)) for value in range(0, top + 1, step))
    # Labelled back from today, so the newest day always has its date.
    day_labels = tuple(
        DayLabel(LEFT + index * slot + slot / 2, _day_text(day))
        for index, day in enumerate(days) if (len(days) - 1 - index) % LABEL_EVERY == 0
    )
    legend = tuple(Legend(s.css, s.label, sum(s.values)) for s in series)
    return BarChart(title, tuple(bars), ticks, day_labels, legend, sum(totals))
