"""Charts of a measure (pyqtgraph): imported only when a chart is first shown.

Colours are the Okabe-Ito colour-blind-safe set, and every series also differs by line
style and marker, so the chart reads in greyscale and for colour-blind governors. Hovering
a point shows its exact value and source; a grey band marks a year not published or not
comparable (a series break), says why on hover, and no line crosses it. The table beside
each chart has the same numbers.
"""

from __future__ import annotations

import math

import numpy as np

import pyqtgraph as pg
from PySide6.QtCore import Qt

from stoke_governor.core.areas import CITY, ENGLAND, WEST_MIDLANDS
from stoke_governor.core.dates import summer_label
from stoke_governor.measures.trends import Comparison, History, Series

pg.setConfigOptions(antialias=True, background="w", foreground="#222222")

DASH, DASHDOT, DOT = Qt.PenStyle.DashLine, Qt.PenStyle.DashDotLine, Qt.PenStyle.DotLine
# key: (colour, width, pen style, marker)
STYLES = {
    "school": ("#D55E00", 3, Qt.PenStyle.SolidLine, "o"),
    CITY: ("#0072B2", 2.5, Qt.PenStyle.SolidLine, "s"),
    ENGLAND: ("#000000", 2, DASH, "t"),
    WEST_MIDLANDS: ("#009E73", 2, DASHDOT, "d"),
}
TARGET_COLOUR = "#E69F00"
OTHER_SCHOOLS = (150, 150, 150, 110)
BREAK_BRUSH = (120, 120, 120, 38)  # a year a series breaks: a light grey band


def _year_ticks(xs: list[int]) -> list[list[tuple[int, str]]]:
    """A label every year when there is room, else every second or third year."""
    xs = list(range(min(xs), max(xs) + 1))
    step = max(1, math.ceil(len(xs) / 6))
    first = xs[-1] % step  # keep the latest year labelled
    return [[(x, summer_label(x)) for x in xs if x % step == first], []]


def _tip(x, y, data):  # noqa: ARG001 (pyqtgraph's signature)
    return data


