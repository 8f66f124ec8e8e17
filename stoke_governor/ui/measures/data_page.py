"""The Data page: one measure charted over the years, or across every city school (the two
views are drawn by `data_views`).

The chart module (pyqtgraph, numpy) is imported the first time the page is shown, so
the app starts as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.measures.catalogue import Measure, catalogue, phase_key_of
from stoke_governor.measures.trends import (
    Comparison,
    History,
    city_comparison,
    history,
    measures_held,
)
from stoke_governor.schools.register import School
from stoke_governor.ui.common.text_table import TextTableModel
from stoke_governor.ui.common.widgets import fill, hbox, heading, row_table, splitter, vbox
from stoke_governor.ui.measures.data_views import CITY_VIEW, TRENDS, DataViews
from stoke_governor.ui.measures.find_measure import MeasureFinder
from stoke_governor.ui.measures.projection_view import ProjectionNote

if TYPE_CHECKING:
    from stoke_governor.db.store import Store
    from stoke_governor.ui.measures.chart_picture import Caption

FAMILIES = {
    "eyfs": "Early years",
    "phonics": "Phonics",
    "ks2": "Key stage 2 (age 11)",
    "ks4": "Key stage 4 (GCSEs, age 16)",
    "ks5": "Sixth form (age 18)",
    "census": "Pupils",
    "absence": "Attendance",
    "destinations": "After Year 11",
}


class DataPage(DataViews, QWidget):
    title = "School data"
    import_requested = Signal()
    template_requested = Signal()
    challenge_requested = Signal(str)  # a measure code: record a challenge about it

    def __init__(
        self, store: Store, pool: QThreadPool | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.store = store
        self.projection = ProjectionNote(pool, self)  # where the figures are heading
        self.school: School | None = None
        self._stale = False  # a school to show once the page is visible
        self.charts: QStackedWidget | None = None
        self.history: History | None = None
        self.comparison: Comparison | None = None
        self.sources = ""  # the chart's sources, as a saved picture of it says them
        self.heading = heading("School data", name="dataHeading")
        self.finder = MeasureFinder(self)  # before the measure list: first on Tab
        self.finder.chosen.connect(self.set_measure)
        self.measure_box = QComboBox(objectName="measureChoice")
        self.measure_box.setAccessibleName("Measure to chart")
        self.measure_box.setMinimumContentsLength(40)
        measure_label = QLabel("&Measure:")
        measure_label.setBuddy(self.measure_box)
        self.trend_button = QRadioButton("Over the &years")
        self.city_button = QRadioButton("All &city schools")
        self.trend_button.setChecked(True)
        self.views = QButtonGroup(self)
        self.views.addButton(self.trend_button, TRENDS)
        self.views.addButton(self.city_button, CITY_VIEW)
        self.status = QLabel(objectName="trackStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setMargin(6)
        self.status.setAccessibleName("Status against the city's target")
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.table_model = TextTableModel(self)
        self.table = row_table(self.table_model, "The chart's figures", name="dataTable")
        self.source_note = QLabel(objectName="sourceNote")
        self.source_note.setWordWrap(True)
        split = splitter((self.chart_holder, 3), (self.table, 2))
        split.setSizes([640, 420])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.import_button = QPushButton("&Import data…")
        self.import_button.setToolTip(
            "Add DfE downloads (performance tables, LAIT, GIAS, explore education "
            "statistics) or a filled-in school data template."
        )
        self.template_button = QPushButton("Make a data &template…")
        self.template_button.setToolTip(
            "A workbook for figures the DfE does not publish per school (early years, "
            "phonics, this year's attendance), to fill in and import."
        )
        self.save_button = QPushButton("&Save chart as picture…")
        self.save_button.setToolTip(
            "A PNG picture of the chart for papers or slides, with its title, the years, "
            "the status and the sources written on it."
        )
        self.challenge_button = QPushButton("&Raise a challenge about this measure…")
        self.challenge_button.setToolTip(
            "Record a question for the school's leaders about this measure, with its figure, "
            "target and status kept as they stand today."
        )
        self.challenge_button.clicked.connect(
            lambda: self.current_code() and self.challenge_requested.emit(self.current_code())
        )
        self.import_button.clicked.connect(self.import_requested)
        self.template_button.clicked.connect(self.template_requested)
        self.save_button.clicked.connect(self.ask_save_png)

        choose = hbox(measure_label, (self.measure_box, 1))
        choose.addSpacing(12)
        fill(choose, self.trend_button, self.city_button)
        buttons = hbox(
            self.import_button, self.template_button, 1, self.challenge_button, self.save_button
        )
        top = hbox((self.heading, 1), self.finder)
        parts = (self.status, (split, 1), self.projection, self.source_note, buttons)
        vbox(top, choose, *parts, parent=self)
        self.measure_box.currentIndexChanged.connect(self.refresh)
        self.views.idToggled.connect(lambda _id, on: on and self.refresh())

    # -- what to show ---------------------------------------------------------
    def show_school(self, school: School) -> None:
        """Show a school's data; while the page is hidden, only remember it (fast start)."""
        self.school = school
        self.heading.setText(f"School data — {school.name}")
        self._stale = not self.isVisible()
        if not self._stale:
            self._fill_measures()

    def _fill_measures(self) -> None:
        school = self.school
        self._stale = False
        held = measures_held(self.store, school.urn)
        current = self.current_code()
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        family, offered = None, self._offered(catalogue(self.store, "school").values(), held)
        self.finder.set_measures(offered)
        for m in offered:
            if m.family != family and self.measure_box.count():
                self.measure_box.insertSeparator(self.measure_box.count())
            family = m.family
            note = "" if m.code in held else " (no figures for this school yet)"
            self.measure_box.addItem(f"{FAMILIES.get(m.family, m.family)}: {m.label}{note}", m.code)
        index = self.measure_box.findData(current) if current else -1
        if index < 0:
            headline = {m.code for m in catalogue(self.store, "school").values() if m.headline}
            index = next(
                (
                    i
                    for i in range(self.measure_box.count())
                    if self.measure_box.itemData(i) in held & headline
                ),
                0,
            )
        self.measure_box.setCurrentIndex(index)
        self.measure_box.blockSignals(False)
        self.refresh()

    def _offered(self, measures, held: set[str]) -> list[Measure]:
        phase = phase_key_of(self.school.phase if self.school else None)
        out = []
        for m in measures:
            other_phase = phase and m.phase in ("primary", "secondary") and m.phase != phase
            if m.code in held or (m.headline and not other_phase):
                out.append(m)
        return out

    def current_code(self) -> str | None:
        return self.measure_box.currentData()

    def set_measure(self, code: str) -> bool:
        if self._stale:
            self._fill_measures()
        index = self.measure_box.findData(code)
        if index >= 0:
            self.measure_box.setCurrentIndex(index)
        return index >= 0

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.charts is None:
            self._make_charts()
            if not self._stale:
                self.refresh()
        if self._stale and self.school is not None:
            self._fill_measures()

    def _make_charts(self) -> None:
        from stoke_governor.ui.measures.charts import ComparisonChart, TrendChart

        self.charts = QStackedWidget()
        self.trend_chart, self.city_chart = TrendChart(), ComparisonChart()
        for chart in (self.trend_chart, self.city_chart):
            chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside holds the numbers
        self.trend_chart.setAccessibleName("Chart of the measure over the years")
        self.city_chart.setAccessibleName("Chart of every city school on this measure")
        self.charts.addWidget(self.trend_chart)
        self.charts.addWidget(self.city_chart)
        self.chart_holder.layout().addWidget(self.charts)

    def refresh(self) -> None:
        code = self.current_code()
        if self.school is None or code is None:
            return
        if self.views.checkedId() == CITY_VIEW:
            self.comparison = city_comparison(self.store, code, self.school.phase)
            self._show_comparison(self.comparison)
        else:
            self.history = history(
                self.store, self.school.urn, code, self.school.phase, self.school.name
            )
            self._show_history(self.history)

    # -- export -----------------------------------------------------------------
    def picture_caption(self) -> Caption:
        """What a saved picture of the chart says: school – measure, status, sources."""
        from stoke_governor.ui.measures.chart_picture import page_caption

        return page_caption(self)

    def ask_save_png(self) -> None:
        from stoke_governor.ui.measures.chart_picture import ask_save

        ask_save(self)

    def save_png(self, path: str) -> bool:
        from stoke_governor.ui.measures.chart_picture import save_picture

        chart = self.charts.currentWidget() if self.charts else None
        return bool(chart and save_picture(chart, self.picture_caption(), path))
