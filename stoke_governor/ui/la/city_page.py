"""The LA's City picture: every open city school, whether its board has returned its
self-evaluation, how the board rates itself, the risk flag by the written rule, and the
school's category (`la.categories`), most serious first.

Enter or double-click on a school (or View return…) opens its return. Beside the table,
the distribution of boards' own ratings in one section, with the same numbers in a table.
The city report (XLSX or PDF) is written off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.settings import EXPORT_FOLDER
from stoke_governor.ui.common.user_settings import last_folder, remember_folder
from stoke_governor.ui.common.widgets import heading, row_table
from stoke_governor.ui.la.city_chart import DistributionPanel
from stoke_governor.ui.la.city_table import (
    CATEGORY,
    FILTERS,
    CityFilter,
    CityModel,
)
from stoke_governor.ui.la.city_words import category_counts, category_line, headline, why

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

EMPTY = (
    "No returns imported yet: choose Import returns… in the File menu, or drop the "
    "return files on this window."
)
HINT = (
    "Select a school and press Enter (or double-click it) to read its return; hover "
    "over a risk flag or a category to see the rule and this school's reasons. Schools are "
    "listed most serious category first."
)


def _year_before(store, picture):
    """The city picture of the year before `picture`'s, to show beside it."""
    from stoke_governor.la.city import city_picture
    from stoke_governor.la.trend import previous_year

    return city_picture(store, previous_year(picture.year))


