"""The LA's City measures: each city measure with a dated target, where it stands and where it
is heading at the present rate ("without interventions"), with the likely range.

The table lists every target; selecting one charts the city's series beside England and the
West Midlands with the target, its trajectory and the projection. The projections are worked
out on the window's thread pool (statsmodels is imported there, the first time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from stoke_governor.measures.city_projection import (
    CityProjection,
    city_history,
    city_projections,
    history_projections,
)
from stoke_governor.measures.projection import METHOD
from stoke_governor.ui.common.column_fit import ColumnFit
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import hbox, heading, row_table, splitter, vbox
from stoke_governor.ui.common.worker import Task, start

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

INTRO = (
    "Each city measure with a dated target: the city's latest figure, the target, and where "
    "the figures are heading at the present rate, without interventions. Select a measure to "
    "see its chart."
)
HEADER = ["Measure", "Target", "Latest figure", "At the present rate", "Likely range"]
MEASURE, TARGET = 0, 1
TARGET_CHARS = 30  # the target takes the width the others leave, never less than this


class CityMeasuresPage(QWidget):
    title = "City measures"
    changed = Signal()  # never emitted: the page only reads (the LA window's contract)

    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.pool = pool
        self.task: Task | None = None
        self.rows: list[CityProjection] = []
        self.charted: dict[str, tuple] = {}  # measure code → (History, projections)
        self.chart = None  # made with the first result (pyqtgraph is imported then)
        self.heading = heading("City measures", name="measuresHeading", scale=1.4)
        self.intro = QLabel(INTRO, objectName="measuresIntro", wordWrap=True)
        self.model = TextTableModel(self)
        self.table = row_table(
            self.model,
            "City measures against their targets",
            name="measuresTable",
            single=True,
            read_only=True,
            tab_moves_on=True,
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chart_current())
        # at 1024×600 the other columns give way (the whole text on hover): no sideways scroll
        self.columns = ColumnFit(
            self.table, HEADER, TARGET, TARGET_CHARS, caps={MEASURE: 36}, whole=(2, 3)
        )
        self.sentence = QLabel(objectName="measuresSentence", wordWrap=True)
        self.sentence.setAccessibleName("Where the selected measure is heading")
        self.method = QLabel(f"How: {METHOD}", objectName="measuresMethod", wordWrap=True)
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.copy_button = QPushButton("&Copy the sentences", clicked=self.copy_sentences)
        self.copy_button.setToolTip(
            "Every measure's sentence and how the projections are worked out, to paste into "
            "a paper for the Partnership Board"
        )
        split = splitter((self.table, 2), (self.chart_holder, 3), vertical=True)
        parts = (self.sentence, self.method, hbox(1, self.copy_button))
        vbox(self.heading, self.intro, (split, 1), *parts, parent=self)

    def refresh(self) -> None:
        """Work the projections out afresh (the window calls this whenever the page shows)."""
        if self.task is not None:
            return
        self.sentence.setText("Working out where each measure is heading…")
        store = self.store

        def work(_progress, _cancelled):
            rows = city_projections(store)
            charted = {}
            for row in rows:
                if row.measure.code not in charted:
                    h = city_history(store, row.measure.code)
                    charted[row.measure.code] = (h, history_projections(h))
            return rows, charted

        self.task = start(self.pool, work, finished=self._show, failed=self._failed)

    def _failed(self, message: str, _details: str) -> None:
        self.task = None
        self.sentence.setText(f"The projections could not be worked out: {message}")

    def _show(self, found) -> None:
        self.task = None
        self.rows, self.charted = found
        rows = []
        for r in self.rows:
            tip = r.sentence
            rows.append(
                [
                    Cell(r.name, f"{r.measure.code}. {r.target.citation}"),
                    Cell(r.target.summary, f"“{r.target.passage}”"),
                    Cell(r.latest_text, "", True),
                    Cell(r.projected_text, tip, True),
                    Cell(r.range_text or r.outcome.reason, tip),
                ]
            )
        current = self.table.currentIndex().row()
        self.model.set_rows(HEADER, rows)
        self.columns.refit()
        if not rows:
            self.sentence.setText("No city target has a figure and a year to project to.")
            return
        self.table.selectRow(current if 0 <= current < len(rows) else 0)
        self._chart_current()

    def _chart_current(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.rows):
            return
        chosen = self.rows[row]
        self.sentence.setText(chosen.sentence)
        h, projections = self.charted[chosen.measure.code]
        if self.chart is None:
            from stoke_governor.ui.measures.charts import TrendChart

            self.chart = TrendChart()
            self.chart.setAccessibleName("Chart of the selected city measure")
            self.chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table has the numbers
            self.chart_holder.layout().addWidget(self.chart)
        from stoke_governor.ui.measures.projection_view import draw

        self.chart.show_history(h, f"{h.measure.label}: Stoke-on-Trent")
        mine = [p for p in projections if p.target.id == chosen.target.id]
        draw(self.chart, mine, h)

    def sentences(self) -> str:
        """Every target's sentence, then how they were worked out."""
        lines = [f"{r.name} ({r.target.summary}): {r.sentence}" for r in self.rows]
        return "\n".join([*lines, "", f"How: {METHOD}"]) if lines else ""

    def copy_sentences(self) -> None:
        QApplication.clipboard().setText(self.sentences())
