"""Charts drawn as inline SVG, so the dashboard is one file that opens from disk with no network.

Colours are CSS classes (`s1`...`s5`) the page styles for light, dark and print; every chart has a
title and a description for screen readers, each mark a tooltip, and the page shows the same
figures as a data table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 30
MAX_X_LABELS = 9


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    css: str  # s1..s5: the colour class


def _format(value: float, percent: bool) -> str:
    if percent:
        return f"{round(100 * value)}%"
    return f"{value:,.0f}"


def _axis_label(value: float, percent: bool) -> str:
    """Short numbers for the axis ("150k", "1.2M"); tooltips and tables give them whole."""
    if percent or value < 10_000:
        return _format(value, percent)
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= limit:
            return f"{value / limit:.3g}{suffix}"
    return _format(value, percent)


def _nice_ceiling(peak: float) -> tuple[float, float]:
    """A round top for the y axis and its step (4 gridlines)."""
    if peak <= 0:
        return 1.0, 0.25
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(peak / step), step


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _axes(labels: Sequence[str], top: float, step: float, percent: bool) -> list[str]:
    plot_height = HEIGHT - TOP - BOTTOM
    parts = []
    value = 0.0
    while value <= top + 1e-9:
        y = TOP + plot_height * (1 - value / top)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_axis_label(value, percent)}</text>'
        )
        value += step
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + slot * (index + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(label)}</text>')
    return parts


def stacked_columns(
    chart_id: str, title: str, desc: str, labels: Sequence[str], series: Sequence[Series]
) -> str:
    """One column per label, the series stacked bottom to top."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    top, step = _nice_ceiling(max(totals, default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    width = max(2.0, slot * 0.7)
    body = _axes(labels, top, step, percent=False)
    for index, label in enumerate(labels):
        base = 0.0
        x = LEFT + slot * index + (slot - width) / 2
        for one in series:
            value = one.values[index] or 0
            if value <= 0:
                continue
            y = TOP + plot_height * (1 - (base + value) / top)
            height = plot_height * value / top
            body.append(
                f'<rect class="{one.css}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}">'
                f"<title>{escape(label)}: {_format(value, False)} {escape(one.name)}</title></rect>"
            )
            base += value
    return _frame(chart_id, title, desc, body)


def lines(chart_id: str, title: str, desc: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Shares from 0 to 100%, one line per series; a missing value breaks its line."""
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    body = _axes(labels, 1.0, 0.25, percent=True)
    for one in series:
        points = [
            (LEFT + slot * (index + 0.5), TOP + plot_height * (1 - value), labels[index], value)
            for index, value in enumerate(one.values)
            if value is not None
        ]
        segment: list[str] = []
        previous = -2
        for index, value in enumerate(one.values):
            if value is None:
                continue
            if index != previous + 1 and segment:
                body.append(f'<polyline class="line {one.css}" points="{" ".join(segment)}"/>')
                segment = []
            segment.append(f"{LEFT + slot * (index + 0.5):.1f},{TOP + plot_height * (1 - value):.1f}")
            previous = index
        if segment:
            body.append(f'<polyline class="line {one.css}" points="{" ".join(segment)}"/>')
        body += [
            f'<circle class="dot {one.css}" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
            f"<title>{escape(label)}: {_format(value, True)} {escape(one.name)}</title></circle>"
            for x, y, label, value in points
        ]
    return _frame(chart_id, title, desc, body)


def legend(series: Sequence[Series]) -> str:
    items = "".join(
        f'<li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true">'
        f'<rect class="{s.css}" width="12" height="12"/></svg>{escape(s.name)}</li>'
        for s in series
    )
    return f'<ul class="legend">{items}</ul>'


def sparkline(values: Sequence[int], what: str, css: str = "s1") -> str:
    """A small column chart for a table cell; its label reads the values out."""
    peak = max(values, default=0) or 1
    width = 4
    bars = "".join(
        f'<rect class="{css}" x="{index * (width + 1)}" y="{24 - max(1, round(24 * v / peak))}" '
        f'width="{width}" height="{max(1, round(24 * v / peak))}"/>'
        for index, v in enumerate(values)
    )
    label = f"{what} per period, oldest first: {', '.join(str(v) for v in values)}"
    return (
        f'<svg class="spark" viewBox="0 0 {len(values) * (width + 1)} 24" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>{bars}</svg>'
    )


def meter(parts: Sequence[tuple[float, str, str]], peak: float) -> str:
    """A horizontal bar for a table row: (value, colour class, name) stacked left to right."""
    x = 0.0
    rects = []
    for value, css, name in parts:
        width = 200 * value / (peak or 1)
        if width > 0:
            rects.append(
                f'<rect class="{css}" x="{x:.1f}" y="0" width="{width:.1f}" height="14">'
                f"<title>{_format(value, False)} {escape(name)}</title></rect>"
            )
        x += width
    return f'<svg class="meter" viewBox="0 0 200 14" aria-hidden="true">{"".join(rects)}</svg>'