class CityPage(QWidget):
    title = "City picture"
    changed = Signal()  # never emitted: the page only reads (the LA window's contract)
    import_requested = Signal()  # the window opens its Import returns… chooser

    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.picture = None
        self.pool = pool  # the window's: exports run on it
        self.exports = None
        self.return_view = None
        self.wanted_year: str | None = None  # shown at the next refresh (the year imported)
        self.heading = heading("City picture", name="cityHeading", scale=1.4)
        self.headline = QLabel(objectName="cityHeadline", wordWrap=True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(HINT, objectName="cityHint", wordWrap=True)
        self.import_button = QPushButton("&Import returns…")
        self.import_button.clicked.connect(lambda: self.import_requested.emit())
        self.import_button.setToolTip(
            "Choose the return files (or a folder of them) that "
            "boards sent; you see what will happen first"
        )
        self.year = QComboBox(objectName="cityYear")
        self.year.setAccessibleName("Academic year shown")
        self.year.activated.connect(lambda _i: self.refresh())
        self.year_label = QLabel("&Year:")
        self.year_label.setBuddy(self.year)
        self.show_only = QComboBox(objectName="cityFilter")
        self.show_only.setAccessibleName("Show which schools")
        for text, value in FILTERS:
            self.show_only.addItem(text, value)
        self.show_only.currentIndexChanged.connect(self._filter)
        self.search = QLineEdit(objectName="citySearch", placeholderText="School name or URN")
        self.search.setAccessibleName("Search by school name or URN")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.model = CityModel(self)
        self.proxy = CityFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = row_table(
            self.proxy,
            "Every open city school: its return, ratings and risk",
            name="cityTable",
            single=True,
            read_only=True,
            alternate=True,
            tab_moves_on=True,
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CATEGORY, Qt.SortOrder.AscendingOrder)  # most serious first
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(lambda _index: self.view_return())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.shown = QLabel(objectName="cityShown")
        self.why = QLabel(objectName="cityWhy", wordWrap=True)  # the selected school's flag
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.category_why = QLabel(objectName="cityCategoryWhy", wordWrap=True)
        self.category_why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.categories = QLabel(objectName="cityCategories", wordWrap=True)
        self.placed: list = []  # la.categories.Placed, most serious first
        self.view_button = QPushButton("&View return…", clicked=self.view_return)
        self.view_button.setToolTip(
            "The selected school's return: cover, ratings with "
            "evidence, actions, board and training, history"
        )
        self.xlsx_button = QPushButton(
            "Export city report (E&xcel)…", clicked=lambda: self.export_report("xlsx")
        )
        self.pdf_button = QPushButton(
            "Export city report (&PDF)…", clicked=lambda: self.export_report("pdf")
        )
        for b in (self.xlsx_button, self.pdf_button):
            b.setToolTip("The city summary for the Education Improvement Partnership Board")
        self.chart = DistributionPanel()
        self._layout()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.year_label)
        filters.addWidget(self.year)
        show_label = QLabel("Sh&ow:")
        show_label.setBuddy(self.show_only)
        filters.addWidget(show_label)
        filters.addWidget(self.show_only)
        search_label = QLabel("Sea&rch:")
        search_label.setBuddy(self.search)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.shown, 1)
        for b in (self.view_button, self.xlsx_button, self.pdf_button):
            buttons.addWidget(b)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(filters)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.category_why)
        ll.addWidget(self.why)
        ll.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        # the chart scrolls in its pane, so a small screen keeps room for the schools
        chart_pane = QScrollArea(widgetResizable=True, objectName="cityChartPane")
        chart_pane.setFrameShape(QFrame.Shape.NoFrame)
        chart_pane.setWidget(self.chart)
        chart_pane.setMinimumHeight(120)
        split.addWidget(chart_pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 230])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        layout.addWidget(self.categories)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)

    # -- showing -------------------------------------------------------------------------
    def show_school(self, _school=None) -> None:
        """The LA's pages show the whole city; kept for the window's page contract."""
        self.refresh()

    def show_year(self, year: str | None) -> None:
        """Show this academic year (the year of returns just imported) at the next refresh,
        which the window makes when the page is in front or next shown."""
        if year:
            self.wanted_year = year

    def refresh(self) -> None:
        """Read the picture again (returns may have been imported since)."""
        from stoke_governor.la.categories import categorise, rule_text
        from stoke_governor.la.city import city_picture
        from stoke_governor.la.returns.held import years_held
        from stoke_governor.la.returns.refusals import refusal_years
        from stoke_governor.la.risk import RISK_RULE

        held = years_held(self.store) + refusal_years(self.store)
        years = sorted({y for y in held if y}, reverse=True)
        chosen = self.wanted_year or self.year.currentData()
        self.wanted_year = None
        self.year.clear()
        for y in years:
            self.year.addItem(y, y)
        if chosen in years:
            self.year.setCurrentIndex(years.index(chosen))
        for w in (self.year, self.year_label):
            w.setVisible(len(years) > 1)
        urn = self._selected_urn()
        self.picture = city_picture(self.store, self.year.currentData())
        self.placed = categorise(self.store, self.picture)
        self.model.set_picture(self.picture, RISK_RULE, self.placed, rule_text())
        self.categories.setText(category_counts(self.placed))
        self.chart.set_picture(self.picture, before=_year_before(self.store, self.picture))
        returned = any(r.returned or r.refusal for r in self.picture.rows)
        self.headline.setText(headline(self.picture) if returned else EMPTY)
        self.hint.setVisible(returned)
        self.import_button.setVisible(not returned)
        font = self.headline.font()
        font.setBold(not returned)  # the next step stands out on an empty page
        self.headline.setFont(font)
        self._fit_columns()
        self._filter()
        self._select(urn)

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), 240))

    def _filter(self) -> None:
        self.proxy.set_filter(self.show_only.currentData(), self.search.text())
        n, total = self.proxy.rowCount(), self.model.rowCount()
        self.shown.setText(
            f"Showing {n} of {total} schools" if n != total else f"{total} open schools"
        )
        self._enable()

    def _enable(self) -> None:
        s = self._selected()
        self.view_button.setEnabled(s is not None)
        self.why.setText(why(s) if s is not None else "")
        placed = self.model.placed.get(s.urn) if s is not None else None
        self.category_why.setText(category_line(placed))
        self.table.setAccessibleDescription(f"{self.category_why.text()} {self.why.text()}".strip())
        returned = self.picture is not None and any(
            r.returned or r.refusal for r in self.picture.rows
        )
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(returned)

    def _selected(self):
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def _selected_urn(self) -> int | None:
        s = self._selected()
        return s.urn if s is not None else None

    def _select(self, urn: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            if self.model.row_at(source).urn == urn:
                self.table.selectRow(row)
                return
        if self.proxy.rowCount() and urn is None:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._enable()

    def select_school(self, urn: int) -> bool:
        """Select a school in the table (clearing the filter if it hides it)."""
        if self.proxy.rowCount() and urn not in self._shown_urns():
            self.search.clear()
            self.show_only.setCurrentIndex(0)
        self._select(urn)
        return self._selected_urn() == urn

    def _shown_urns(self) -> set[int]:
        return {
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row()).urn
            for r in range(self.proxy.rowCount())
        }

    # -- drilling in ---------------------------------------------------------------------
    def view_return(self):
        """Open the selected school's return (or what to do when there is none)."""
        from stoke_governor.ui.la.return_view import ReturnView

        s = self._selected()
        if s is None:
            return None
        if self.return_view is not None:
            self.return_view.close()
        view = ReturnView(
            self.store, s.received_id, self, urn=s.urn, year=self.picture.year, risk=s.risk
        )
        view.finished.connect(view.deleteLater)
        self.return_view = view
        view.open()
        return view

    # -- the city report -----------------------------------------------------------------
    def export_report(self, fmt: str, path: str | None = None):
        """The city summary as XLSX or PDF, saved where the user says, off the GUI thread."""
        from stoke_governor.reports.common import Exported

        year = self.picture.year if self.picture else None
        title = f"Export city report ({'Excel' if fmt == 'xlsx' else 'PDF'})"
        if path is None:
            folder = last_folder(EXPORT_FOLDER, self.store)
            name = f"Stoke-on-Trent_governance_{year or dt.date.today().year}.{fmt}"
            pattern = "Excel workbook (*.xlsx)" if fmt == "xlsx" else "PDF document (*.pdf)"
            path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), pattern)
            if not path:
                return None
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
            remember_folder(EXPORT_FOLDER, Path(path).parent)
        store = self.store

        def work(_progress, _cancelled):
            from stoke_governor.reports.city_export import export_city_report

            out = export_city_report(store, path, year=year)
            return Exported(Path(out), f"Saved the city report for {year} to {out}.")

        return self.runner().run(title, work)

    def runner(self):
        """The page's export runner (one export at a time), made when first needed."""
        from stoke_governor.ui.common.export_runner import ExportRunner

        if self.exports is None:
            self.exports = ExportRunner(self.pool, self)
        return self.exports
