"""Server-side line charts as accessible SVG: the geometry is worked out here, the template only draws
it (performance/_chart.html). Each chart has a title, a description that states the trend in words
(its alt text), and a table of the same figures beside it, so no one needs JavaScript or sight to
read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
STYLES = ["sh-chart__line--ours", "sh-chart__line--disabled", "sh-chart__line--england",
          "sh-chart__line--region", "sh-chart__line--neighbours"]
# The same colours as web/safehold.css, for drawings without the stylesheet (the PDF reports).
COLOURS = {"sh-chart__line--ours": "#1d70b8", "sh-chart__line--disabled": "#912b88",
           "sh-chart__line--england": "#0b0c0c", "sh-chart__line--region": "#00703c",
           "sh-chart__line--neighbours": "#d4351c"}


@dataclass
class Series:
    label: str
    points: list[tuple[dt.date, float | None]]
    style: str = ""
    dashed: bool = False


@dataclass
class Chart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    lines: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    x_ticks: list[dict] = field(default_factory=list)
    empty: bool = False
    compact: bool = False


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return step * 5 if value > step * 4 else max(step * 4, value)
    return value


def describe(label: str, points: list[tuple[dt.date, float | None]], fmt) -> str:
    known = [(d, v) for d, v in points if v is not None]
    if not known:
        return f"{label}: no figures yet."
    (d0, v0), (d1, v1) = known[0], known[-1]
    if len(known) == 1:
        return f"{label}: {fmt(v1)} at {d1:%B %Y}."
    if abs(v1 - v0) < 1e-9:
        move = "stayed at"
        return f"{label} {move} {fmt(v1)} from {d0:%B %Y} to {d1:%B %Y}."
    move = "rose" if v1 > v0 else "fell"
    return f"{label} {move} from {fmt(v0)} in {d0:%B %Y} to {fmt(v1)} in {d1:%B %Y}."


def line_chart(title: str, series: list[Series], fmt, *, start: dt.date, end: dt.date,
               percent: bool = False, compact: bool = False) -> Chart:
    """`series` drawn between `start` and `end` (dates on the x axis); `fmt` formats a value for words."""
    values = [v for s in series for _d, v in s.points if v is not None]
    description = " ".join(describe(s.label, s.points, fmt) for s in series)
    if not values:
        return Chart(title, description or "No figures yet.", empty=True)
    top = 100.0 if percent and max(values) > 50 else _nice_max(max(values) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(1, (end - start).days)

    def x(d: dt.date) -> float:
        return round(LEFT + plot_w * min(max((d - start).days, 0), span) / span, 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - min(v, top) / top), 1)

    lines = []
    for i, s in enumerate(series):
        pts = [(x(d), y(v)) for d, v in s.points if v is not None and start <= d <= end]
        if not pts:
            continue
        style = s.style or STYLES[i % len(STYLES)]
        lines.append({"label": s.label, "style": style, "colour": COLOURS.get(style, "#0b0c0c"), "dashed": s.dashed,
                      "path": " ".join(f"{px},{py}" for px, py in pts), "dots": pts if len(pts) <= 30 else []})
    y_ticks = [{"y": y(top * k / 4), "label": fmt(top * k / 4)} for k in range(5)]
    x_ticks = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month.month in (1, 4, 7, 10):
            x_ticks.append({"x": x(month), "label": f"{month:%b %Y}" if month.month == 1 else f"{month:%b}"})
        month = dt.date(month.year + (month.month // 12), month.month % 12 + 1, 1)
    if compact:  # a small multiple on the dashboard: the line, its first and last values, no axes
        return Chart(title, description, lines=lines, y_ticks=[{**t, "label": ""} for t in (y_ticks[0], y_ticks[-1])],
                     x_ticks=[], compact=True)
    return Chart(title, description, lines=lines, y_ticks=y_ticks, x_ticks=x_ticks)