class _Chart(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(360, 260)
        self.setMenuEnabled(False)
        self.plotItem.showGrid(x=False, y=True, alpha=0.25)
        self.plotItem.setMouseEnabled(x=False, y=False)
        self.plotItem.hideButtons()
        self.plotItem.getAxis("left").setStyle(maxTickLevel=0)
        self.title = ""
        self.legend = self.plotItem.addLegend(offset=(8, 4), labelTextSize="9pt", colCount=2)
        self.setAccessibleName("Chart")

    def _axes(self, xs: list[int], unit: str, title: str = "") -> None:
        self.title = title
        bottom = self.plotItem.getAxis("bottom")
        bottom.setTicks(_year_ticks(xs) if xs else None)
        left = {"percent": "%", "score": "score", "progress": "progress score"}.get(unit, "")
        self.plotItem.setLabel("left", left)
        if xs:
            self.plotItem.setXRange(min(xs) - 0.5, max(xs) + 0.5, padding=0)
        # Room at the top for the legend, so it never hides a point.
        self.plotItem.enableAutoRange(axis="y")
        (low, high) = self.plotItem.getViewBox().childrenBounds()[1] or (0, 1)
        span = (high - low) or 1.0
        self.plotItem.setYRange(low - 0.05 * span, high + 0.35 * span, padding=0)


class TrendChart(_Chart):
    """One measure over the years: school, city, England, West Midlands, targets."""

    def show_history(self, h: History, title: str = "") -> None:
        self.plotItem.clear()
        self.legend.clear()
        fmt = h.measure.format
        xs = set(h.years)
        self.break_bands: dict[int, str] = h.break_tips()
        for x, tip in self.break_bands.items():
            band = pg.LinearRegionItem(
                (x - 0.5, x + 0.5), movable=False, brush=BREAK_BRUSH, pen=pg.mkPen(None)
            )
            band.setToolTip(tip)
            band.setZValue(-20)
            self.addItem(band)
        self.lines: dict[str, pg.PlotDataItem] = {}
        for series in (h.school, *h.areas):
            if any(p.figure.value is not None for p in series.points):
                self.lines[series.key] = self._series(series, fmt, h)
        for line in h.trajectories:
            t = line.target
            self._target_line(line, fmt)
            xs |= {line.start.x, line.end_x}
            tip = f"City target: {t.summary}\n{t.citation}\nStarts from {line.start.label}"
            self.addItem(
                pg.ScatterPlotItem(
                    [line.end_x],
                    [t.value],
                    symbol="star",
                    size=16,
                    brush=TARGET_COLOUR,
                    pen=pg.mkPen("#7a5500"),
                    hoverable=True,
                    tip=_tip,
                    data=[tip],
                )
            )
        if h.trajectories:
            self.legend.addItem(self._target_legend_item(), "City target and trajectory")
        self._axes(sorted(xs), h.measure.unit, title or h.measure.label)

    def _series(self, series: Series, fmt, h: History) -> pg.PlotDataItem:
        colour, width, style, marker = STYLES[series.key if series.key in STYLES else "school"]
        points = series.points
        # Every year from first to last: a year with no figure breaks the line, and so
        # does a series break (a year not published, or figures not comparable across it).
        by_year = {p.x: p.figure.value for p in points}
        years = range(points[0].x, points[-1].x + 1)
        xs = np.array(list(years), dtype=float)
        ys = np.array([np.nan if by_year.get(x) is None else by_year[x] for x in years])
        joined = np.isfinite(ys[:-1]) & np.isfinite(ys[1:])
        joined &= np.array([h.joins(series, x) for x in years[:-1]], dtype=bool)
        connect = np.append(joined, False)  # pyqtgraph: connect[i] joins point i to i+1
        line = pg.PlotDataItem(
            xs,
            ys,
            connect=connect,
            pen=pg.mkPen(colour, width=width, style=style),
            symbol=marker,
            symbolSize=9,
            symbolBrush=colour,
            symbolPen=colour,
            name=series.name,
        )
        self.addItem(line)
        held = [p for p in points if p.figure.value is not None]
        tips = []
        for p in held:
            gap = h.break_at(p.x, series)
            note = f"\n{gap.note[0].upper()}{gap.note[1:]}." if gap else ""
            tips.append(
                f"{series.name}, {p.figure.year}: {fmt(p.figure.value)}{note}\n"
                f"{p.figure.source} ({p.figure.release})"
            )
        self.addItem(
            pg.ScatterPlotItem(
                [p.x for p in held],
                [p.figure.value for p in held],
                size=14,
                brush=(0, 0, 0, 0),
                pen=None,
                hoverable=True,
                tip=_tip,
                data=tips,
            )
        )
        return line

    def _target_line(self, line, fmt) -> None:
        xs = list(range(line.start.x, line.end_x + 1))
        ys = [line.expected(x) for x in xs]
        self.addItem(pg.PlotDataItem(xs, ys, pen=pg.mkPen(TARGET_COLOUR, width=2, style=DOT)))
        tips = [
            f"Trajectory to {line.target.summary}: {fmt(y)} in {summer_label(x)}"
            for x, y in zip(xs, ys, strict=True)
        ]
        self.addItem(
            pg.ScatterPlotItem(
                xs, ys, size=10, brush=(0, 0, 0, 0), pen=None, hoverable=True, tip=_tip, data=tips
            )
        )

    @staticmethod
    def _target_legend_item():
        return pg.PlotDataItem(
            [0],
            [0],
            pen=pg.mkPen(TARGET_COLOUR, width=2, style=DOT),
            symbol="star",
            symbolBrush=TARGET_COLOUR,
            symbolPen="#7a5500",
        )


class ComparisonChart(_Chart):
    """Every city school on one measure: other schools in grey, this school highlighted.

    Other schools are drawn as one curve (broken between schools), so a redraw with every
    city school over ten years stays quick; the items are made once and only their data
    changes.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.others = pg.PlotDataItem(
            pen=pg.mkPen(OTHER_SCHOOLS, width=1), connect="finite", name="Other city schools"
        )
        self.city = pg.PlotDataItem(
            pen=pg.mkPen(STYLES[CITY][0], width=2.5),
            symbol="s",
            symbolSize=8,
            symbolBrush=STYLES[CITY][0],
            name="Stoke-on-Trent (all pupils)",
        )
        self.mine = pg.PlotDataItem(
            pen=pg.mkPen(STYLES["school"][0], width=3),
            symbol="o",
            symbolSize=10,
            symbolBrush=STYLES["school"][0],
            name="This school",
        )
        self.dots = pg.ScatterPlotItem(
            size=6, brush=OTHER_SCHOOLS, pen=None, hoverable=True, tip=_tip
        )
        for item in (self.others, self.dots, self.city, self.mine):
            self.addItem(item)

    def show_comparison(self, c: Comparison, urn: int | None, name: str = "This school") -> None:
        fmt = c.measure.format
        xs, ys, tips, dot_x, dot_y = [], [], [], [], []
        mine = None
        for school in c.schools:
            if school.urn == urn:
                mine = school
                continue
            years = sorted(school.points)
            for x in years:
                dot_x.append(x)
                dot_y.append(school.points[x])
                tips.append(f"{school.name}, {summer_label(x)}: {fmt(school.points[x])}")
            xs += [*years, np.nan]
            ys += [*(school.points[x] for x in years), np.nan]
        self.others.setData(np.array(xs, dtype=float), np.array(ys, dtype=float))
        self.dots.setData(dot_x, dot_y, data=tips)
        city = [(p.x, p.figure.value) for p in c.city.points if p.figure.value is not None]
        city = [(x, v) for x, v in city if not c.years or min(c.years) <= x <= max(c.years)]
        self.city.setData([x for x, _ in city], [v for _, v in city])
        if mine is not None:
            years = sorted(mine.points)
            self.mine.setData(years, [mine.points[x] for x in years])
        else:
            self.mine.setData([], [])
        kind = f"city {c.phase} schools" if c.phase else "city schools"
        self.legend.clear()
        self.legend.addItem(self.others, f"Other {kind}")
        self.legend.addItem(self.city, "Stoke-on-Trent (all pupils)")
        self.legend.addItem(self.mine, name)
        self._axes(c.years, c.measure.unit, f"{c.measure.label}: every city school")
