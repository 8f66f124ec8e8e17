"""Where a measure is heading: the projection to the target year on a chart and in words.

On the chart, a dashed line from the last figure to the target year in the series' own colour,
inside a shaded band (the likely range); under the chart, one sentence per series ("At the
present rate the city reaches 67.0% by 2027, short of its 75% target; …"), or why none is
drawn. The fit runs on the window's thread pool (statsmodels is imported there, once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel, QWidget

from stoke_governor.measures.city_projection import (
    SeriesProjection,
    history_projections,
    projectable,
)
from stoke_governor.measures.projection import METHOD, Projection
from stoke_governor.ui.common.worker import Task, start, window_pool

if TYPE_CHECKING:
    from stoke_governor.measures.trends import History

WORKING = "Working out where the figures are heading at the present rate…"
BAND_ALPHA = 45


def chosen(projections: list[SeriesProjection]) -> list[SeriesProjection]:
    """One projection per series, to the nearest target still ahead of its last figure (the
    one the status is judged by); a series with none drawn keeps the reason why."""
    out: dict[str, SeriesProjection] = {}
    for sp in projections:
        held = out.get(sp.key)
        if held is None or (sp.drawn and not held.drawn):
            out[sp.key] = sp
    return list(out.values())


def draw(chart, projections: list[SeriesProjection], h: History) -> None:
    """Add the chosen projections to a TrendChart already showing `h`, and widen its years."""
    import pyqtgraph as pg

    from stoke_governor.ui.measures.charts import DASH, STYLES, _tip

    xs = set(h.years) | {x for t in h.trajectories for x in (t.start.x, t.end_x)}
    for sp in chosen(projections):
        p = sp.outcome
        if not isinstance(p, Projection):
            continue
        colour = STYLES.get(sp.key, STYLES["school"])[0]
        series = h.school if sp.key == "school" else next(s for s in h.areas if s.key == sp.key)
        last_x, last_v = series.values()[-1]
        path = p.shown_path
        years = [x for x, *_ in path]
        mid = [last_v] + [v for _, v, _, _ in path[1:]]
        low = [last_v] + [lo for _, _, lo, _ in path[1:]]
        high = [last_v] + [hi for _, _, _, hi in path[1:]]
        lower, upper = pg.PlotCurveItem(years, low), pg.PlotCurveItem(years, high)
        colour_rgb = pg.mkColor(colour)
        colour_rgb.setAlpha(BAND_ALPHA)
        band = pg.FillBetweenItem(lower, upper, brush=colour_rgb)
        band.setZValue(-10)
        chart.addItem(band)
        line = pg.PlotDataItem(years, mid, pen=pg.mkPen(colour, width=2, style=DASH))
        line.setZValue(-5)
        chart.addItem(line)
        tip = f"{sp.sentence}\n\n{METHOD}"
        chart.addItem(
            pg.ScatterPlotItem(
                [p.target_x],
                [p.shown(p.value)],
                symbol="o",
                size=9,
                brush="w",
                pen=pg.mkPen(colour, width=2),
                hoverable=True,
                tip=_tip,
                data=[tip],
            )
        )
        chart.legend.addItem(line, f"{series.name}: projection and likely range")
        xs |= {last_x, p.target_x}
    if xs:
        chart._axes(sorted(xs), h.measure.unit, chart.title)


class ProjectionNote(QLabel):
    """The sentences under a chart; the method on hover. Works on the given pool."""

    def __init__(self, pool: QThreadPool | None = None, parent: QWidget | None = None):
        super().__init__(parent, objectName="projectionNote")
        self.pool = pool if pool is not None else window_pool(self)
        self.setWordWrap(True)
        self.setAccessibleName("Projection to the target year")
        self.setToolTip(METHOD)
        self.task: Task | None = None
        self.projections: list[SeriesProjection] = []
        self._turn = 0  # a result for an earlier measure is dropped
        self.hide()

    def clear(self) -> None:
        self._turn += 1
        self.projections = []
        self.setText("")
        self.setToolTip(METHOD)
        self.hide()

    def show_history(self, h: History, chart=None) -> None:
        """Work out the projections for `h`, then say them (and draw them on `chart`)."""
        self.clear()
        if h.special or not any(projectable(t) for t in h.targets):
            return
        turn = self._turn
        self.setText(WORKING)
        self.show()

        def work(_progress, _cancelled):
            return history_projections(h)

        self.task = start(
            self.pool,
            work,
            finished=lambda found: self._done(turn, found, h, chart),
            failed=lambda message, _details: self._failed(turn, message),
            owner=self,
        )

    def _done(self, turn: int, found: list[SeriesProjection], h: History, chart) -> None:
        if turn != self._turn:
            return
        self.task = None
        self.projections = found
        lines = [sp.sentence for sp in chosen(found)]
        if not lines:
            self.clear()
            return
        self.setText("\n".join(lines))
        others = [sp.sentence for sp in found if sp.sentence not in lines]
        more = "\n\nOther targets:\n" + "\n".join(others) if others else ""
        self.setToolTip(f"{METHOD}{more}")
        if chart is not None:
            draw(chart, found, h)

    def _failed(self, turn: int, message: str) -> None:
        if turn == self._turn:
            self.task = None
            self.setText(f"No projection could be worked out: {message}")
