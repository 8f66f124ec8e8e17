"""A measure's chart for the printed school data summary, drawn with reportlab's graphics.

The School data page's chart on paper: the same series in the same Okabe-Ito colours, line
styles and markers (so it reads in greyscale), the city's target trajectory dotted to a
star, a grey band where a series breaks, and no line across a gap or a break. The school's
own points carry their values. Everything drawn comes from a `SummaryChart`.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from stoke_governor.core.areas import CITY, ENGLAND, WEST_MIDLANDS
from stoke_governor.core.dates import summer_label
from stoke_governor.reports.data_summary import SummaryChart

FONT = "Helvetica"
INK, GRID, BAND = colors.HexColor("#222222"), colors.HexColor("#d9dde2"), colors.HexColor("#e6e6e6")
TARGET = colors.HexColor("#E69F00")
# key: (colour, width, dash pattern, marker), as on the School data page
Style = tuple[colors.Color, float, list[float] | None, str]
STYLES: dict[str, Style] = {
    "school": (colors.HexColor("#D55E00"), 1.8, None, "FilledCircle"),
    CITY: (colors.HexColor("#0072B2"), 1.5, None, "FilledSquare"),
    ENGLAND: (colors.HexColor("#000000"), 1.2, [4, 2], "FilledTriangle"),
    WEST_MIDLANDS: (colors.HexColor("#009E73"), 1.2, [4, 2, 1, 2], "FilledDiamond"),
}
TARGET_STYLE: Style = (TARGET, 1.4, [1.0, 2.0], "FilledStarFive")  # dotted to a star
LEFT, RIGHT, BOTTOM, TOP = 30, 6, 16, 6  # room for the value and year labels
LEGEND_ROW = 10


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values for the figure axis, from at or below `low` to at or above `high`
    (about `count` steps)."""
    span = (high - low) or abs(high) or 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks] if len(ticks) > 1 else [ticks[0], ticks[0] + step]


def year_ticks(first: int, last: int) -> list[int]:
    """Every year when there is room, else every second or third, keeping the latest (as
    the School data page labels its axis)."""
    step = max(1, math.ceil((last - first + 1) / 6))
    return [x for x in range(first, last + 1) if x % step == last % step]


def legend_entries(chart: SummaryChart) -> list[tuple[str, str]]:
    """(style key, name) for each line drawn, the target last."""
    out = [(line.key if line.key in STYLES else "school", line.name) for line in chart.lines]
    if chart.targets:
        out.append(("target", "City target and trajectory"))
    return out


def chart_drawing(chart: SummaryChart, width: float, height: float) -> Drawing:
    entries = legend_entries(chart)
    legend_rows = math.ceil(len(entries) / 2)
    d = Drawing(width, height)
    plot_bottom = BOTTOM + legend_rows * LEGEND_ROW
    plot_w, plot_h = width - LEFT - RIGHT, height - plot_bottom - TOP
    first, last = chart.years
    values = [v for line in chart.lines for run in line.runs for _, v in run]
    values += [v for t in chart.targets for _, v in t.points]
    if not values:
        d.add(String(LEFT, plot_bottom + plot_h / 2, "No figures held.", fontName=FONT, fontSize=8))
        return d
    room = 0.15 * ((max(values) - min(values)) or abs(max(values)) or 1.0)  # for the labels
    ticks = nice_ticks(min(values), max(values) + room)
    low, high = ticks[0], ticks[-1]
    n = last - first + 1

    def px(x: float) -> float:
        return LEFT + (x - first + 0.5) * plot_w / n

    def py(v: float) -> float:
        return plot_bottom + (v - low) * plot_h / (high - low)

    for x in chart.bands:  # a series break: a grey band the width of the year
        d.add(Rect(px(x - 0.5), plot_bottom, plot_w / n, plot_h, fillColor=BAND, strokeColor=None))
    fmt = chart.measure.format
    for tick in ticks:
        d.add(Line(LEFT, py(tick), LEFT + plot_w, py(tick), strokeColor=GRID, strokeWidth=0.5))
        label = fmt(tick) if chart.measure.unit != "percent" else f"{tick:g}%"
        d.add(
            String(LEFT - 3, py(tick) - 2.5, label, fontName=FONT, fontSize=6.5, textAnchor="end")
        )
    d.add(Line(LEFT, plot_bottom, LEFT + plot_w, plot_bottom, strokeColor=INK, strokeWidth=0.6))
    for x in year_ticks(first, last):
        d.add(Line(px(x), plot_bottom, px(x), plot_bottom - 2, strokeColor=INK, strokeWidth=0.6))
        d.add(
            String(
                px(x),
                plot_bottom - 9,
                summer_label(x),
                fontName=FONT,
                fontSize=6.5,
                textAnchor="middle",
            )
        )
    for t in chart.targets:
        _polyline(d, [(px(x), py(v)) for x, v in t.points], TARGET_STYLE)
        x, v = t.points[-1]
        d.add(_marker("FilledStarFive", px(x), py(v), TARGET, 9))
    for line in reversed(chart.lines):  # the school's line on top
        style = STYLES.get(line.key, STYLES["school"])
        for run in line.runs:
            _polyline(d, [(px(x), py(v)) for x, v in run], style)
            for x, v in run:
                d.add(_marker(style[3], px(x), py(v), style[0], 5))
                if line.key == "school":  # the school's own figures, written
                    d.add(_label(px(x), py(v) + 5, fmt(v), style[0]))
    _legend(d, entries, width)
    return d


def _polyline(d: Drawing, points: list[tuple[float, float]], style: Style) -> None:
    if len(points) > 1:
        colour, stroke, dash, _kind = style
        flat = [c for point in points for c in point]
        d.add(PolyLine(flat, strokeColor=colour, strokeWidth=stroke, strokeDashArray=dash))


def _label(x: float, y: float, text: str, colour) -> String:
    return String(
        x, y, text, fontName="Helvetica-Bold", fontSize=6.5, fillColor=colour, textAnchor="middle"
    )


def _marker(kind: str, x: float, y: float, colour, size: float):
    m = makeMarker(kind)
    m.x, m.y, m.size = x, y, size
    m.fillColor, m.strokeColor = colour, colour
    return m


def _legend(d: Drawing, entries: list[tuple[str, str]], width: float) -> None:
    column = (width - LEFT) / 2
    for i, (key, name) in enumerate(entries):
        x = LEFT + (i % 2) * column
        y = (math.ceil(len(entries) / 2) - i // 2 - 1) * LEGEND_ROW + 2
        colour, stroke, dash, marker = STYLES.get(key, TARGET_STYLE)
        d.add(
            Line(
                x,
                y + 2.5,
                x + 16,
                y + 2.5,
                strokeColor=colour,
                strokeWidth=stroke,
                strokeDashArray=dash,
            )
        )
        d.add(_marker(marker, x + 8, y + 2.5, colour, 5))
        d.add(
            String(x + 20, y, _fit(name, column - 22), fontName=FONT, fontSize=6.5, fillColor=INK)
        )


def _fit(text: str, room: float) -> str:
    """The text, shortened with an ellipsis to fit `room` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, FONT, 6.5) <= room:
        return text
    while text and stringWidth(text + "…", FONT, 6.5) > room:
        text = text[:-1]
    return text.rstrip() + "…"
